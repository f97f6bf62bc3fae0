package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.history.FamilyRule;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.store.SourceEntry;
import org.provmr.testing.TestData;

/**
 * A capture's commit records the files the job read in the history store, and a history that
 * cannot be written leaves the job successful.
 */
class CaptureHistoryTest {
  @TempDir
  Path tmp;

  @Test
  void aCommittedCaptureRecordsEachSourceFileWithLengthTimeAndFingerprint() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path history = tmp.resolve("history");
    conf.set("provenance.history.dir", history.toUri().toString());
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 30_000, 3);
    String out = tmp.resolve("wc").toString();
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", out).exitCode());

    SourceHistory.Loaded loaded = SourceHistory.of(conf).load();
    assertEquals(List.of(), loaded.problems());
    Map<String, Observation> byPath = new TreeMap<>();
    loaded.byFamily().values().forEach(l -> l.forEach(o -> byPath.put(o.path(), o)));
    FileSystem fs = FileSystem.getLocal(conf);
    FileStatus[] files = fs.listStatus(in, p -> !p.getName().startsWith("_")
        && !p.getName().startsWith("."));
    assertEquals(3, files.length);
    assertEquals(files.length, byPath.size(), byPath.toString());
    FamilyRule rule = FamilyRule.of(conf);
    for (FileStatus f : files) {
      Observation o = byPath.get(f.getPath().toString());
      assertNotNull(o, f.getPath() + " not in " + byPath.keySet());
      assertEquals(Observation.Kind.CAPTURE, o.kind());
      assertEquals(f.getLen(), o.length());
      assertEquals(f.getModificationTime(), o.modificationTime());
      assertEquals(rule.familyOf(o.path()), o.family());
      assertNotNull(o.fingerprint(), "the manifest's checksum of the file");
    }
    // One file for the one capture.
    try (var list = Files.list(history)) {
      assertEquals(1, list.filter(p -> p.toString().endsWith(".h1")).count());
    }
  }

  @Test
  void aHistoryThatCannotBeWrittenDoesNotFailTheJob() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path notADir = Files.writeString(tmp.resolve("history-is-a-file"), "x");
    conf.set("provenance.history.dir", notADir.toUri().toString());
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 5_000, 1);
    String out = tmp.resolve("wc").toString();
    TestData.Run run = TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", out);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(Files.exists(tmp.resolve("wc/_SUCCESS")));
    assertTrue(Files.exists(tmp.resolve("wc/_provenance/job.json")));
    assertEquals("x", Files.readString(notADir));
  }

  @Test
  void splitsOfOneFileAreOneObservationWithTheirFingerprintsCombined() {
    FamilyRule rule = FamilyRule.of(new Configuration());
    String f = "hdfs://nn/logs/2026-11-30/part-00000";
    List<SourceEntry> sources = List.of(
        split(1, f, 100, 100, "bb"), split(0, f, 0, 100, "aa"),
        split(2, "hdfs://nn/ref.csv", 0, 50, "cc"),
        split(3, "hdfs://nn/raw/x-1", 0, 10, null));
    List<Observation> obs = CaptureHistory.observations(rule, sources, 7L);
    assertEquals(3, obs.size(), obs.toString());
    Observation logs = obs.get(0);
    assertEquals(f, logs.path());
    assertEquals("hdfs://nn/logs/*-*-*/part-*", logs.family());
    assertEquals(200, logs.length());
    assertTrue(logs.fingerprint().startsWith("CRC32C/2:"), logs.fingerprint());
    // The same splits listed in another order give the same fingerprint.
    assertEquals(logs.fingerprint(), CaptureHistory.observations(rule,
        List.of(sources.get(1), sources.get(0)), 8L).get(0).fingerprint());
    assertEquals("CRC32C:cc", obs.get(1).fingerprint());
    assertNull(obs.get(2).fingerprint(), "a split without a checksum: no fingerprint");
  }

  private static SourceEntry split(int id, String uri, long start, long len, String fp) {
    return new SourceEntry(id, uri, start, len, 200, 1_000L, SourceEntry.POSITIONS_BYTES,
        "CRC32C", fp, 0, List.of(), null);
  }
}
