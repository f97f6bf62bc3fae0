package org.provmr.mapreduce;

import org.apache.hadoop.mapreduce.TaskInputOutputContext;

/**
 * Decides, in a ProvenanceMapper's task, whether a map output record goes on to the shuffle (or
 * the output). Set with {@link ProvenanceJob#setMapOutputFilter}; a job that recomputes only
 * some reduce partitions drops the records of the others here, before they cost a shuffle.
 *
 * <p>Implementations need a public no-argument constructor; a {@link
 * org.apache.hadoop.conf.Configurable} one gets the job's configuration.
 */
public interface MapOutputFilter {

  /**
   * Whether the record written by map() continues. Called with the user's own key and value
   * (not the traced value), once per record, on the task's thread.
   */
  boolean accept(Object key, Object value, TaskInputOutputContext<?, ?, ?, ?> context);
}
