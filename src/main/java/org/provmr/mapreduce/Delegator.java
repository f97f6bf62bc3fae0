package org.provmr.mapreduce;

import org.apache.hadoop.conf.Configuration;

/**
 * A Mapper, Reducer or Partitioner that does its work by running another class named in the
 * job's configuration (the way {@code provmr wrap} runs unmodified user classes). The lineage
 * records the class that really does the work, which this interface names.
 *
 * <p>Implementations need a public no-argument constructor; {@link #delegateName} is called on
 * an instance that has not been configured.
 */
public interface Delegator {

  /** The name of the class this delegator runs in a job with configuration {@code conf}. */
  String delegateName(Configuration conf);

  /**
   * Whether the class this delegator runs may write a record after its input record (or key)
   * has gone, from another thread: an external process fed through a pipe, as in Hadoop
   * Streaming. Capture then attributes a map output record to its whole split and a reduce
   * output record to every source the task had consumed when the record was written, the
   * most precise DataIDs that stay true when output and input are not in step.
   */
  default boolean writesAfterItsRecords(Configuration conf) {
    return false;
  }
}
