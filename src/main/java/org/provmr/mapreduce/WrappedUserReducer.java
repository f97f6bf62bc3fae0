package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;

/**
 * Runs an unmodified Reducer under provenance: the class named by
 * {@value ProvenanceKeys#WRAP_REDUCER_CLASS} is instantiated in the task and its own
 * {@code run} is driven with the tracing context, which hands it plain values and stamps what
 * it writes with the sources of the values it consumed. Set up by
 * {@link WrappedJob#setReducer}; {@link WrappedUserCombiner} does the same for the combiner.
 */
public class WrappedUserReducer extends ProvenanceReducer<Object, Object, Object, Object> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      userReducer(context.getConfiguration()).run(context);
      return;
    }
    super.run(context);
  }

  @Override
  final void runTraced(Context traced) throws IOException, InterruptedException {
    userReducer(traced.getConfiguration()).run(traced);
  }

  /** The key naming the user's class for this role. */
  String classKey() {
    return ProvenanceKeys.WRAP_REDUCER_CLASS;
  }

  @SuppressWarnings("unchecked")
  private Reducer<Object, Object, Object, Object> userReducer(Configuration conf) {
    Class<?> c = WrappedJob.userClass(conf, classKey(), Reducer.class);
    return (Reducer<Object, Object, Object, Object>) ReflectionUtils.newInstance(c, conf);
  }
}
