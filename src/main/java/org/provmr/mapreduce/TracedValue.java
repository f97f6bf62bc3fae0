package org.provmr.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * A value in flight through a provenance job: the user's value plus where it came from.
 *
 * <p>ProvenanceMapper and ProvenanceReducer hand these to the framework instead of the bare
 * value. Through the shuffle only the source set travels (a varint or two per value); the
 * exact byte range of a map input record is kept in memory for map-only jobs, whose output
 * format reads it directly. One instance is reused for every record of a task: Hadoop's
 * collectors serialize a value before {@code write} returns.
 */
public final class TracedValue implements Writable, Configurable {
  private Configuration conf;
  private Writable value;
  private final SourceSet sources = new SourceSet();
  private boolean hasRange;
  // The range's source, also the set's single entry; read per record by the writer.
  private int rangeSource;
  private long offset;
  private long length;
  /** The serialized [sources][value], handed to the collector in one write. */
  private final RecordBytes serialized = new RecordBytes();

  public TracedValue() {
  }

  /** Points this at a map-side record: one source and the byte range inside it. */
  public TracedValue setRange(Writable v, int sourceId, long rangeOffset, long rangeLength) {
    value = v;
    sources.setSingle(sourceId);
    rangeSource = sourceId;
    hasRange = true;
    offset = rangeOffset;
    length = rangeLength;
    return this;
  }

  /** Points this at a reduce-side record: the set of sources it was computed from. */
  public TracedValue setSources(Writable v, SourceSet from) {
    value = v;
    sources.copyFrom(from);
    hasRange = false;
    return this;
  }

  public Writable value() {
    return value;
  }

  public SourceSet sources() {
    return sources;
  }

  /** True when the record came from exactly one byte range of one source (map side). */
  public boolean hasRange() {
    return hasRange;
  }

  /** The byte range's source id; meaningful only when {@link #hasRange()}. */
  public int rangeSource() {
    return rangeSource;
  }

  public long rangeOffset() {
    return offset;
  }

  public long rangeLength() {
    return length;
  }

  /**
   * Serializes the source set and the value into a private buffer first and hands the
   * collector one array. The collector's stream (the map output buffer, an IFile writer) is a
   * synchronized DataOutputStream whose every single-byte write runs the buffer's full
   * bookkeeping; Writables write varints and ints a byte at a time, so an IntWritable and its
   * source id were five such calls per map output value, and are now one (bench/README.md).
   * The bytes are the same.
   */
  @Override
  public void write(DataOutput out) throws IOException {
    RecordBytes b = serialized;
    sources.writeTo(b);
    value.write(b);
    out.write(b.getData(), 0, b.getLength());
    b.releaseIfLarge();
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    sources.readFields(in);
    hasRange = false;
    if (value == null) {
      value = newValue();
    }
    value.readFields(in);
  }

  private Writable newValue() {
    if (conf == null) {
      throw new IllegalStateException("TracedValue needs a Configuration to create its value");
    }
    return (Writable) ReflectionUtils.newInstance(ProvenanceJob.getMapOutputValueClass(conf),
        conf);
  }

  @Override
  public void setConf(Configuration c) {
    conf = c;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TracedValue)) {
      return false;
    }
    TracedValue t = (TracedValue) o;
    return Objects.equals(value, t.value) && sources.equals(t.sources);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hashCode(value) + sources.hashCode();
  }

  @Override
  public String toString() {
    return value + " <- sources " + sources
        + (hasRange ? " @" + offset + "+" + length : "");
  }
}
