package org.provmr.mapreduce;

import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;

/**
 * Restricts a recompute sub-job's map output to some of the original job's reduce partitions.
 *
 * <p>Re-reducing partition N alone needs every map output record of partition N and no other:
 * the maps run with the original partitioner and original number of reduces, and drop keys
 * of other partitions before they reach the shuffle. In census mode nothing is emitted: each
 * partition a record would have gone to is counted, which tells the planner which partitions
 * changed input feeds without shuffling anything.
 */
final class PartitionScope {
  /** Counter group of census mode: one counter per partition, named by its number. */
  static final String CENSUS_GROUP = "provmr.partition.census";

  private final Partitioner<Object, Object> original;
  private final int partitions;
  private final int[] kept; // sorted original partition numbers
  private final boolean census;

  private PartitionScope(Partitioner<Object, Object> original, int partitions, int[] kept,
      boolean census) {
    this.original = original;
    this.partitions = partitions;
    this.kept = kept;
    this.census = census;
  }

  /** The scope of this task's job, or null for an ordinary job. */
  @SuppressWarnings("unchecked")
  static PartitionScope of(Configuration conf) {
    int total = conf.getInt(ProvenanceKeys.RECOMPUTE_PARTITIONS_TOTAL, 0);
    if (total <= 0) {
      return null;
    }
    Class<?> p = conf.getClass(ProvenanceKeys.RECOMPUTE_PARTITIONER,
        org.apache.hadoop.mapreduce.lib.partition.HashPartitioner.class);
    int[] kept = conf.getInts(ProvenanceKeys.RECOMPUTE_PARTITIONS);
    Arrays.sort(kept);
    return new PartitionScope((Partitioner<Object, Object>) ReflectionUtils.newInstance(p, conf),
        total, kept, conf.getBoolean(ProvenanceKeys.RECOMPUTE_CENSUS, false));
  }

  /** The original partition of a map output record. */
  int originalPartition(Object key, Object value) {
    return original.getPartition(key, value, partitions);
  }

  /** The sub-job's reduce index for an original partition, or -1 when it is not kept. */
  int subPartition(int originalPartition) {
    int i = Arrays.binarySearch(kept, originalPartition);
    return i >= 0 ? i : -1;
  }

  /** Whether a map output record goes on to the shuffle. */
  boolean accept(Object key, Object value, TaskInputOutputContext<?, ?, ?, ?> context) {
    int p = originalPartition(key, value);
    if (census) {
      context.getCounter(CENSUS_GROUP, Integer.toString(p)).increment(1);
      return false;
    }
    return subPartition(p) >= 0;
  }
}
