package org.provmr.recompute;

import java.util.Locale;

/** Sizes such as 500m, 10g, 1t or a plain number of bytes; -1 when not a size. */
final class Sizes {
  private Sizes() {
  }

  static long parse(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    long unit = 1;
    if (!s.isEmpty()) {
      int shift = "kmgt".indexOf(s.charAt(s.length() - 1));
      if (shift >= 0) {
        unit = 1L << (10 * (shift + 1));
        s = s.substring(0, s.length() - 1);
      }
    }
    try {
      long n = Long.parseLong(s);
      return n > 0 ? Math.multiplyExact(n, unit) : -1;
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }
}
