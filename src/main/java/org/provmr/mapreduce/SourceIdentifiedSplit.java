package org.provmr.mapreduce;

/**
 * An input split that names the source id its records are stamped with, instead of the map
 * task's index. A job that re-reads splits of an earlier provenance job (a recompute, a replay)
 * uses such splits so that its records keep the ids of the earlier job's source manifest.
 */
public interface SourceIdentifiedSplit {

  /** The id of this split in the source manifest its records refer to. */
  int sourceId();

  /**
   * The id of the {@code chunk}-th file range of a split that holds several (a combined split
   * re-read by a recompute); by default the ranges' ids follow the first one's.
   */
  default int sourceId(int chunk) {
    return sourceId() + chunk;
  }

  /**
   * The source id capture stamps on the records of map task {@code task}, which reads
   * {@code split} (MultipleInputs' tag removed): the split's own id if it names one, else the
   * task's index. Stamping, routing and the job's split table all ask here, so they agree.
   */
  static int of(Object split, int task) {
    return split instanceof SourceIdentifiedSplit ? ((SourceIdentifiedSplit) split).sourceId()
        : task;
  }
}
