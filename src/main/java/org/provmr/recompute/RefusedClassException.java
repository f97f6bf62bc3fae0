package org.provmr.recompute;

/**
 * A lineage store names a class that provenance.recompute.allowed.classes does not admit; the
 * recompute is refused before anything is loaded or run (exit code 4).
 */
public final class RefusedClassException extends RefusedException {
  private static final long serialVersionUID = 1L;

  RefusedClassException(String message) {
    super(message);
  }
}
