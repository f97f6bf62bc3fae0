package org.provmr.wrap;

import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.mapreduce.Delegator;
import org.provmr.mapreduce.TracedValue;

/**
 * Runs an unmodified Partitioner in a provenance job. Map output values travel through the
 * shuffle as {@link TracedValue}s, so a partitioner that looks at the value would see the
 * wrapper; this one hands the user's partitioner (set by {@link WrappedJob#setPartitioner})
 * the user's own value.
 */
public final class DelegatingPartitioner extends Partitioner<Object, Object>
    implements Configurable, Delegator {
  private Configuration conf;
  private Partitioner<Object, Object> user;

  @Override
  @SuppressWarnings("unchecked")
  public void setConf(Configuration c) {
    conf = c;
    // newInstance configures a Configurable partitioner (TeraSort's read the reduce count).
    user = (Partitioner<Object, Object>) ReflectionUtils.newInstance(
        WrappedJob.userClass(c, WrappedJob.PARTITIONER_CLASS, Partitioner.class), c);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public String delegateName(Configuration c) {
    return c.getTrimmed(WrappedJob.PARTITIONER_CLASS);
  }

  @Override
  public int getPartition(Object key, Object value, int numPartitions) {
    Object v = value instanceof TracedValue ? ((TracedValue) value).value() : value;
    return user.getPartition(key, v, numPartitions);
  }
}
