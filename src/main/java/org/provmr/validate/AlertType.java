package org.provmr.validate;

/** The kinds of validation finding; {@link #label()} is the alert's {@code type} field. */
public enum AlertType {
  /** An output record (or part) does not match its own checksum, or cannot be read. */
  CHECKSUM_MISMATCH("checksum_mismatch", Severity.ERROR, ValidationCounters.CHECKSUM_MISMATCH),
  /** A source's bytes differ from the fingerprint recorded at capture. */
  SOURCE_MISMATCH("source_mismatch", Severity.ERROR, ValidationCounters.SOURCE_MISMATCH),
  /** A source file, or the range an output was computed from, no longer exists. */
  SOURCE_MISSING("source_missing", Severity.ERROR, ValidationCounters.SOURCE_MISSING),
  /** A source has not been updated within its staleness window, or changed after capture. */
  DATA_STALENESS("data_staleness", Severity.WARNING, ValidationCounters.DATA_STALENESS),
  /** A DataID points outside the source roots; it was not opened. */
  FORBIDDEN_SOURCE("forbidden_source", Severity.ERROR, ValidationCounters.FORBIDDEN_SOURCE),
  /**
   * A file in the output that a reader would consume (not hidden: no leading _ or .) and that
   * the lineage store does not list: it was not written by the job.
   */
  UNLISTED_PART("unlisted_part", Severity.ERROR, ValidationCounters.UNLISTED_PART),
  /** The lineage store contradicts itself: a value out of range, a duplicate, a dangling id. */
  STORE_INCONSISTENT("store_inconsistent", Severity.ERROR,
      ValidationCounters.STORE_INCONSISTENT),
  /** Keyed mode: a part or the lineage store does not match its MAC, or cannot be verified. */
  MAC_MISMATCH("mac_mismatch", Severity.ERROR, ValidationCounters.MAC_MISMATCH);

  /** How urgent a finding is: errors mean wrong data, warnings old data. */
  public enum Severity {
    ERROR, WARNING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The first alert schema version that has this type. */
  int since() {
    return ordinal() >= UNLISTED_PART.ordinal() ? 2 : 1;
  }

  private final String label;
  private final Severity severity;
  private final ValidationCounters counter;

  AlertType(String label, Severity severity, ValidationCounters counter) {
    this.label = label;
    this.severity = severity;
    this.counter = counter;
  }

  public String label() {
    return label;
  }

  public Severity severity() {
    return severity;
  }

  ValidationCounters counter() {
    return counter;
  }

  /** The type with this label, or an IllegalArgumentException naming the known ones. */
  public static AlertType fromLabel(String label) {
    for (AlertType t : values()) {
      if (t.label.equals(label)) {
        return t;
      }
    }
    throw new IllegalArgumentException("Unknown alert type '" + label + "'");
  }
}
