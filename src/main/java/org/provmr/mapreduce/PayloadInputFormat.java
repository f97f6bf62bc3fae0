package org.provmr.mapreduce;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Reads the output of a provenance job as plain key/value pairs: each header is skipped by its
 * length prefix, never decoded, so the consumer pays only the skip. A ProvenanceMapper reading
 * through it still gets exact upstream DataIDs.
 */
public class PayloadInputFormat<K extends Writable, V extends Writable> extends FileInputFormat<K, V> {

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return (RecordReader) new ProvenanceRecordReader<K, V>(true);
  }
}
