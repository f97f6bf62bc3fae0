package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Writable;
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
    TracingContext(MapContext<KI, VI, KO, VO> real) {
      super(real);
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      // Whoever drives the loop (Mapper.run or a user's own run), the tracker sees each record
      // before map() does, and the end of input before cleanup() runs.
      boolean more = mapContext.nextKeyValue();
      if (more) {
        tracker.onRecord(mapContext.getCurrentKey(), mapContext.getCurrentValue());
      } else {
        tracker.onCleanup();
      }
      return more;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(KO key, VO value) throws IOException, InterruptedException {
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
