package org.provmr.conf;

/**
 * Every ProvMR configuration key, in one place, each with its default and the reason for it.
 *
 * <p>Keys are prefixed {@code provenance.} and never reuse Hadoop's own {@code mapreduce.*}
 * names. {@code conf/provmr-default.xml} documents the same keys for operators; a test keeps
 * the two in step. Typed access for job drivers lives in
 * {@link org.provmr.mapreduce.ProvenanceJob}.
 */
public final class ProvenanceKeys {

  /** Set by {@code ProvenanceJob.configure}; without it a ProvenanceMapper/Reducer is a plain Mapper/Reducer. */
  public static final String ENABLED = "provenance.enabled";
  /** Off by default so that unit tests (MRUnit) of a ProvenanceMapper see the plain business logic. */
  public static final boolean ENABLED_DEFAULT = false;

  /** Payload checksum algorithm: crc32c, crc32 or sha-256. */
  public static final String CHECKSUM_ALGORITHM = "provenance.checksum.algorithm";
  /** CRC32C: hardware-accelerated in the JDK (tens of GB/s) and what HDFS itself uses. */
  public static final String CHECKSUM_ALGORITHM_DEFAULT = "crc32c";

  /** Header mode: compact (ids into the part's dictionaries) or self-contained (everything inline). */
  public static final String HEADER_MODE = "provenance.header.mode";
  /** Compact keeps the header within the 12-byte budget; self-contained is for records that travel alone. */
  public static final String HEADER_MODE_DEFAULT = "compact";

  /** Comma-separated configuration keys whose values are recorded as lineage parameters. */
  public static final String LINEAGE_PARAM_KEYS = "provenance.lineage.param.keys";
  /** Empty: the structural parameters (classes, reduces, inputs) are always recorded. */
  public static final String LINEAGE_PARAM_KEYS_DEFAULT = "";

  /** Whether map tasks fingerprint the bytes of their input split for the source manifest. */
  public static final String FINGERPRINT_ENABLED = "provenance.fingerprint.enabled";
  /** On: validation of sources needs it, and the split's bytes are still in the page cache. */
  public static final boolean FINGERPRINT_ENABLED_DEFAULT = true;

  /** Size of the chunks a split fingerprint is made of, so a changed source is located to a chunk. */
  public static final String FINGERPRINT_CHUNK_BYTES = "provenance.fingerprint.chunk.bytes";
  /** 1 MiB: 128 entries for a 128 MiB HDFS block, small in the manifest, fine enough to name records. */
  public static final long FINGERPRINT_CHUNK_BYTES_DEFAULT = 1L << 20;

  /** Glob patterns of configuration keys never copied into the lineage store (secrets). */
  public static final String STORE_CONFIG_EXCLUDE = "provenance.store.config.exclude";
  /** Credentials must not end up in a world-readable _provenance/job.json. */
  public static final String STORE_CONFIG_EXCLUDE_DEFAULT =
      "*password*,*secret*,*token*,*.key,*credential*,*.keystore.*,hadoop.security.*";

  /** Client completion poll interval used when a job runs in local mode. */
  public static final String LOCAL_POLL_INTERVAL_MS = "provenance.local.poll.interval.ms";
  /** 100 ms: Hadoop's default of 5000 ms adds seconds to every small local job. */
  public static final int LOCAL_POLL_INTERVAL_MS_DEFAULT = 100;

  /**
   * Internal: the job's real map output value class, which ProvMR wraps in a
   * {@code TracedValue} for the shuffle. Set by {@code ProvenanceJob.configure}.
   */
  public static final String MAP_OUTPUT_VALUE_CLASS = "provenance.map.output.value.class";

  private ProvenanceKeys() {
  }
}
