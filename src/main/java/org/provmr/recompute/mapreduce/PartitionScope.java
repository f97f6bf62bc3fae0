package org.provmr.recompute.mapreduce;

import java.util.Arrays;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.partition.HashPartitioner;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.mapreduce.MapOutputFilter;
import org.provmr.mapreduce.ProvenanceJob;

/**
 * Restricts a recompute sub-job's map output to some of the original job's reduce partitions.
 *
 * <p>Re-reducing partition N alone needs every map output record of partition N and no other:
 * the maps run with the original partitioner and original number of reduces, and drop keys
 * of other partitions before they reach the shuffle (a {@link MapOutputFilter}). In census
 * mode nothing is emitted: each partition a record would have gone to is counted, which tells
 * the planner which partitions changed input feeds without shuffling anything.
 */
public final class PartitionScope {
  /** Counter group of census mode: one counter per partition, named by its number. */
  public static final String CENSUS_GROUP = "provmr.partition.census";

  // Internal keys, set by configure() and read in the sub-job's tasks.
  private static final String PARTITIONS = "provenance.recompute.partitions";
  private static final String PARTITIONS_TOTAL = "provenance.recompute.partitions.total";
  private static final String PARTITIONER = "provenance.recompute.partitioner";
  private static final String CENSUS = "provenance.recompute.census";

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

  /**
   * Scopes {@code job} to the original partitions {@code kept} of a job with {@code total}
   * reduces partitioned by {@code partitioner}. In census mode the maps only count partitions;
   * otherwise partition {@code kept[j]} (in ascending order) goes to the sub-job's reducer j.
   */
  public static void configure(Job job, String partitioner, int total, Iterable<Integer> kept,
      boolean census) {
    if (total <= 0) {
      throw new IllegalArgumentException("the original job has no reduces to scope to");
    }
    Configuration c = job.getConfiguration();
    c.setInt(PARTITIONS_TOTAL, total);
    c.set(PARTITIONER, partitioner == null ? HashPartitioner.class.getName() : partitioner);
    StringBuilder ids = new StringBuilder();
    for (int p : kept) {
      if (p < 0 || p >= total) {
        throw new IllegalArgumentException("partition " + p + " is not in [0, " + total + ")");
      }
      ids.append(ids.length() == 0 ? "" : ",").append(p);
    }
    c.set(PARTITIONS, ids.toString());
    c.setBoolean(CENSUS, census);
    ProvenanceJob.setMapOutputFilter(job, Filter.class);
    if (!census) {
      c.setClass(MRJobConfig.PARTITIONER_CLASS_ATTR, ScopedPartitioner.class, Partitioner.class);
    }
  }

  /** The scope of this task's job, or null for a job that is not scoped. */
  @SuppressWarnings("unchecked")
  static PartitionScope of(Configuration conf) {
    int total = conf.getInt(PARTITIONS_TOTAL, 0);
    if (total <= 0) {
      return null;
    }
    Class<?> p = conf.getClass(PARTITIONER, HashPartitioner.class);
    int[] kept = conf.getInts(PARTITIONS);
    Arrays.sort(kept);
    // A Configurable partitioner reads the number of reduces when it is configured:
    // TotalOrderPartitioner checks its split points against it ("Wrong number of partitions in
    // keyset"), TeraSort's builds its trie for it. It partitions for the original job's.
    Configuration original = new Configuration(conf);
    original.setInt(MRJobConfig.NUM_REDUCES, total);
    return new PartitionScope((Partitioner<Object, Object>) ReflectionUtils.newInstance(p,
        original), total, kept, conf.getBoolean(CENSUS, false));
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

  /** The map output filter of a scoped sub-job (set by {@link #configure}). */
  public static final class Filter implements MapOutputFilter, Configurable {
    private Configuration conf;
    private PartitionScope scope;

    @Override
    public boolean accept(Object key, Object value, TaskInputOutputContext<?, ?, ?, ?> context) {
      return scope == null || scope.accept(key, value, context);
    }

    @Override
    public void setConf(Configuration c) {
      conf = c;
      scope = of(c);
    }

    @Override
    public Configuration getConf() {
      return conf;
    }
  }
}
