package org.provmr.recompute.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.provmr.header.Varints;
import org.provmr.mapreduce.SourceIdentifiedSplit;

/**
 * A FileSplit that keeps the source id it has in a lineage store's manifest, so that a
 * recompute sub-job re-reading it stamps its records with the original id (and not with the
 * sub-job's own task index).
 */
public class ManifestSplit extends FileSplit implements SourceIdentifiedSplit {
  private int sourceId;

  /** For Hadoop's deserialization. */
  public ManifestSplit() {
  }

  public ManifestSplit(int sourceId, Path file, long start, long length) {
    super(file, start, length, new String[0]);
    this.sourceId = sourceId;
  }

  @Override
  public int sourceId() {
    return sourceId;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    Varints.writeUnsigned(out, sourceId);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    sourceId = (int) Varints.readUnsigned(in);
  }

  @Override
  public String toString() {
    return super.toString() + " (source " + sourceId + ")";
  }
}
