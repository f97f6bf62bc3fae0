package org.provmr.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.Varints;

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
  /** Source set tags: the value's own Writable bytes follow, or it is a zigzag varint. */
  private static final int WRITABLE = 0;
  private static final int NUMBER = 1;
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
  // The job's map output value class, checked before a value enters the shuffle; null: not
  // checked (map-only tasks and reduce output, which never reach write()).
  private Class<?> declared;
  private boolean fromCombiner;

  public TracedValue() {
  }

  /**
   * Makes {@link #write} refuse a value of any class but {@code c}, as Hadoop's map output
   * buffer (a mapper's values) and IFile writer (a combiner's) refuse it in a plain job: the
   * class alone decides how the reduce side reads the bytes, so a Text written where the job
   * declares IntWritable would otherwise be read back as numbers.
   *
   * @param combiner say it as Hadoop's IFile writer does (a combiner's output)
   */
  void declare(Class<?> c, boolean combiner) {
    declared = c;
    fromCombiner = combiner;
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
   *
   * <p>An {@link IntWritable} or {@link LongWritable} value (the exact class, as the map output
   * buffer demands of a plain job's values) travels as a zigzag varint instead of its fixed 4
   * or 8 bytes, marked in the source set's tag bit: a count of 1 with its source id is 2 bytes
   * where the plain job's IntWritable alone is 4. Counting jobs (WordCount, Grep's first job)
   * then shuffle fewer bytes than without provenance, which pays for the source id.
   */
  @Override
  public void write(DataOutput out) throws IOException {
    RecordBytes b = serialized;
    Class<?> c = value.getClass();
    if (c != declared && declared != null) {
      throw typeMismatch(c);
    }
    if (c == IntWritable.class || c == LongWritable.class) {
      long n = c == IntWritable.class
          ? ((IntWritable) value).get() : ((LongWritable) value).get();
      sources.writeTo(b, NUMBER);
      b.appendVarint(Varints.zigZagEncode(n));
    } else {
      sources.writeTo(b, WRITABLE);
      value.write(b);
    }
    out.write(b.getData(), 0, b.getLength());
    b.releaseIfLarge();
  }

  /** Hadoop's own words for the same mistake in a plain job, then ProvMR's fix. */
  private IOException typeMismatch(Class<?> c) {
    String hadoop = fromCombiner
        ? "wrong value class: " + c + " is not " + declared
        : "Type mismatch in value from map: expected " + declared.getName() + ", received "
            + c.getName();
    return new IOException(hadoop + " (the " + (fromCombiner ? "combiner" : "mapper")
        + " must write the map output value class the job declares, or the job declare the"
        + " class it writes: Job.setMapOutputValueClass)");
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    int form = sources.readFields(in);
    hasRange = false;
    if (value == null) {
      value = newValue();
    }
    if (form == WRITABLE) {
      value.readFields(in);
      return;
    }
    long n = Varints.zigZagDecode(Varints.readUnsigned(in));
    if (value instanceof LongWritable) {
      ((LongWritable) value).set(n);
    } else if (value instanceof IntWritable && n == (int) n) {
      ((IntWritable) value).set((int) n);
    } else {
      throw new IOException("A map output value came as the number " + n + " (written from an"
          + " IntWritable or LongWritable), which does not fit this job's map output value"
          + " class " + value.getClass().getName() + ": the mapper and combiner must write"
          + " the class the job declares (Job.setMapOutputValueClass)");
    }
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
