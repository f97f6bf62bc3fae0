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
