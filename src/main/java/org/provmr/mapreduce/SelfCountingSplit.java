package org.provmr.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.SplitLocationInfo;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A capture job's file split as Hadoop's MapTask sees it: the user's {@link FileSplit}, inside
 * a split that is not one, so that MapTask does not walk the file system statistics around
 * every record read ({@link SelfCountingInputFormat}). Everything else sees the FileSplit:
 * the record reader, the mapper's {@code context.getInputSplit()}, the source manifest.
 *
 * <p>Written into the job's split file at submission and read back by the task (and by
 * {@link JobSplits} at commit), as Hadoop does any Writable split: the inner split's class
 * name, then its own bytes. The split file is the submitter's, in the job's staging
 * directory, not data of an output.
 */
public final class SelfCountingSplit extends InputSplit implements Writable, Configurable {
  private Configuration conf;
  private FileSplit inner;

  /** For Hadoop's deserialization of the split file. */
  public SelfCountingSplit() {
  }

  SelfCountingSplit(FileSplit inner) {
    this.inner = inner;
  }

  /** The FileSplit a self-counting split carries; any other split as it is. */
  public static InputSplit inner(InputSplit split) {
    return split instanceof SelfCountingSplit ? ((SelfCountingSplit) split).inner : split;
  }

  FileSplit fileSplit() {
    return inner;
  }

  @Override
  public long getLength() throws IOException {
    return inner.getLength();
  }

  @Override
  public String[] getLocations() throws IOException {
    return inner.getLocations();
  }

  @Override
  public SplitLocationInfo[] getLocationInfo() throws IOException {
    return inner.getLocationInfo();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, inner.getClass().getName());
    inner.write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    String name = Text.readString(in);
    Class<?> c;
    try {
      // The job's class loader, as MapTask uses for the split's own class name.
      c = conf != null ? conf.getClassByName(name) : Class.forName(name);
    } catch (ClassNotFoundException e) {
      throw new IOException("The job's split file names split class " + name
          + ", which is not on the task's class path", e);
    }
    if (!FileSplit.class.isAssignableFrom(c)) {
      throw new IOException("The job's split file names " + name + " inside a "
          + SelfCountingSplit.class.getSimpleName() + ", which is not a FileSplit");
    }
    inner = (FileSplit) ReflectionUtils.newInstance(c, conf);
    inner.readFields(in);
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  /** As the FileSplit prints: MapTask logs "Processing split: " with it. */
  @Override
  public String toString() {
    return String.valueOf(inner);
  }
}
