package org.provmr.mapreduce;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * Reads the output of a provenance job as plain key/value pairs: each header is skipped by its
 * length prefix, never decoded, so the consumer pays only the skip. A ProvenanceMapper reading
 * through it still gets exact upstream DataIDs. Files an output's lineage store does not list
 * fail the job, as with {@link ProvenanceInputFormat}.
 */
public class PayloadInputFormat<K extends Writable, V extends Writable> extends FileInputFormat<K, V> {

  /** The files FileInputFormat lists, each of which must be a part its output's store lists. */
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    return ListedParts.check(job.getConfiguration(),
        SubstreamParts.expand(job.getConfiguration(), super.listStatus(job)));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return (RecordReader) new ProvenanceRecordReader<K, V>(true);
  }
}
