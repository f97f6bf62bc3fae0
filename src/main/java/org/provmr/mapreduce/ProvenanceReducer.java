package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.mapreduce.ReduceContext;
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
    TracingReducer<KI, VI, KO, VO> tracing = new TracingReducer<>();
    Context traced = tracing.wrap(context);
    setup(traced);
    try {
      while (traced.nextKey()) {
        reduce(traced.getCurrentKey(), traced.getValues(), traced);
        // Reducer.run does the same for values marked with mark()/reset().
        Iterator<?> real = context.getValues().iterator();
        if (real instanceof ReduceContext.ValueIterator) {
          ((ReduceContext.ValueIterator<?>) real).resetBackupStore();
        }
      }
      tracing.onCleanup();
    } finally {
      cleanup(traced);
    }
  }
}
