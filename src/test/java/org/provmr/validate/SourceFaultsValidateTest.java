package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * The source half of the fault-injection matrix, on the local file system: four input files,
 * each damaged differently after a map-only (grep) and a map+reduce (wordcount) job read them,
 * and one sweep over both outputs.
 */
class SourceFaultsValidateTest {
  @TempDir
  static Path dir;
  static Configuration conf;
  static String grep;
  static String wordcount;
  static StoredJob grepJob;
  static StoredJob wordcountJob;
  static ValidationFixtures.Validation sweep;
  /** Source file name by fault. */
  static final String MODIFIED = "text-00000.txt";
  static final String TRUNCATED = "text-00001.txt";
  static final String DELETED = "text-00002.txt";
  static final String STALE = "text-00003.txt";
  static final long FLIPPED_BYTE = 40_000;
  static final long CUT_AT = 50_000;
  static String text;

  @BeforeAll
  static void captureDamageSweep() throws Exception {
    conf = conf(dir);
    text = dir.resolve("text").toUri().toString();
    grep = dir.resolve("grep").toUri().toString();
    wordcount = dir.resolve("wordcount").toUri().toString();
    ValidationFixtures.ok(conf, "generate", "--output", text, "--size", "300k", "--files", "4",
        "--seed", "11");
    ValidationFixtures.grep(conf, text, grep);
    ValidationFixtures.wordcount(conf, text, wordcount);
    grepJob = ValidationFixtures.store(conf, grep);
    wordcountJob = ValidationFixtures.store(conf, wordcount);

    ValidationFixtures.edit(conf, file(MODIFIED),
        b -> b[(int) FLIPPED_BYTE] = (byte) (b[(int) FLIPPED_BYTE] == 'a' ? 'b' : 'a'));
    ValidationFixtures.truncate(conf, file(TRUNCATED), CUT_AT);
    FileSystem fs = file(DELETED).getFileSystem(conf);
    fs.delete(file(DELETED), false);
    fs.setTimes(file(STALE), System.currentTimeMillis() - 10L * 86_400_000L, -1);

    sweep = ValidationFixtures.validate(conf, dir.resolve("alerts").toUri().toString(),
        "--output", grep, "--output", wordcount);
  }

  private static org.apache.hadoop.fs.Path file(String name) {
    return new org.apache.hadoop.fs.Path(text, name);
  }

  private static SourceEntry source(StoredJob job, String name) {
    return job.sources().stream().filter(s -> s.uri().endsWith("/" + name)).findFirst()
        .orElseThrow();
  }

  private static List<Alert> alerts(StoredJob job, String name) {
    String uri = source(job, name).uri();
    return sweep.alerts().stream()
        .filter(a -> a.output().equals(job.output().toString()))
        .filter(a -> a.dataId() != null && a.dataId().uri().equals(uri)).toList();
  }

