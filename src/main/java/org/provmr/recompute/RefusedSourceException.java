package org.provmr.recompute;

/**
 * A lineage store would have a recompute read a source outside provenance.validate.source.roots
 * (or through a symbolic link below a root); the recompute is refused before it is opened
 * (exit code 4).
 */
public final class RefusedSourceException extends RefusedException {
  private static final long serialVersionUID = 1L;

  RefusedSourceException(String message) {
    super(message);
  }
}
