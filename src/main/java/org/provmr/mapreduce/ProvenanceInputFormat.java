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
 * Reads the output of a provenance job: the original key, and a {@link ProvenanceWritable}
 * holding the payload value and (decoded on demand) its header. Splits at SequenceFile sync
 * points; the {@code _provenance} directory is skipped like any underscore path. A file in an
 * output directory that the output's lineage store does not list fails the job before it
 * starts, naming the file (see {@link ListedParts}).
 *
 * <p>A job that only wants the payload uses {@link PayloadInputFormat}.
 */
public class ProvenanceInputFormat<K extends Writable, V extends Writable>
    extends FileInputFormat<K, ProvenanceWritable<V>> {

  /** The files FileInputFormat lists, each of which must be a part its output's store lists. */
  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    return ListedParts.check(job.getConfiguration(),
        SubstreamParts.expand(job.getConfiguration(), super.listStatus(job)));
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public RecordReader<K, ProvenanceWritable<V>> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return (RecordReader) new ProvenanceRecordReader<K, V>(false);
  }
}
