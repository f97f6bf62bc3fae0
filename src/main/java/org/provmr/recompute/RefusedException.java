package org.provmr.recompute;

/**
 * A lineage store asks for something the operator has not allowed: a class outside
 * provenance.recompute.allowed.classes, or a source outside provenance.validate.source.roots.
 * The recompute is refused before the thing is loaded or read (exit code 4).
 */
public class RefusedException extends Exception {
  private static final long serialVersionUID = 1L;

  RefusedException(String message) {
    super(message);
  }
}
