package org.provmr.validate;

/** Hadoop counters of a validation job (group {@code org.provmr.validate.ValidationCounters}). */
public enum ValidationCounters {
  /** Output part files checked (present or not). */
  PARTS_CHECKED,
  /** Parts whose whole-file checksum matched, so no record was decoded. */
  PARTS_FAST_PATH,
  /** Parts read record by record (a fast check failed, or --deep). */
  PARTS_RECORD_LEVEL,
  /** Output records covered by the checks (the counts the lineage store recorded). */
  RECORDS_CHECKED,
  /** Records whose payload and header checked out (all of a part that passed the fast path). */
  RECORDS_VALID,
  /** Bytes of output parts read. */
  BYTES_CHECKED,
  /** Manifest entries (input splits) whose fingerprint was compared; a range is read once. */
  SOURCES_CHECKED,
  /** Manifest entries whose range matched its fingerprint. */
  SOURCES_VALID,
  /** Bytes of sources read. */
  SOURCE_BYTES_CHECKED,
  /**
   * Manifest entries whose content cannot be compared: no fingerprint recorded (existence and
   * age are still checked), or not a file split at all (nothing to open).
   */
  SOURCES_UNVERIFIABLE,
  /**
   * Manifest entries proven unchanged by a CRC32C the file system composed from its stored
   * checksums (HDFS, COMPOSITE_CRC), without reading the range; not under --deep.
   */
  SOURCES_COMPOSITE_CRC,
  /**
   * Manifest entries trusted without reading: verified within provenance.validate.reverify.period
   * and the file's length, time and checksum unchanged since; not under --deep.
   */
  SOURCES_REVERIFY_SKIPPED,
  /** Lineage stores checked for consistency (and in keyed mode their seal) and unlisted files. */
  STORES_CHECKED,
  /** Keyed mode: stores whose seal verified with a configured key. */
  STORES_AUTHENTICATED,
  /** Keyed mode: parts whose every chunk MAC verified. */
  PARTS_AUTHENTICATED,
  /** Parts of the checked ones that are in a sub-stream directory (priority/, age-LIMIT/). */
  SUBSTREAM_PARTS_CHECKED,
  /** Alerts written, all types. */
  FINDINGS,
  CHECKSUM_MISMATCH,
  SOURCE_MISMATCH,
  SOURCE_MISSING,
  DATA_STALENESS,
  FORBIDDEN_SOURCE,
  UNLISTED_PART,
  STORE_INCONSISTENT,
  MAC_MISMATCH
}
