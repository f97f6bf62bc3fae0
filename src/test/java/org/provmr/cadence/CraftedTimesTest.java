package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Modification times a crafted store or history claims: far future, far past. */
class CraftedTimesTest {
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;
  private static final long NOW = 1_780_000_000_000L;

  private static long[] hourlyThen(long crafted) {
    long[] u = new long[41];
    for (int i = 0; i < 40; i++) {
      u[i] = NOW - (40 - i) * HOUR;
    }
    u[40] = crafted;
    return u;
  }

  @Test
  void anUpdateMillionsOfYearsAheadIsLearnedInBoundedTime() {
    for (long crafted : new long[] {Long.MAX_VALUE, NOW + 1_000_000_000_000_000L}) {
      Cadence c = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> Cadence.learn(hourlyThen(crafted), CadenceSettings.defaults()));
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
        c.status(NOW);
        c.explain();
        c.overdueAt();
      });
    }
  }

  @Test
  void anUpdateAtTheStartOfTimeIsLearnedInBoundedTime() {
    long[] u = hourlyThen(NOW);
    u[0] = Long.MIN_VALUE;
    Cadence c = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Cadence.learn(u, CadenceSettings.defaults()));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.status(NOW));
    assertFalse(c.explain().isEmpty());
  }

  @Test
  void aWeekdayPatternAtTheStartOfTimeIsJudgedInBoundedTime() {
    long monday = Math.floorDiv(Long.MIN_VALUE, 7 * DAY) * 7 * DAY + 11 * DAY + 2 * HOUR;
    long[] u = new long[20];
    for (int i = 0; i < 20; i++) {
      u[i] = monday + (i / 5 * 7L + i % 5) * DAY;
    }
    Cadence c = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Cadence.learn(u, CadenceSettings.defaults()));
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> c.status(NOW));
  }

  /**
   * A pattern ending in the last day (and quarter hour) a long can hold: the clock's next day
   * or slot boundary lies past Long.MAX_VALUE, and before 2026-12-06 it overflowed to the
   * year -292 million, from where the clock walked back slot by slot (hours).
   */
  @Test
  void aWeekdayPatternAtTheEndOfTimeIsJudgedInBoundedTime() {
    long lastDay = Math.floorDiv(Long.MAX_VALUE, DAY);
    java.util.List<Long> t = new java.util.ArrayList<>();
    for (long d = lastDay - 27; d <= lastDay; d++) {
      java.time.DayOfWeek w = Clock.weekday(d * DAY);
      if (d == lastDay || w.getValue() < 6) {
        t.add(d * DAY + (d == lastDay ? 5 * HOUR : 2 * HOUR));
      }
    }
    long[] u = t.stream().mapToLong(Long::longValue).toArray();
    Cadence c = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Cadence.learn(u, CadenceSettings.defaults()));
    assertFalse(c.quietDays().isEmpty(), "the clock has quiet days: it walks day by day");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      c.status(NOW);
      c.status(Long.MAX_VALUE);
      c.explain();
    });
    assertTrue(c.medianInterval() > 0 && c.medianInterval() <= DAY, c.summary());
  }

  @Test
  void businessHoursAtTheEndOfTimeAreJudgedInBoundedTime() {
    long lastDay = Math.floorDiv(Long.MAX_VALUE, DAY);
    long lastSlot = Math.floorDiv(Long.MAX_VALUE, TimeOfDay.SLOT) * TimeOfDay.SLOT;
    java.util.List<Long> t = new java.util.ArrayList<>();
    for (long d = lastDay - 20; d < lastDay; d++) {
      for (int h = 0; h <= 7; h++) {
        t.add(d * DAY + h * HOUR);
      }
    }
    t.add(lastSlot + 60_000L); // within the last quarter hour a long can hold
    long[] u = t.stream().mapToLong(Long::longValue).toArray();
    Cadence c = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> Cadence.learn(u, CadenceSettings.defaults()));
    assertFalse(c.quietTimeOfDay().isEmpty(), "the clock has a night: it walks by slots");
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      c.status(NOW);
      c.status(Long.MAX_VALUE);
      c.explain();
    });
    assertTrue(c.medianInterval() > 0 && c.medianInterval() <= 2 * HOUR, c.summary());
  }
}
