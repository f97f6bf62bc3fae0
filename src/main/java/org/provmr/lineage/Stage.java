package org.provmr.lineage;

import java.util.Locale;

/** The kind of task a lineage {@link Step} ran in. Wire codes are part of the format. */
public enum Stage {
  /** A map task. */
  MAP(0),
  /** A reduce task. */
  REDUCE(1),
  /** A targeted recomputation of records found invalid. */
  RECOMPUTE(2);

  private static final Stage[] BY_CODE = values();

  private final int code;
  private final String label;

  Stage(int code) {
    this.code = code;
    this.label = name().toLowerCase(Locale.ROOT);
  }

  /** The wire code. */
  public int code() {
    return code;
  }

  /** Lower-case name for reports: "map", "reduce", "recompute". */
  public String label() {
    return label;
  }

  /**
   * Looks a stage up by wire code.
   *
   * @throws IllegalArgumentException if no stage has this code
   */
  public static Stage fromCode(int code) {
    if (code < 0 || code >= BY_CODE.length) {
      throw new IllegalArgumentException("unknown stage code " + code);
    }
    return BY_CODE[code];
  }
}
