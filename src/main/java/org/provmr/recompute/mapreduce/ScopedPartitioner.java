package org.provmr.recompute.mapreduce;

import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;
import org.provmr.mapreduce.TracedValue;

/**
 * The partitioner of a recompute sub-job that re-reduces some partitions of the original job:
 * original partition {@code kept[j]} goes to the sub-job's reducer j, so its part-r-j is the
 * new part-r-{kept[j]}. Maps already dropped every other partition (see PartitionScope).
 */
public class ScopedPartitioner extends Partitioner<Object, TracedValue> implements Configurable {
  private Configuration conf;
  private PartitionScope scope;

  @Override
  public int getPartition(Object key, TracedValue value, int numPartitions) {
    int j = scope.subPartition(scope.originalPartition(key, value.value()));
    if (j < 0) {
      throw new IllegalStateException("Key " + key + " of a dropped partition reached the"
          + " shuffle of a scoped recompute job");
    }
    return j;
  }

  @Override
  public void setConf(Configuration c) {
    conf = c;
    scope = PartitionScope.of(c);
  }

  @Override
  public Configuration getConf() {
    return conf;
  }
}
