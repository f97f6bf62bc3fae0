package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;
import org.provmr.mapreduce.PartRestamp;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Promotion (docs/substreams.md): after a clean revalidation the recomputed records of
 * priority/ go back to the main parts, re-stamped HIGH, payload unchanged, through the
 * journaled recompute commit; a crash or a kill at any step loses and duplicates nothing.
 */
class PromotionTest {
  static final String PART = DamagedWordCount.PART;
  static final String PRIORITY = "priority/" + PART;
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path recomputed;
  static List<String> cleanPayload;

  @TempDir
  Path tmp;
  Path wc;
  Path v1;

  @BeforeAll
  static void captureCorruptAndRecomputeOnce() throws Exception {
    conf = TestData.localConf(shared);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, "confidence");
    Path clean = DamagedWordCount.capture(conf, shared);
    cleanPayload = Outputs.payload(conf, clean);
    Path r = shared.resolve("r");
    recomputed = DamagedWordCount.damagedCopy(conf, clean, r);
    Run rc = TestData.provmr(conf, "recompute", "--alerts", r.resolve("alerts").toString());
    assertEquals(0, rc.exitCode(), rc.out() + rc.err());
    assertTrue(Files.exists(recomputed.resolve(PRIORITY)));
  }

  /** A copy of the recomputed output, revalidated clean into tmp/v1. */
  @BeforeEach
  void revalidatedCopy() throws Exception {
    wc = tmp.resolve("wc");
    FileUtils.copyDirectory(recomputed.toFile(), wc.toFile());
    // The recompute's finished journal names the original output: not the copy's history.
    FileUtils.deleteDirectory(wc.resolve("_provenance/recompute").toFile());
    v1 = validate("v1", ExitCodes.OK);
  }

  private Path validate(String name, int expected) throws Exception {
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve(name).toString());
    assertEquals(expected, v.exitCode(), v.out() + v.err());
    return tmp.resolve(name);
  }

  private Run promote(Configuration c, Path... alerts) throws Exception {
    List<String> args = new ArrayList<>(List.of("promote"));
    for (Path a : alerts) {
      args.add("--alerts");
      args.add(a.toString());
    }
    return TestData.provmr(c, args.toArray(String[]::new));
  }

  @Test
  void cleanRevalidationPromotesPriorityToMainHighWithThePayloadUnchanged() throws Exception {
    byte[] before = Files.readAllBytes(wc.resolve(PRIORITY));
    List<String[]> recordsBefore = records(wc.resolve(PRIORITY));
    assertEquals(Map.of(Confidence.LOW, (long) recordsBefore.size()), confidences(PRIORITY));

    Run p = promote(conf, v1);
    assertEquals(0, p.exitCode(), p.out() + p.err());
    assertTrue(p.out().contains(": promoted, " + recordsBefore.size() + " records HIGH: "
        + PRIORITY + " -> " + PART), p.out());

    assertFalse(Files.exists(wc.resolve(PRIORITY)), "priority/ is empty");
    byte[] after = Files.readAllBytes(wc.resolve(PART));
    assertEquals(before.length, after.length);
    int changed = 0;
    for (int i = 0; i < before.length; i++) {
      if (before[i] != after[i]) {
        changed++;
        assertEquals(Confidence.LOW.code() << 2, (before[i] ^ after[i]) & 0xFF,
            "only confidence bits change, at byte " + i);
      }
    }
    assertEquals(recordsBefore.size(), changed, "one flags byte per record");
    List<String[]> recordsAfter = records(wc.resolve(PART));
    assertEquals(recordsBefore.size(), recordsAfter.size());
    for (int i = 0; i < recordsBefore.size(); i++) {
      assertArrayEquals(recordsBefore.get(i), recordsAfter.get(i), "record " + i);
    }
    for (String part : List.of("part-r-00000", PART, "part-r-00002")) {
      Map<Confidence, Long> c = confidences(part);
      assertEquals(1, c.size(), part + " " + c);
      assertTrue(c.containsKey(Confidence.HIGH), part + " " + c);
    }
    List<String> names = LineageStore.read(conf, new org.apache.hadoop.fs.Path(wc.toUri()))
        .parts().stream().map(PartEntry::name).sorted().toList();
    assertEquals(List.of("part-r-00000", PART, "part-r-00002"), names);
    assertEquals(cleanPayload, Outputs.payload(conf, wc));
    validate("v2", ExitCodes.OK);
    try (Stream<Path> reports = Files.list(v1)) {
      Path report = reports.filter(f -> f.getFileName().toString().startsWith("promotion-"))
          .findFirst().orElseThrow();
      assertTrue(Files.readString(report).contains("\"status\" : \"promoted\""),
          Files.readString(report));
    }

    // Idempotent: nothing left to promote, nothing changes.
    Map<String, Integer> snapshot = Outputs.snapshot(wc);
    Run again = promote(conf, v1);
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().contains(": nothing"), again.out());
    assertEquals(snapshot, Outputs.snapshot(wc));
  }

  @Test
  void refusedWhenTheLastValidationIsNotCleanOrOlderThanTheOutputOrTooFew() throws Exception {
    Map<String, Integer> snapshot = Outputs.snapshot(wc);
    // Policy: two clean validations asked for, one given.
    Configuration two = new Configuration(conf);
    two.setInt(ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS, 2);
    Run p = promote(two, v1);
    assertEquals(ExitCodes.REFUSED, p.exitCode(), p.out() + p.err());
    assertTrue(p.out().contains("1 clean validation(s) since its last change"), p.out());
    assertEquals(snapshot, Outputs.snapshot(wc));

    // The output changed after the validation (its store written later): refused.
    Path job = wc.resolve("_provenance/job.json");
    FileTime mtime = Files.getLastModifiedTime(job);
    Files.setLastModifiedTime(job, FileTime.fromMillis(System.currentTimeMillis() + 5000));
    p = promote(conf, v1);
    assertEquals(ExitCodes.REFUSED, p.exitCode(), p.out() + p.err());
    assertTrue(p.out().contains("is older than its last change"), p.out());
    Files.setLastModifiedTime(job, mtime);

    // The newest validation has findings: refused, though an older one was clean.
    Outputs.corrupt(wc.resolve("part-r-00000"));
    Path v2 = validate("v2", ExitCodes.FINDINGS);
    snapshot = Outputs.snapshot(wc);
    p = promote(conf, v1, v2);
    assertEquals(ExitCodes.REFUSED, p.exitCode(), p.out() + p.err());
    assertTrue(p.out().contains("the last validation (") && p.out().contains("found 1"
        + " findings"), p.out());
    assertEquals(snapshot, Outputs.snapshot(wc));
    assertTrue(Files.exists(wc.resolve(PRIORITY)));
  }

  @Test
  void twoCleanValidationsSatisfyAPolicyOfTwo() throws Exception {
    Path v2 = validate("v2", ExitCodes.OK);
    Configuration two = new Configuration(conf);
    two.setInt(ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS, 2);
    Run p = promote(two, v1, v2);
    assertEquals(0, p.exitCode(), p.out() + p.err());
    assertFalse(Files.exists(wc.resolve(PRIORITY)));
    assertEquals(cleanPayload, Outputs.payload(conf, wc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal", "swap:" + PART, "backup:" + PRIORITY, "swap:" + PRIORITY,
      "store", "done"})
  void crashAfterEachStepLosesNothingAndTheNextRunFinishes(String step) throws Exception {
    List<String> seen = new ArrayList<>();
    assertThrows(IOException.class, () -> new Promotion(conf, s -> {
      seen.add(s);
      if (s.equals(step)) {
        throw new IOException("injected crash after " + s);
      }
    }).run(List.of(new org.apache.hadoop.fs.Path(v1.toUri())), List.of()));
    assertTrue(seen.contains(step), "the step happened: " + seen);
    assertTrue(Files.exists(wc.resolve(PART)) || Files.exists(wc.resolve(PRIORITY)),
        "partition 1 is somewhere after a crash at " + step);
    assertRerunFinishes();
  }

  @Test
  void killedJvmWithBothCopiesPresentIsFinishedByTheNextRun() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), HaltingPromotion.class.getName(),
        tmp.resolve("scratch").toString(), v1.toUri().toString(), "swap:" + PART)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
    assertEquals(HaltingPromotion.HALTED, p.exitValue(), Files.readString(tmp.resolve(
        "child.log")));
    assertTrue(Files.exists(wc.resolve(PART)) && Files.exists(wc.resolve(PRIORITY)),
        "killed between the add and the removal");
    // The dead holder's lock is stale once provenance.lock.stale.timeout passed (aged here).
    try (Stream<Path> locks = Files.list(wc.resolve("_provenance/lock"))) {
      for (Path l : locks.toList()) {
        Files.setLastModifiedTime(l, FileTime.fromMillis(
            System.currentTimeMillis() - 11 * 60_000));
      }
    }
    assertRerunFinishes();
  }

  private void assertRerunFinishes() throws Exception {
    Run again = promote(conf, v1);
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertFalse(Files.exists(wc.resolve(PRIORITY)), "no duplicate left in priority/");
    assertEquals(Map.of(Confidence.HIGH, (long) records(wc.resolve(PART)).size()),
        confidences(PART));
    assertEquals(cleanPayload, Outputs.payload(conf, wc), "nothing lost or duplicated");
    validate("after", ExitCodes.OK);
  }

  private Map<Confidence, Long> confidences(String part) throws IOException {
    return PartRestamp.confidences(conf, new org.apache.hadoop.fs.Path(wc.resolve(part)
        .toUri()));
  }

  /** Key, value, payload checksum and timestamp of every record. */
  private static List<String[]> records(Path part) throws IOException {
    List<String[]> out = new ArrayList<>();
    try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(part.toUri()))) {
      while (r.next()) {
        out.add(new String[] {r.key().toString(), String.valueOf(r.value().value()),
            r.value().header().checksumHex(),
            String.valueOf(r.value().header().timestampMillis())});
      }
    }
    return out;
  }
}
