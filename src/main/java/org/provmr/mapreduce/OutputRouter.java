package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.provmr.header.Confidence;

/**
 * Chooses, at write time, the sub-stream each output record goes to (docs/substreams.md):
 * null for the main parts, or the name of a sub-stream directory ({@code priority},
 * {@code age-1d}; {@code StoreNames.isSubstreamDir}). Each sub-stream of a task gets its own
 * part ({@code <output>/priority/part-r-00000}) with its headers and store entry.
 *
 * <p>Named by {@code provenance.substream.router.class} and used when
 * {@code provenance.substream.by} is not {@code none}; ProvMR's own is
 * {@code org.provmr.substream.SubstreamRouter}. Implementations need a no-argument
 * constructor; one instance serves one task's record writer, on its thread.
 */
public interface OutputRouter {
  /** Called once before the first record, with the writing task's context. */
  void setup(TaskAttemptContext context) throws IOException;

  /**
   * The sub-stream directory of one record, or null for the main parts.
   *
   * @param confidence the confidence the record is stamped with
   * @param value the record's value with its sources (a byte range of one source, or a set)
   */
  String route(Confidence confidence, TracedValue value) throws IOException;

  /**
   * Whether {@link #route} decides a record that has a byte range by its source and confidence
   * alone. Then all the records of a map task that reads one file range go to one sub-stream:
   * the output format asks once, for a record of that source, and the task writes that part
   * directly, with no call per record. False (the default) routes record by record.
   */
  default boolean routesRangesBySource() {
    return false;
  }

  /**
   * Where every record of this task goes, when the router can tell before the first record
   * (from the job's sources alone: e.g. all of them in one age band), or null to route record
   * by record (the default). Then the task writes that part directly, with no call per record.
   *
   * @param confidence the confidence the task's records are stamped with
   */
  default TaskRoute everyRecord(Confidence confidence) throws IOException {
    return null;
  }

  /** A route decided once for a whole task. */
  record TaskRoute(String substream) {
    /** Every record to the main parts. */
    public static final TaskRoute MAIN = new TaskRoute(null);
  }
}
