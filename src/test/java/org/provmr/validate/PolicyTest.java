package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;

/** Durations, staleness windows, source roots and the alert line, on a bare Configuration. */
class PolicyTest {

  @Test
  void durationsAcceptTheDocumentedUnitsAndOff() {
    assertEquals(30 * 60_000L, Durations.parse("k", "30m"));
    assertEquals(12 * 3_600_000L, Durations.parse("k", " 12h "));
    assertEquals(7 * 86_400_000L, Durations.parse("k", "7d"));
    assertEquals(14 * 86_400_000L, Durations.parse("k", "2w"));
    assertEquals(45_000L, Durations.parse("k", "45s"));
    assertEquals(Durations.OFF, Durations.parse("k", "off"));
    assertEquals(Durations.OFF, Durations.parse("k", "OFF"));
    assertEquals(7 * 86_400_000L, Durations.parse("k", "7D"));
    assertEquals(500L, Durations.parse("k", "500ms"), "Hadoop's ms comes with getTimeDuration");
    assertEquals("7d", Durations.format(7 * 86_400_000L));
    assertEquals("90m", Durations.format(90 * 60_000L));
  }

  @Test
  void malformedDurationNamesKeyValueAndFix() {
    for (String bad : new String[] {"", "7", "7days", "-1h", "1.5h", "h", "+1h", "7 d", "2x",
        "w", "-1w", "1.5w", "99999999999999999w"}) {
      BadConfigurationException e = assertThrows(BadConfigurationException.class,
          () -> Durations.parse("my.key", bad));
      assertTrue(e.getMessage().contains("'" + bad + "' for my.key"), e.getMessage());
      assertTrue(e.getMessage().contains("30m, 12h or 7d"), e.getMessage());
    }
  }

  @Test
  void longestMatchingPatternWinsOverShorterOnesAndTheDefault() {
    Configuration c = new Configuration(false);
    c.set("provenance.validate.staleness.window", "7d");
    c.set("provenance.validate.staleness.window./data/**", "1d");
    c.set("provenance.validate.staleness.window./data/clicks/*.log", "1h");
    c.set("provenance.validate.staleness.window.hdfs://nn/ref/**", "off");
    StalenessPolicy p = StalenessPolicy.of(c);
    assertEquals(3_600_000L, p.windowFor("hdfs://nn/data/clicks/a.log"));
    // * stays within a segment, ** does not.
    assertEquals(86_400_000L, p.windowFor("hdfs://nn/data/clicks/2026/a.log"));
    assertEquals(86_400_000L, p.windowFor("file:/data/x/y"));
    assertEquals(Durations.OFF, p.windowFor("hdfs://nn/ref/countries.csv"));
    assertEquals(7 * 86_400_000L, p.windowFor("file:/home/u/in.txt"));
  }

  @Test
  void sourcesOutsideTheRootsOrClimbingOutAreRefused() {
    SourceRoots roots = SourceRoots.of(List.of(URI.create("hdfs://nn:8020/data/in"),
        URI.create("file:/work/in")));
    assertNull(roots.violation("hdfs://nn:8020/data/in/a.txt"));
    assertNull(roots.violation("hdfs://nn:8020/data/in"));
    assertNull(roots.violation("file:/work/in/deep/b.txt"));
    assertNotNull(roots.violation("hdfs://nn:8020/data/input-other/a.txt"));
    assertNotNull(roots.violation("hdfs://other:8020/data/in/a.txt"));
    assertNotNull(roots.violation("file:/data/in/a.txt"));
    assertNotNull(roots.violation("s3a://bucket/data/in/a.txt"));
    assertTrue(roots.violation("hdfs://nn:8020/data/in/../secret/a").contains(".."));
    assertNotNull(roots.violation("/data/in/a.txt"));
  }

  @Test
  void rootsComeOnlyFromTheOperatorAndTheRecordedInputsCanOnlyNarrowThem() throws Exception {
    Configuration c = new Configuration(false);
    org.provmr.store.JobRecord job = job("file:/work/in/*/day=1");
    BadConfigurationException unset = assertThrows(BadConfigurationException.class,
        () -> SourceRoots.of(c, job));
    assertTrue(unset.getMessage().startsWith("provenance.validate.source.roots is not set."),
        unset.getMessage());

    c.set("provenance.validate.source.roots", "file:/work,file:/more");
    assertEquals(List.of(URI.create("file:/work/in")), SourceRoots.of(c, job).roots(),
        "an input under a root narrows it");
    SourceRoots everything = SourceRoots.of(c, job("file:/"));
    assertEquals(List.of(URI.create("file:/work"), URI.create("file:/more")),
        everything.roots(), "an input above the roots widens nothing");
    assertNotNull(everything.violation("file:/etc/passwd"));
    assertTrue(SourceRoots.of(c, job("file:/elsewhere/in")).roots().isEmpty(),
        "an input outside every root gives no root at all");
    assertEquals(List.of(URI.create("file:/work"), URI.create("file:/more")),
        SourceRoots.of(c, job()).roots(), "no recorded input: the operator's roots");

    c.set("provenance.validate.source.roots", "file:/data/*");
    BadConfigurationException glob = assertThrows(BadConfigurationException.class,
        () -> SourceRoots.configured(c));
    assertTrue(glob.getMessage().contains("'file:/data/*'"), glob.getMessage());
  }

  private static org.provmr.store.JobRecord job(String... inputs) {
    return new org.provmr.store.JobRecord(1, "job_1", "j", "u", 0, "compact", "crc32c",
        List.of(inputs), List.of(), null);
  }

  @Test
  void alertLineRoundTripsWithItsVersion() throws Exception {
    Alert a = new Alert.Builder(AlertType.SOURCE_MISMATCH, "content_changed")
        .output("hdfs://nn/out", "job_1").part("part-m-00003", 0).record(17, 4096)
        .dataId(3, "hdfs://nn/in/a.txt", 65536, 80).checksums("0badcafe", "deadbeef")
        .message("changed").build(Instant.parse("2026-11-27T10:00:00Z"));
    String line = a.toJson();
    assertTrue(line.startsWith("{\"version\":1,\"type\":\"source_mismatch\","
        + "\"severity\":\"error\",\"scope\":\"record\""), line);
    assertEquals(a, Alert.fromJson(line));
    assertThrows(java.io.IOException.class,
        () -> Alert.fromJson(line.replace("\"version\":1", "\"version\":4")));
  }
}
