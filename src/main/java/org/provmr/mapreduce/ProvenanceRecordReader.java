package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * Reads one split of a provenance SequenceFile, as SequenceFileRecordReader does (sync to the
 * split start, stop at the first sync after its end), yielding the key and a
 * {@link ProvenanceWritable} whose header is decoded only on demand, or in payload-only mode
 * the bare value with the header skipped.
 *
 * <p>It publishes each record's byte position for a ProvenanceMapper reading it, so a
 * downstream job's DataIDs point at exact records of the upstream part.
 */
final class ProvenanceRecordReader<K extends Writable, V extends Writable>
    extends RecordReader<K, Object> {
  private final boolean payloadOnly;
  private final RecordPosition position = new RecordPosition();
  private ProvenanceFileReader<K, V> in;
  private long start;
  private long end;
  private boolean more = true;

  ProvenanceRecordReader(boolean payloadOnly) {
    this.payloadOnly = payloadOnly;
  }

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
    FileSplit fileSplit = (FileSplit) split;
    in = new ProvenanceFileReader<>(context.getConfiguration(), fileSplit.getPath());
    if (payloadOnly) {
      in.skipHeaders();
    }
    start = fileSplit.getStart();
    end = start + fileSplit.getLength();
    if (start > in.position()) {
      in.sync(start);
    }
    more = start < end;
    position.publish(split);
  }

  @Override
  public boolean nextKeyValue() throws IOException {
    if (!more) {
      return false;
    }
    long pos = in.position();
    boolean read = in.next();
    // As SequenceFileRecordReader: a record starting after the end belongs to the next split.
    more = read && !(pos >= end && in.syncSeen());
    position.set(pos, in.position() - pos);
    return more;
  }

  @Override
  public K getCurrentKey() {
    return in.key();
  }

  @Override
  public Object getCurrentValue() {
    return payloadOnly ? in.value().value() : in.value();
  }

  @Override
  public float getProgress() throws IOException {
    if (end == start) {
      return 0.0f;
    }
    return Math.min(1.0f, (in.position() - start) / (float) (end - start));
  }

  @Override
  public void close() throws IOException {
    if (in != null) {
      in.close();
    }
  }
}
