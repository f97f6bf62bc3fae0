package org.provmr.header;

/**
 * How sure the writer is that the recorded provenance is exact. The codes occupy two bits of
 * the flags byte; code 3 is invalid.
 */
public enum Confidence {
  /** Provenance was tracked exactly. */
  HIGH(0),
  /** Provenance is correct but may over-approximate (e.g. a whole split instead of a range). */
  MEDIUM(1),
  /** Provenance was inferred and may be wrong; validate before trusting a recompute. */
  LOW(2);

  private static final Confidence[] BY_CODE = values();

  private final int code;

  Confidence(int code) {
    this.code = code;
  }

  /** The wire code. */
  public int code() {
    return code;
  }

  /**
   * Looks a confidence up by wire code.
   *
   * @throws HeaderFormatException if the code is not 0, 1 or 2
   */
  public static Confidence fromCode(int code) throws HeaderFormatException {
    if (code < 0 || code >= BY_CODE.length) {
      throw new HeaderFormatException("invalid confidence code " + code, -1);
    }
    return BY_CODE[code];
  }
}
