package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;

class SubstreamKeyTest {
  private static SubstreamKey key(String by, String bands) {
    Configuration conf = new Configuration(false);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, by);
    if (bands != null) {
      conf.set(ProvenanceKeys.SUBSTREAM_AGE_BANDS, bands);
    }
    return SubstreamKey.of(conf);
  }

  private static long ms(Duration d) {
    return d.toMillis();
  }

  @Test
  void noneRoutesNothing() {
    SubstreamKey k = key("none", null);
    assertFalse(k.routes());
    assertNull(k.route(Confidence.LOW, 0));
  }

  @Test
  void confidenceSendsLowConfidenceToPriorityAndNothingElse() {
    SubstreamKey k = key("confidence", null);
    assertEquals("priority", k.route(Confidence.LOW, -1));
    assertNull(k.route(Confidence.MEDIUM, 0));
    assertNull(k.route(Confidence.HIGH, 0));
  }

  @Test
  void ageBandsAreHalfOpenFromTheYoungest() {
    SubstreamKey k = key("age", "1h,1d,7d");
    assertEquals("priority", k.route(Confidence.HIGH, 0));
    assertEquals("priority", k.route(Confidence.HIGH, ms(Duration.ofMinutes(59))));
    assertEquals("age-1d", k.route(Confidence.HIGH, ms(Duration.ofHours(1))));
    assertEquals("age-7d", k.route(Confidence.HIGH, ms(Duration.ofDays(6))));
    assertNull(k.route(Confidence.HIGH, ms(Duration.ofDays(7))));
    assertNull(k.route(Confidence.HIGH, -1), "unknown age stays in the main parts");
    assertNull(k.route(Confidence.LOW, ms(Duration.ofDays(8))), "age alone ignores confidence");
    assertEquals(List.of("priority", "age-1d", "age-7d"), k.substreams());
  }

  @Test
  void combinationRoutesLowConfidenceFirstThenByAge() {
    for (String by : List.of("combination", "confidence,age", "age+confidence")) {
      SubstreamKey k = key(by, "30m,2w");
      assertEquals("priority", k.route(Confidence.LOW, ms(Duration.ofDays(100))), by);
      assertEquals("age-2w", k.route(Confidence.HIGH, ms(Duration.ofDays(1))), by);
    }
  }

  @Test
  void badValuesNameTheKeyAndTheValue() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> key("freshness", null));
    assertTrue(e.getMessage().contains("provenance.substream.by=freshness"), e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> key("age", "1d,1h"));
    assertTrue(e.getMessage().contains("ascending"), e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> key("age", "1 hour"));
    assertTrue(e.getMessage().contains("provenance.substream.age.bands=1 hour"),
        e.getMessage());
  }
}
