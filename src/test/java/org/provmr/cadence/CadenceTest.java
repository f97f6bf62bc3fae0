package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.Instant;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

class CadenceTest {
  private static final long H = 3_600_000L;
  private static final long D = 24 * H;
  private static final long MONDAY = Instant.parse("2026-01-05T02:00:00Z").toEpochMilli();

  private static long[] weekdaysAt2(int weeks) {
    long[] t = new long[weeks * 5];
    int n = 0;
    for (int w = 0; w < weeks; w++) {
      for (int d = 0; d < 5; d++) {
        t[n++] = MONDAY + (w * 7L + d) * D;
      }
    }
    return t;
  }

  @Test
  void weekendsWithoutUpdatesDoNotCountSoMondayIsExpectedAfterFriday() {
    Cadence c = Cadence.learn(weekdaysAt2(4), CadenceSettings.defaults());
    assertEquals(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY), c.quietDays());
    assertEquals(D, c.medianInterval());
    long friday = MONDAY + (3 * 7 + 4) * D;
    assertEquals(friday, c.lastUpdate());
    assertEquals(friday + 3 * D, c.predictedNext(), "Monday 02:00");
    assertEquals(Cadence.Status.FRESH, c.status(friday + D + H), "Saturday: not counted");
    assertEquals(Cadence.Status.FRESH, c.status(friday + 2 * D + 21 * H), "Sunday night");
    assertEquals(Cadence.Status.DUE, c.status(friday + 3 * D + H), "Monday 03:00");
    assertEquals(Cadence.Status.OVERDUE, c.status(friday + 3 * D + 13 * H),
        "Monday 15:00, half a day late");
  }

  /** Every hour from 08:00 to 18:00 UTC, Monday to Friday, for {@code weeks} weeks. */
  private static long[] businessHours(int weeks) {
    long monday = MONDAY - 2 * H;
    java.util.List<Long> t = new java.util.ArrayList<>();
    for (int d = 0; d < weeks * 7; d++) {
      if (d % 7 < 5) {
        for (int h = 8; h <= 18; h++) {
          t.add(monday + d * D + h * H);
        }
      }
    }
    return t.stream().mapToLong(Long::longValue).toArray();
  }

  @Test
  void aSourceThatUpdatesOnlyInBusinessHoursIsNotLateAtNight() {
    long[] u = businessHours(3);
    Cadence c = Cadence.learn(u, CadenceSettings.defaults());
    // No update from 18:15 on; the night starts half an interval later, until 08:00.
    assertEquals("18:45-08:00 UTC", c.quietTimeOfDay());
    assertEquals(H, c.medianInterval());
    long friday1800 = c.lastUpdate();
    assertEquals(Cadence.Status.FRESH, c.status(friday1800 + 40 * 60_000L));
    assertEquals(Cadence.Status.FRESH, c.status(friday1800 + D + 23 * H), "Sunday 17:00");
    assertEquals(Cadence.Status.FRESH, c.status(friday1800 + 2 * D + 13 * H + 59 * 60_000L),
        "Monday 07:59");
    assertEquals(friday1800 + 2 * D + 14 * H + 15 * 60_000L, c.predictedNext(),
        "45 minutes counted on Friday evening, 15 on Monday morning");
    assertEquals(Cadence.Status.OVERDUE, c.status(friday1800 + 2 * D + 14 * H + 46 * 60_000L),
        "Monday 08:46, the 08:00 update missed");
    // Without the seasonality the same history is late every evening.
    Cadence wall = Cadence.learn(u, CadenceSettings.defaults(), false);
    assertEquals("", wall.quietTimeOfDay());
    assertEquals(Cadence.Status.OVERDUE, wall.status(friday1800 + 3 * H));
    assertTrue(String.join("\n", c.explain()).contains("quiet hours 18:45-08:00 UTC"),
        c.explain().toString());
    assertTrue(c.summary().contains("none 18:45-08:00 UTC"), c.summary());
  }

  @Test
  void theDaysLastUpdateMissedIsOverdueBeforeTheNightStopsTheClock() {
    long[] all = businessHours(3);
    long[] u = java.util.Arrays.copyOf(all, all.length - 1); // Friday 18:00 never came
    Cadence c = Cadence.learn(u, CadenceSettings.defaults());
    long friday1700 = c.lastUpdate();
    assertEquals(Cadence.Status.OVERDUE, c.status(friday1700 + 91 * 60_000L), "18:31");
  }

  @Test
  void evenlySpacedOrShortHistoriesHaveNoNight() {
    long[] every4h = new long[21 * 6];
    for (int i = 0; i < every4h.length; i++) {
      every4h[i] = MONDAY + i * 4 * H;
    }
    assertEquals("", Cadence.learn(every4h, CadenceSettings.defaults()).quietTimeOfDay(),
        "three empty hours between updates are not a night");
    long[] tenDays = java.util.Arrays.copyOf(businessHours(2), 8 * 11);
    assertEquals("", Cadence.learn(tenDays, CadenceSettings.defaults()).quietTimeOfDay(),
        "under two weeks of history");
    assertEquals("", Cadence.learn(weekdaysAt2(4), CadenceSettings.defaults())
        .quietTimeOfDay(), "a daily source: its quiet weekdays are enough");
  }

  @Test
  void anOutlierGapDoesNotMoveTheMedian() {
    long[] t = new long[30];
    for (int i = 0; i < t.length; i++) {
      t[i] = MONDAY + i * H + (i > 10 ? 20 * H : 0); // one 21 h outage
    }
    Cadence c = Cadence.learn(t, CadenceSettings.defaults());
    assertEquals(H, c.medianInterval());
    assertTrue(c.regular());
  }

  @Test
  void tooLittleHistoryIsNotTrusted() {
    Cadence c = Cadence.learn(new long[] {MONDAY, MONDAY + D, MONDAY + 2 * D},
        CadenceSettings.defaults());
    assertFalse(c.trusted());
    assertEquals(Cadence.Status.UNTRUSTED, c.status(MONDAY + 30 * D));
    assertTrue(c.explain().get(0).contains("not trusted"), c.explain().get(0));
  }

  @Test
  void explainNamesTheUpdatesAndTheArithmetic() {
    Cadence c = Cadence.learn(weekdaysAt2(3), CadenceSettings.defaults());
    String all = String.join("\n", c.explain());
    assertTrue(all.contains("2026-01-23T02:00:00Z"), all); // the last update
    assertTrue(all.contains("quiet days SAT/SUN not counted"), all);
    assertTrue(all.contains("median 1d"), all);
    assertTrue(all.contains("expected next 2026-01-26T02:00:00Z"), all);
  }

  @Test
  void badSettingsNameTheKey() {
    Configuration c = new Configuration(false);
    c.set(ProvenanceKeys.CADENCE_HORIZON, "90");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> CadenceSettings.of(c));
    assertTrue(e.getMessage().contains(ProvenanceKeys.CADENCE_HORIZON), e.getMessage());
  }

  @Test
  void filesWrittenWithinABurstAreOneUpdate() {
    assertEquals(2, Updates.merge(new long[] {0, 60_000, 120_000, D}, 5 * 60_000).length);
  }
}
