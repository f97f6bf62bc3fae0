package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;

/**
 * Builds the Mapper.Context a ProvenanceMapper's map() sees: Hadoop's own delegating
 * WrappedMapper context, with write() turned into a write of a {@link TracedValue}.
 *
 * <p>Hadoop checks the class of every map output value against the job's map output value
 * class, which ProvenanceJob set to TracedValue; the user's code keeps writing its own types.
 */
final class TracingMapper<KI, VI, KO, VO> extends WrappedMapper<KI, VI, KO, VO> {
  /** See {@link TracingContext#write}: an object no map() can write. */
  private static final Object INLINE_BALLAST = new Object();
  private final MapSideTracker tracker;
  private MapOutputFilter filter;

  TracingMapper(MapSideTracker tracker) {
    this.tracker = tracker;
  }

  Mapper<KI, VI, KO, VO>.Context wrap(MapContext<KI, VI, KO, VO> real) {
    filter = ProvenanceJob.getMapOutputFilter(real.getConfiguration());
    return new TracingContext(HadoopContexts.unwrap(real)); // see HadoopContexts
  }

  private final class TracingContext extends WrappedMapper<KI, VI, KO, VO>.Context {
    // The record the tracker was shown, handed to map() as well (see nextKeyValue).
    private KI key;
    private VI value;
    private boolean current;

    TracingContext(MapContext<KI, VI, KO, VO> real) {
      super(real);
    }

    /**
     * Whoever drives the loop (Mapper.run or a user's own run), the tracker sees each record
     * before map() does, and the end of input before cleanup() runs.
     *
     * <p>The key and value fetched for the tracker are the ones getCurrentKey and
     * getCurrentValue return until the next call, so each record is fetched once, as in a plain
     * job. Fetched again, each went down Hadoop's chain of three readers (MapContextImpl,
     * MapTask's tracking reader, the format's reader), calls C2 left out of line: about 55 ms
     * of a grep's 3.9 s map thread, 4.2 million records (async-profiler over 40 JVMs,
     * bench/README.md "Grep over forty JVMs, and each record fetched once").
     */
    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      current = false; // until this record is fetched: a reader that throws leaves no stale one
      key = null;
      value = null;
      boolean more = mapContext.nextKeyValue();
      if (more) {
        key = mapContext.getCurrentKey();
        value = mapContext.getCurrentValue();
        current = true;
        tracker.onRecord(key, value);
      } else {
        tracker.onCleanup();
      }
      return more;
    }

    /** The split as the job's input format made it (MapTask gets a SelfCountingSplit). */
    @Override
    public InputSplit getInputSplit() {
      return SelfCountingSplit.inner(mapContext.getInputSplit());
    }

    @Override
    public KI getCurrentKey() throws IOException, InterruptedException {
      // Before the first record and after the last, the reader says what it holds.
      return current ? key : mapContext.getCurrentKey();
    }

    @Override
    public VI getCurrentValue() throws IOException, InterruptedException {
      return current ? value : mapContext.getCurrentValue();
    }

    /**
     * The boundary between the user's map() and Hadoop's collector, which C2 must not inline
     * into map(). Inlined there, Hadoop's write path (the direct or buffered collector, its
     * counters and two walks of the file system statistics) made the machine code of map()
     * around the user's own loops slower: a grep's regex took 1.57-1.71 s a job instead of
     * 1.11-1.24, with the same inlining of the regex itself (async-profiler by inlined method,
     * bench/README.md "The user's map() and Hadoop's write path"). In a plain job map() reaches
     * the collector through Hadoop's WrappedMapper context, which C2 leaves a call.
     *
     * <p>HotSpot offers a library no annotation for that, but C2 does not inline a hot callee
     * of more than {@code FreqInlineSize} (325) bytes of bytecode. So this method carries
     * {@link #INLINE_BALLAST}, a block that never runs (C2 prunes it from the compiled code)
     * and keeps the method over that size; TracingMapperTest checks it stays so.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(KO key, VO value) throws IOException, InterruptedException {
      if (key == INLINE_BALLAST) {
        // Never true: no caller holds this array. Bytecode ballast, see above.
        throw new AssertionError(Arrays.toString(new int[] {
            0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
            23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43,
            44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63}));
      }
      if (filter != null && !filter.accept(key, value, mapContext)) {
        return; // e.g. a recompute that re-reduces other partitions only
      }
      if (value == null && mapContext.getNumReduceTasks() > 0) {
        // As in a plain job: a null cannot be serialized into the shuffle.
        throw new IllegalArgumentException("A map output value is null; Hadoop cannot shuffle"
            + " null values (write NullWritable.get())");
      }
      // The framework's collector takes the TracedValue in place of VO (see class comment).
      ((TaskInputOutputContext) mapContext).write(key, tracker.trace(requireWritable(value)));
    }
  }

  /**
   * The value to record; a null (Hadoop's TextOutputFormat writes the key alone) is recorded as
   * a NullWritable, no value bytes, and read back as null.
   */
  static Writable requireWritable(Object value) {
    if (value instanceof Writable) {
      return (Writable) value;
    }
    if (value == null) {
      return NullWritable.get();
    }
    throw new IllegalArgumentException("ProvMR needs Writable output values; got "
        + (value == null ? "null" : value.getClass().getName()));
  }
}