  /** Indexes of the grep records of a part whose source line overlaps [from, to). */
  private static Set<Long> recordsFrom(String part, int sourceId, long from, long to)
      throws Exception {
    Set<Long> hit = new TreeSet<>();
    try (ProvenanceFileReader<Writable, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(grep, part))) {
      long i = 0;
      while (r.next()) {
        ProvenanceHeader h = r.value().header();
        assertEquals(sourceId, h.sourceId());
        if (h.offset() < to && h.offset() + h.length() > from) {
          hit.add(i);
        }
        i++;
      }
    }
    return hit;
  }

  private static void assertDependentPartsOfWordcount(List<Alert> alerts, AlertType type,
      String reason, SourceEntry s) {
    List<String> expected = new ArrayList<>();
    for (PartEntry p : wordcountJob.parts()) {
      if (p.sources().contains(s.id())) {
        expected.add(p.name());
      }
    }
    assertFalse(expected.isEmpty());
    assertEquals(expected, alerts.stream().map(Alert::part).toList());
    for (Alert a : alerts) {
      assertEquals(type, a.type());
      assertEquals(reason, a.reason());
      assertEquals(Alert.SCOPE_PART, a.scope());
      assertNull(a.record());
      assertFalse(a.sourceSets().isEmpty(), "reduce records depend on it through source sets");
      assertEquals(s.id(), a.dataId().sourceId());
    }
  }

  @Test
  void modifiedSourceNamesTheMapRecordsFromTheChangedChunkAndTheReducePartsFedByIt()
      throws Exception {
    SourceEntry s = source(grepJob, MODIFIED);
    long chunk = ValidationFixtures.CHUNK;
    long from = FLIPPED_BYTE / chunk * chunk;
    Set<Long> expected = recordsFrom(String.format("part-m-%05d", s.id()), s.id(), from,
        from + chunk);
    assertFalse(expected.isEmpty());
    List<Alert> grepAlerts = alerts(grepJob, MODIFIED);
    Set<Long> named = new TreeSet<>();
    for (Alert a : grepAlerts) {
      assertEquals(AlertType.SOURCE_MISMATCH, a.type());
      assertEquals("content_changed", a.reason());
      assertEquals(Alert.SCOPE_RECORD, a.scope());
      assertTrue(a.dataId().offset() < from + chunk
          && a.dataId().offset() + a.dataId().length() > from, a.toString());
      assertEquals(s.fingerprint(), a.expected());
      named.add(a.record());
    }
    assertEquals(expected, named);
    assertDependentPartsOfWordcount(alerts(wordcountJob, MODIFIED), AlertType.SOURCE_MISMATCH,
        "content_changed", source(wordcountJob, MODIFIED));
  }

  @Test
  void truncatedSourceNamesOnlyTheRecordsFromTheLostBytes() throws Exception {
    SourceEntry s = source(grepJob, TRUNCATED);
    long chunk = ValidationFixtures.CHUNK;
    long from = CUT_AT / chunk * chunk;
    Set<Long> expected = recordsFrom(String.format("part-m-%05d", s.id()), s.id(), from,
        s.start() + s.length());
    Set<Long> named = new TreeSet<>();
    for (Alert a : alerts(grepJob, TRUNCATED)) {
      assertEquals(AlertType.SOURCE_MISMATCH, a.type());
      assertEquals("truncated", a.reason());
      named.add(a.record());
    }
    assertFalse(named.isEmpty());
    assertEquals(expected, named);
    assertDependentPartsOfWordcount(alerts(wordcountJob, TRUNCATED), AlertType.SOURCE_MISMATCH,
        "truncated", source(wordcountJob, TRUNCATED));
  }

  @Test
  void deletedSourceIsMissingForEveryPartComputedFromIt() {
    SourceEntry s = source(grepJob, DELETED);
    Alert a = alerts(grepJob, DELETED).get(0);
    assertEquals(1, alerts(grepJob, DELETED).size());
    assertEquals(AlertType.SOURCE_MISSING, a.type());
    assertEquals("file_missing", a.reason());
    assertEquals(String.format("part-m-%05d", s.id()), a.part());
    assertEquals(grepJob.part(a.part()).records(), a.records());
    assertEquals(s.start(), a.dataId().offset());
    assertEquals(s.length(), a.dataId().length());
    assertDependentPartsOfWordcount(alerts(wordcountJob, DELETED), AlertType.SOURCE_MISSING,
        "file_missing", source(wordcountJob, DELETED));
  }

  @Test
  void sourceOlderThanTheWindowIsStaleButNotChanged() {
    List<Alert> grepAlerts = alerts(grepJob, STALE);
    assertEquals(1, grepAlerts.size());
    Alert a = grepAlerts.get(0);
    assertEquals(AlertType.DATA_STALENESS, a.type());
    assertEquals("warning", a.type().severity().label());
    assertEquals("older_than_window", a.reason());
    assertTrue(a.message().contains("7d"), a.message());
    assertDependentPartsOfWordcount(alerts(wordcountJob, STALE), AlertType.DATA_STALENESS,
        "older_than_window", source(wordcountJob, STALE));
  }

  @Test
  void sweepExitsThreeCountsEachTypeAndFindsNoOutputDamage() {
    assertEquals(ExitCodes.FINDINGS, sweep.exitCode(), sweep.out() + sweep.err());
    assertEquals(List.of(), sweep.ofType(AlertType.CHECKSUM_MISMATCH));
    assertEquals(List.of(), sweep.ofType(AlertType.FORBIDDEN_SOURCE));
    assertEquals(sweep.alerts().size(), sweep.counter(ValidationCounters.FINDINGS));
    for (AlertType t : AlertType.values()) {
      assertEquals(sweep.ofType(t).size(), sweep.counter(t.counter()), t.label());
    }
    // Every part passed the fast path: the outputs themselves are intact.
    assertEquals(sweep.counter(ValidationCounters.PARTS_CHECKED),
        sweep.counter(ValidationCounters.PARTS_FAST_PATH));
    assertEquals(sweep.counter(ValidationCounters.RECORDS_CHECKED),
        sweep.counter(ValidationCounters.RECORDS_VALID));
    // 8 manifest entries, the deleted file's two never compared; only the stale file matched.
    assertEquals(6, sweep.counter(ValidationCounters.SOURCES_CHECKED));
    assertEquals(2, sweep.counter(ValidationCounters.SOURCES_VALID));
  }

  @Test
  void perPatternWindowOverridesTheCommandLineWindow() throws Exception {
    Configuration c = new Configuration(conf);
    c.set("provenance.validate.staleness.window./**/" + STALE, "1d");
    ValidationFixtures.Validation v = ValidationFixtures.validate(c,
        dir.resolve("alerts-pattern").toUri().toString(), "--staleness-window", "30d",
        "--output", grep);
    List<Alert> stale = v.ofType(AlertType.DATA_STALENESS);
    assertEquals(1, stale.size(), stale.toString());
    assertTrue(stale.get(0).dataId().uri().endsWith(STALE));
    assertTrue(stale.get(0).message().contains("window of 1d"), stale.get(0).message());
    assertEquals(1, v.counter(ValidationCounters.DATA_STALENESS));
    assertEquals(ExitCodes.FINDINGS, v.exitCode());
    assertEquals("30d", v.report().path("stalenessWindow").asText());
  }
}
