package org.provmr.trace;

import java.io.IOException;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

/**
 * The record reader a replayed mapper sees: the records of a {@link SplitReader}, plus whether
 * the mapper is inside {@code map()} of one of them (so what it writes is that record's) or in
 * setup/cleanup (the whole split's, as capture attributes it).
 */
abstract class Positioned extends RecordReader<Object, Object> {
  protected final SplitReader in;

  Positioned(SplitReader in) {
    this.in = in;
  }

  /** Whether a write now belongs to the current record. */
  abstract boolean inRecord();

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) {
  }

  @Override
  public Object getCurrentKey() throws IOException, InterruptedException {
    return in.key();
  }

  @Override
  public Object getCurrentValue() throws IOException, InterruptedException {
    return in.value();
  }

  @Override
  public float getProgress() {
    return 0;
  }

  @Override
  public void close() {
  }

  /** Every record of the split, in order. */
  static final class Tracking extends Positioned {
    long records;
    private boolean ended;

    Tracking(SplitReader in) {
      super(in);
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      boolean more = in.next();
      if (more) {
        records++;
      } else {
        ended = true;
      }
      return more;
    }

    @Override
    boolean inRecord() {
      return records > 0 && !ended;
    }
  }

  /** The split's current record alone: everything the mapper writes is that record's. */
  static final class OneRecord extends Positioned {
    private boolean given;

    OneRecord(SplitReader in) {
      super(in);
    }

    @Override
    public boolean nextKeyValue() {
      boolean first = !given;
      given = true;
      return first;
    }

    @Override
    boolean inRecord() {
      return true;
    }
  }
}
