package org.provmr.cli;

/** The exit codes of every provmr command (documented in the README). */
public final class ExitCodes {
  /** Success. */
  public static final int OK = 0;
  /** The command or its job failed (I/O error, failed job, unreadable data). */
  public static final int FAILURE = 1;
  /** Bad usage: unknown command or option, missing input, existing output, bad value. */
  public static final int USAGE = 2;
  /** Validation ran and found problems. */
  public static final int FINDINGS = 3;
  /**
   * Refused: a lineage store names a class outside provenance.recompute.allowed.classes, or a
   * source outside provenance.validate.source.roots (or reached through a symbolic link).
   */
  public static final int REFUSED = 4;
  /**
   * Busy: another command (a recompute or sweep, here or on another machine) holds the lock on
   * an output this one would write or validate. Nothing was done; run again once it finished.
   */
  public static final int BUSY = 5;

  private ExitCodes() {
  }
}
