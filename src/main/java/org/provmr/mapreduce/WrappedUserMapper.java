package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;

/**
 * Runs an unmodified Mapper under provenance: the class named by
 * {@value ProvenanceKeys#WRAP_MAPPER_CLASS} is instantiated in the task and its own
 * {@code run} is driven with the tracing context, so its records are stamped exactly as a
 * ProvenanceMapper's would be. Set up by {@link WrappedJob#setMapper}.
 */
public final class WrappedUserMapper extends ProvenanceMapper<Object, Object, Object, Object> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      userMapper(context.getConfiguration()).run(context);
      return;
    }
    super.run(context);
  }

  @Override
  void runTraced(Context traced) throws IOException, InterruptedException {
    userMapper(traced.getConfiguration()).run(traced);
  }

  @SuppressWarnings("unchecked")
  private static Mapper<Object, Object, Object, Object> userMapper(Configuration conf) {
    Class<?> c = WrappedJob.userClass(conf, ProvenanceKeys.WRAP_MAPPER_CLASS, Mapper.class);
    return (Mapper<Object, Object, Object, Object>) ReflectionUtils.newInstance(c, conf);
  }
}
