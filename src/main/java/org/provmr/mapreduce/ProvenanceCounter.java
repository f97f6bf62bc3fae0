package org.provmr.mapreduce;

/**
 * What capture did, as job counters (group {@code org.provmr.mapreduce.ProvenanceCounter},
 * shown as "ProvMR capture"): the figures a user checks against the lineage store and
 * that {@code provmr run}/{@code wrap} print at the end of a job.
 */
public enum ProvenanceCounter {
  /** Output records stamped with a provenance header. */
  RECORDS_STAMPED,
  /** Bytes of provenance headers written (type marks not included). */
  HEADER_BYTES,
  /** Input splits recorded in the source manifest, one per map task. */
  SOURCES,
  /** Distinct source sets in the parts' dictionaries, summed over parts. */
  SOURCE_SETS
}
