package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

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
}
