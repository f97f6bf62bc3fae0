package org.provmr.wrap;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.mapreduce.Delegator;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceReducer;

/**
 * Runs an unmodified Reducer under provenance: the class named in the configuration by {@link
 * WrappedJob#setReducer} is instantiated in the task and its own {@code run} is driven with the
 * tracing context, which hands it plain values and stamps what it writes with the sources of
 * the values it consumed. {@link DelegatingCombiner} does the same for the combiner.
 */
public class DelegatingReducer extends ProvenanceReducer<Object, Object, Object, Object>
    implements Delegator {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      userReducer(context.getConfiguration()).run(context);
      return;
    }
    super.run(context);
  }

  @Override
  protected final void runTraced(Context traced) throws IOException, InterruptedException {
    userReducer(traced.getConfiguration()).run(traced);
  }

  @Override
  public final String delegateName(Configuration conf) {
    return conf.getTrimmed(classKey());
  }

  /** A streaming reducer command's output comes back out of step with its keys. */
  @Override
  public boolean writesAfterItsRecords(Configuration conf) {
    return StreamingWrap.isStreaming(conf) && classKey().equals(WrappedJob.REDUCER_CLASS);
  }

  /** The key naming the user's class for this role. */
  String classKey() {
    return WrappedJob.REDUCER_CLASS;
  }

  @SuppressWarnings("unchecked")
  private Reducer<Object, Object, Object, Object> userReducer(Configuration conf) {
    Class<?> c = WrappedJob.userClass(conf, classKey(), Object.class);
    if (c.getName().equals(StreamingTasks.PIPE_REDUCER)) {
      // Without its command PipeReducer would silently run as an identity reducer.
      StreamingTasks.requireCommand(conf, StreamingTasks.REDUCE_COMMAND, "-reducer");
    }
    if (OldApiTasks.isOldApi(c)) {
      return new OldApiTasks.ReducerAdapter(c); // wrap --api mapred
    }
    if (!Reducer.class.isAssignableFrom(c)) {
      throw new org.provmr.conf.BadConfigurationException(classKey(), c.getName(),
          "not a " + Reducer.class.getName());
    }
    return (Reducer<Object, Object, Object, Object>) ReflectionUtils.newInstance(c, conf);
  }
}
