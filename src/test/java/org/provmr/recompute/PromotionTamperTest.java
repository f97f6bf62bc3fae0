package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Promotion re-stamps a priority part as it is on disk when {@code promote} runs, and gives
 * its store entry a new whole-file checksum (a new MAC in keyed mode): a part changed after
 * the clean validation (same size, same records: a byte of a key) must not be blessed with a
 * checksum of its own.
 */
class PromotionTamperTest {
  @TempDir
  Path tmp;

  @Test
  void aPriorityPartChangedAfterTheCleanValidationIsNotPromoted() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, "confidence");
    Path clean = DamagedWordCount.capture(conf, tmp);
    Path r = tmp.resolve("r");
    Path wc = DamagedWordCount.damagedCopy(conf, clean, r);
    Run rc = TestData.provmr(conf, "recompute", "--alerts", r.resolve("alerts").toString());
    assertEquals(0, rc.exitCode(), rc.out() + rc.err());
    Path v1 = tmp.resolve("v1");
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        v1.toString());
    assertEquals(ExitCodes.OK, v.exitCode(), v.out() + v.err());

    Path priority = wc.resolve(PromotionTest.PRIORITY);
    byte[] bytes = Files.readAllBytes(priority);
    String key = longestKey(conf, priority);
    int at = lastIndexOf(bytes, key.getBytes(StandardCharsets.UTF_8));
    assertTrue(at > 0, key);
    bytes[at] = (byte) (bytes[at] == 'q' ? 'z' : 'q'); // same length, same record count
    Files.write(priority, bytes);
    Outputs.dropCrc(priority); // as a rewrite on HDFS would: its block checksums are new
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(wc.toUri());
    List<PartEntry> before = LineageStore.read(conf, out).parts();

    Run p = TestData.provmr(conf, "promote", "--alerts", v1.toString());

    assertNotEquals(ExitCodes.OK, p.exitCode(), p.out() + p.err());
    assertTrue((p.out() + p.err()).contains(PromotionTest.PRIORITY), p.out() + p.err());
    assertArrayEquals(bytes, Files.readAllBytes(priority), "left where it was, as it was");
    assertTrue(Files.notExists(wc.resolve(PromotionTest.PART)));
    assertEquals(before, LineageStore.read(conf, out).parts(), "the store is unchanged");
    FileUtils.deleteQuietly(tmp.toFile());
  }

  /**
   * Promote runs over every output its validations covered: before 2026-12-06 one output's
   * missing priority part ended the run, and the outputs after it were not promoted.
   */
  @Test
  void oneOutputsMissingPartDoesNotKeepTheOthersFromPromotion() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, "confidence");
    Path clean = DamagedWordCount.capture(conf, tmp);
    List<Path> outs = new java.util.ArrayList<>();
    for (String name : List.of("a", "b")) {
      Path r = tmp.resolve(name);
      Path wc = DamagedWordCount.damagedCopy(conf, clean, r);
      Run rc = TestData.provmr(conf, "recompute", "--alerts", r.resolve("alerts").toString());
      assertEquals(0, rc.exitCode(), rc.out() + rc.err());
      outs.add(wc);
    }
    Path v1 = tmp.resolve("v1");
    Run v = TestData.provmr(conf, "validate", "--output", outs.get(0).toString(), "--output",
        outs.get(1).toString(), "--alerts", v1.toString());
    assertEquals(ExitCodes.OK, v.exitCode(), v.out() + v.err());
    Path missing = outs.get(0).resolve(PromotionTest.PRIORITY);
    Files.delete(missing);
    Outputs.dropCrc(missing);

    Run p = TestData.provmr(conf, "promote", "--alerts", v1.toString());

    assertEquals(ExitCodes.FAILURE, p.exitCode(), p.out() + p.err());
    assertTrue(p.out().contains(": failed (not found: "), p.out());
    assertTrue(p.out().contains(": promoted, "), p.out());
    assertTrue(Files.exists(outs.get(1).resolve(PromotionTest.PART)), "b was promoted");
    assertTrue(Files.notExists(outs.get(1).resolve(PromotionTest.PRIORITY)));
    try (java.util.stream.Stream<Path> l = Files.list(v1)) {
      assertTrue(l.anyMatch(f -> f.getFileName().toString().startsWith("promotion-")),
          "the report is written");
    }
  }

  private static String longestKey(Configuration conf, Path part) throws Exception {
    try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(part.toUri()))) {
      java.util.List<String> keys = new java.util.ArrayList<>();
      while (r.next()) {
        keys.add(r.key().toString());
      }
      return keys.stream().max(Comparator.comparingInt(String::length)).orElseThrow();
    }
  }

  private static int lastIndexOf(byte[] in, byte[] what) {
    for (int i = in.length - what.length; i >= 0; i--) {
      if (java.util.Arrays.equals(in, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    return -1;
  }
}
