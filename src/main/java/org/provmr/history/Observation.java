package org.provmr.history;

/**
 * One look at one source file.
 *
 * @param family the file's family ({@link FamilyRule}), a glob that lists its members
 * @param path the file, fully qualified
 * @param length its length in bytes
 * @param modificationTime its modification time (ms since the epoch)
 * @param fingerprint the fingerprint capture recorded, or null when not computed
 * @param observedAt when it was seen (ms)
 * @param kind who saw it
 */
public record Observation(String family, String path, long length, long modificationTime,
    String fingerprint, long observedAt, Kind kind) {

  /** Who made an observation; {@code CORRUPT} marks a corruption finding on the path. */
  public enum Kind {
    CAPTURE, VALIDATE, SWEEP, LISTING, CORRUPT
  }

  public Observation {
    if (family == null || path == null || kind == null) {
      throw new IllegalArgumentException("An observation needs a family, a path and a kind");
    }
  }

  /** Two observations of the same file version by different writers are one. */
  String identity() {
    return kind == Kind.CORRUPT ? path + '\n' + observedAt + "\nC"
        : path + '\n' + modificationTime + '\n' + length;
  }
}
