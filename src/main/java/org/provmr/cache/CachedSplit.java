package org.provmr.cache;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.provmr.mapreduce.SourceIdentifiedSplit;

/**
 * A split of a recompute sub-job whose map output may come from a cache entry. It is still the
 * original file range with its source id, so that a task whose entry turns out unusable maps
 * it as if there were no cache.
 */
public class CachedSplit extends FileSplit implements SourceIdentifiedSplit {
  private int sourceId;
  private String entry;

  /** For Hadoop's deserialization. */
  public CachedSplit() {
  }

  CachedSplit(int sourceId, Path file, long start, long length, String entry) {
    super(file, start, length, new String[0]);
    this.sourceId = sourceId;
    this.entry = entry;
  }

  @Override
  public int sourceId() {
    return sourceId;
  }

  /** The cache entry expected to hold this split's map output. */
  public String entry() {
    return entry;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    super.write(out);
    out.writeInt(sourceId);
    Text.writeString(out, entry);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    sourceId = in.readInt();
    entry = Text.readString(in);
  }

  @Override
  public String toString() {
    return super.toString() + " (source " + sourceId + ", cached as " + entry + ")";
  }
}
