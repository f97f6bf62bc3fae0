package org.provmr.cadence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.Set;

/**
 * The time that counts for a source: all of it, less its quiet weekdays and its quiet slots
 * of the day (UTC, {@link TimeOfDay}). Both are whole quarter hours, so the clock walks slot by
 * slot when it has quiet slots and day by day otherwise.
 */
final class Clock {
  private static final long DAY = 86_400_000L;
  /** Beyond this many days apart, the average share of counted time is exact enough. */
  private static final int MAX_DAYS_WALKED = 20_000;

  private final Set<DayOfWeek> quietDays;
  private final BitSet quietSlots;
  private final long step;

  Clock(Set<DayOfWeek> quietDays, BitSet quietSlots) {
    this.quietDays = quietDays;
    this.quietSlots = quietSlots;
    this.step = quietSlots.isEmpty() ? DAY : TimeOfDay.SLOT;
  }

  boolean wall() {
    return quietDays.isEmpty() && quietSlots.isEmpty();
  }

  private boolean quiet(long t) {
    return quietDays.contains(weekday(t)) || quietSlots.get(TimeOfDay.slot(t));
  }

  static DayOfWeek weekday(long t) {
    return Instant.ofEpochMilli(t).atZone(ZoneOffset.UTC).getDayOfWeek();
  }

  /** Time from a to b that counts. */
  long active(long a, long b) {
    if (wall() || b <= a) {
      return Math.max(0, b - a);
    }
    double span = (double) b - a; // b - a overflows for crafted times 2^63 ms apart
    if (span / DAY > MAX_DAYS_WALKED) {
      return Math.round(span * share());
    }
    long total = 0;
    for (long t = a; t < b; ) {
      long end = Math.min(b, boundaryAfter(t));
      if (!quiet(t)) {
        total += end - t;
      }
      t = end;
    }
    return total;
  }

  /** The wall time when {@code amount} of counting time has passed after {@code a}. */
  long after(long a, long amount) {
    if (wall()) {
      return plus(a, amount);
    }
    long t = a;
    long left = amount;
    long maxSteps = MAX_DAYS_WALKED * (DAY / step);
    for (long i = 0; i < maxSteps; i++) {
      long end = boundaryAfter(t);
      if (end == t) {
        return t; // the end of time: a long holds no later instant
      }
      if (!quiet(t)) {
        if (left <= end - t) {
          return t + left;
        }
        left -= end - t;
      }
      t = end;
    }
    return plus(t, Math.round(left / share()));
  }

  /**
   * The next day or slot boundary after {@code t}, or Long.MAX_VALUE past the last one a long
   * holds: a crafted time in the last day of the year 292 million put the next boundary past
   * 2^63, which wrapped to the year -292 million, and the clock walked back slot by slot.
   */
  private long boundaryAfter(long t) {
    long next = Math.floorDiv(t, step) + 1;
    return next > Long.MAX_VALUE / step ? Long.MAX_VALUE : next * step;
  }

  /** {@code a + b}, held at the ends of a long rather than wrapped round. */
  private static long plus(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** The share of the week that counts. */
  private double share() {
    return (7 - quietDays.size()) / 7.0 * (TimeOfDay.SLOTS - quietSlots.cardinality())
        / TimeOfDay.SLOTS;
  }
}
