package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * A Reducer whose output records carry provenance. Extend it instead of {@link Reducer} and
 * write {@code reduce()} exactly as before; then call {@link ProvenanceJob#configure} in the
 * driver. It works as a combiner too.
 *
 * <p>Each record written from {@code reduce()} carries the set of sources (input splits) of
 * the values consumed for the current key; records written from {@code cleanup()} carry every
 * source the task saw (a top-k reducer emits from cleanup, and its output depends on all of
 * them).
 *
 * <p>When the job was not configured by ProvenanceJob this class behaves exactly like Reducer.
 */
public class ProvenanceReducer<KI, VI, KO, VO> extends Reducer<KI, VI, KO, VO> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      super.run(context);
      return;
    }
    // The tracing context collects each key's sources and notices when cleanup begins.
    TracingReducer<KI, VI, KO, VO> tracing = new TracingReducer<>(this instanceof Delegator
        && ((Delegator) this).writesAfterItsRecords(context.getConfiguration()));
    NamedOutputs.restoreKeyClasses(context.getConfiguration());
    var previous = NamedOutputs.publish(tracing::traceNamed); // MultipleOutputs' writes
    try {
      runTraced(tracing.wrap(context));
    } finally {
      NamedOutputs.restore(previous);
    }
  }

  /**
   * Runs the reduce loop over the tracing context: Reducer's own loop over this class's
   * setup/reduce/cleanup. A subclass that runs another Reducer's loop (a {@link Delegator},
   * such as {@code provmr wrap}'s) overrides it to run that Reducer over the same context.
   */
  protected void runTraced(Context traced) throws IOException, InterruptedException {
    super.run(traced);
  }
}
