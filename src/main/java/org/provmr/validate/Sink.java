package org.provmr.validate;

import java.io.IOException;

/** Where checkers put what they find: alerts and counter increments (the mapper's context). */
interface Sink {
  void alert(Alert alert) throws IOException;

  void count(ValidationCounters counter, long amount);
}
