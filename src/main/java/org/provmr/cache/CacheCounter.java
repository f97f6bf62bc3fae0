package org.provmr.cache;

/** Counters of the map-output cache, published by the tasks that write and read it. */
public enum CacheCounter {
  /** Map tasks whose output was written to the cache. */
  ENTRIES_WRITTEN,
  /** Bytes written to the cache (entry headers and map output). */
  BYTES_WRITTEN,
  /** Map tasks whose output could not be cached (the job went on without). */
  WRITE_FAILURES,
  /**
   * Map tasks that replayed cached segments instead of mapping: in a recompute, or in a capture
   * job rerun over a split an earlier run of the same map step cached.
   */
  HITS,
  /** Map tasks of a capture job that looked for an entry of their split and found none. */
  MISSES,
  /** Cached segment bytes replayed (what re-mapping would have recomputed). */
  BYTES_READ,
  /** Map output records replayed from the cache. */
  RECORDS_REPLAYED,
  /** Entries rejected (missing, corrupt or of another source) and re-mapped instead. */
  REJECTED
}
