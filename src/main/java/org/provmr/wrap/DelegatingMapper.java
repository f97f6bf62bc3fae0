package org.provmr.wrap;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.mapreduce.Delegator;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;
import org.provmr.mapreduce.TaggedSplits;

/**
 * Runs an unmodified Mapper under provenance: the class named in the configuration by {@link
 * WrappedJob#setMapper} is instantiated in the task and its own {@code run} is driven with the
 * tracing context, so its records are stamped exactly as a ProvenanceMapper's would be. With
 * several inputs (MultipleInputs, see WrapMultipleInputs) it runs the mapper that the task's
 * tagged split names.
 */
public final class DelegatingMapper extends ProvenanceMapper<Object, Object, Object, Object>
    implements Delegator {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      userMapper(context.getConfiguration(), context.getInputSplit()).run(context);
      return;
    }
    super.run(context);
  }

  @Override
  protected void runTraced(Context traced) throws IOException, InterruptedException {
    userMapper(traced.getConfiguration(), traced.getInputSplit()).run(traced);
  }

  @Override
  public String delegateName(Configuration conf) {
    return conf.getTrimmed(WrappedJob.MAPPER_CLASS);
  }

  /** A streaming command's output comes back out of step with its input. */
  @Override
  public boolean writesAfterItsRecords(Configuration conf) {
    return StreamingWrap.isStreaming(conf);
  }

  @SuppressWarnings("unchecked")
  private static Mapper<Object, Object, Object, Object> userMapper(Configuration conf,
      InputSplit split) {
    String named = conf.getTrimmed(WrappedJob.MAPPER_CLASS);
    if ((named == null || named.isEmpty()) && TaggedSplits.isTagged(split)) {
      // MultipleInputs (WrapMultipleInputs): the split's tag names its input's mapper.
      Class<?> tagged = TaggedSplits.mapperClass(split);
      if (tagged == null || !Mapper.class.isAssignableFrom(tagged)) {
        throw new org.provmr.conf.BadConfigurationException("The input split " + split
            + " names no mapper (" + tagged + "); give every input its mapper with"
            + " MultipleInputs.addInputPath or 'provmr wrap --multiple-input'");
      }
      return (Mapper<Object, Object, Object, Object>) ReflectionUtils.newInstance(tagged, conf);
    }
    Class<?> c = WrappedJob.userClass(conf, WrappedJob.MAPPER_CLASS, Object.class);
    if (conf.get(StreamingWrap.MAP_RUNNER_CLASS) != null) {
      return new StreamingTasks.MapRunnerAdapter(WrappedJob.userClass(conf,
          StreamingWrap.MAP_RUNNER_CLASS, org.apache.hadoop.mapred.MapRunnable.class), c);
    }
    if (OldApiTasks.isOldApi(c)) {
      return new OldApiTasks.MapperAdapter(c); // wrap --api mapred
    }
    if (!Mapper.class.isAssignableFrom(c)) {
      throw new org.provmr.conf.BadConfigurationException(WrappedJob.MAPPER_CLASS, c.getName(),
          "not a " + Mapper.class.getName());
    }
    return (Mapper<Object, Object, Object, Object>) ReflectionUtils.newInstance(c, conf);
  }
}
