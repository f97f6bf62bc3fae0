package org.provmr.validate;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.util.StringUtils;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator's input: the sweep is planned from the lineage stores when the job is
 * submitted (as FileInputFormat lists files then), and each split carries its work units, one
 * record per unit ({@code index -> unit JSON}).
 */
public class ValidationInputFormat extends InputFormat<IntWritable, Text> {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationInputFormat.class);

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    List<Path> outputs = new ArrayList<>();
    for (String o : ValidationJob.getOutputs(conf)) {
      outputs.add(new Path(o));
    }
    if (outputs.isEmpty()) {
      throw new IOException("No outputs to validate: set the job up with ValidationJob.create");
    }
    long target = conf.getLong(ProvenanceKeys.VALIDATE_SPLIT_BYTES,
        ProvenanceKeys.VALIDATE_SPLIT_BYTES_DEFAULT);
    LOG.info("Sweep settings: deep {}, default staleness window {}, staleness measured at {},"
        + " {} per task", ValidationJob.isDeep(conf),
        conf.get(ProvenanceKeys.VALIDATE_STALENESS_WINDOW,
        ProvenanceKeys.VALIDATE_STALENESS_WINDOW_DEFAULT),
        Instant.ofEpochMilli(ValidationJob.getSweepTime(conf)), StringUtils.byteDesc(target));
    List<InputSplit> splits = new ArrayList<>();
    for (List<WorkUnit> group : ValidationPlan.of(conf, outputs).pack(target)) {
      splits.add(new UnitSplit(group));
    }
    return splits;
  }

  @Override
  public RecordReader<IntWritable, Text> createRecordReader(InputSplit split,
      TaskAttemptContext context) {
    return new UnitReader();
  }

  /** A group of work units; its length is the bytes they read. */
  public static final class UnitSplit extends InputSplit implements Writable {
    private List<WorkUnit> units;

    public UnitSplit() {
      units = List.of();
    }

    UnitSplit(List<WorkUnit> units) {
      this.units = List.copyOf(units);
    }

    List<WorkUnit> units() {
      return units;
    }

    @Override
    public long getLength() {
      long n = 0;
      for (WorkUnit u : units) {
        n += u.bytes();
      }
      return n;
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public void write(DataOutput out) throws IOException {
      WritableUtils.writeString(out, WorkUnit.listToJson(units));
    }

    @Override
    public void readFields(DataInput in) throws IOException {
      units = WorkUnit.listFromJson(WritableUtils.readString(in));
    }

    @Override
    public String toString() {
      return units.size() + " validation units, " + getLength() + " bytes";
    }
  }

  private static final class UnitReader extends RecordReader<IntWritable, Text> {
    private final IntWritable key = new IntWritable(-1);
    private final Text value = new Text();
    private List<WorkUnit> units = List.of();

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {
      units = ((UnitSplit) split).units();
    }

    @Override
    public boolean nextKeyValue() {
      int next = key.get() + 1;
      if (next >= units.size()) {
        return false;
      }
      key.set(next);
      value.set(units.get(next).toJson());
      return true;
    }

    @Override
    public IntWritable getCurrentKey() {
      return key;
    }

    @Override
    public Text getCurrentValue() {
      return value;
    }

    @Override
    public float getProgress() {
      return units.isEmpty() ? 1f : (key.get() + 1) / (float) units.size();
    }

    @Override
    public void close() {
    }
  }
}
