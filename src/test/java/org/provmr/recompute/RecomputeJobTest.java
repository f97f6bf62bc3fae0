package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.header.Confidence;
import org.provmr.header.ProvenanceHeader;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Corrupt or change → validate → recompute → validate clean, through the command line, for
 * map-only, map+reduce and two-stage pipelines; the result must equal a clean run.
 */
class RecomputeJobTest {
  static final int SPLITS = 6;
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path pristine;

  @TempDir
  Path tmp;
  Path text;

  @BeforeAll
  static void generate() throws IOException {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024); // equal splits: 2 a file
    pristine = shared.resolve("text");
    TestData.text(conf, pristine, 3 * 64 * 1024, 3); // 3 files, 2 splits each
  }

  @BeforeEach
  void copyInput() throws IOException {
    text = tmp.resolve("text");
    org.apache.commons.io.FileUtils.copyDirectory(pristine.toFile(), text.toFile());
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private void wordcount(String in, String out) throws Exception {
    ok("run", "wordcount", "--input", in, "--output", uri(out), "--reduces", "3");
  }

  private Run validate(String alerts, String... outputs) throws Exception {
    String[] args = new String[3 + 2 * outputs.length];
    args[0] = "validate";
    args[1] = "--alerts";
    args[2] = uri(alerts);
    for (int i = 0; i < outputs.length; i++) {
      args[3 + 2 * i] = "--output";
      args[4 + 2 * i] = uri(outputs[i]);
    }
    return TestData.provmr(conf, args);
  }

  private static JsonNode report(Path alerts) throws IOException {
    try (Stream<Path> files = Files.list(alerts)) {
      Path json = files.filter(p -> p.getFileName().toString().matches("recompute-.*\\.json"))
          .findFirst().orElseThrow(() -> new AssertionError("no recompute report"));
      assertTrue(Files.exists(Path.of(json.toString().replace(".json", ".html"))));
      return StoreJson.mapper().readTree(json.toFile());
    }
  }

  @Test
  void corruptedReducePartIsReReducedAloneAndTheOutputEqualsACleanRun() throws Exception {
    wordcount(text.toString(), "wc");
    wordcount(text.toString(), "clean");
    Path wc = tmp.resolve("wc");
    byte[] part0 = Files.readAllBytes(wc.resolve("part-r-00000"));
    Outputs.corrupt(wc.resolve("part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, validate("a1", "wc").exitCode());

    Run rc = ok("recompute", "--alerts", uri("a1"));
    assertTrue(rc.out().contains("re-reduce partitions [1]"), rc.out());
    assertEquals(0, validate("a2", "wc").exitCode(), "clean after recompute");
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")), Outputs.payload(conf, wc));
    assertTrue(java.util.Arrays.equals(part0, Files.readAllBytes(wc.resolve("part-r-00000"))),
        "parts that were fine are not touched");

    JsonNode report = report(tmp.resolve("a1"));
    JsonNode run = report.path("runs").get(0);
    assertEquals("reduce [1]", run.path("kind").asText());
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wc")));
    long total = store.parts().stream().mapToLong(PartEntry::records).sum();
    long reduceInput = run.path("reduceInputRecords").asLong();
    // Only partition 1's keys reach the shuffle: about a third of the reduce input.
    assertTrue(reduceInput > 0 && reduceInput < total, reduceInput + " of " + total);

    // Recomputed records: LOW confidence, recomputed, a lineage with the recompute step.
    PartEntry p1 = store.part("part-r-00001");
    assertNotEquals(0, p1.lineageId());
    List<Step> steps = store.job().lineage(p1.lineageId()).lineage().steps();
    Step last = steps.get(steps.size() - 1);
    assertEquals(Stage.RECOMPUTE, last.stage());
    assertTrue(last.params().get("reason").contains("checksum_mismatch part-r-00001 (alert "
        + "alerts-r-00000.jsonl:"), last.params().toString());
    try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(wc.resolve("part-r-00001").toUri()))) {
      assertTrue(r.next());
      ProvenanceHeader h = r.value().header();
      assertEquals(Confidence.LOW, h.confidence());
      assertTrue(h.recomputed());
      assertEquals(p1.lineageId(), r.headerContext().defaultLineageId());
    }
    assertTrue(Files.exists(wc.resolve("_provenance/backup")), "the old part is kept");
  }

  @Test
  void corruptedMapOnlyPartRemapsOneSplitAndReadsAboutOneNthOfTheInput() throws Exception {
    ok("run", "grep", "--input", text.toString(), "--output", uri("grep"), "--regex", "ka");
    ok("run", "grep", "--input", text.toString(), "--output", uri("clean"), "--regex", "ka");
    Path grep = tmp.resolve("grep");
    StoredJob before = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("grep")));
    assertEquals(SPLITS, before.sources().size());
    Outputs.corrupt(grep.resolve("part-m-00002"));
    assertEquals(ExitCodes.FINDINGS, validate("a1", "grep").exitCode());
    ok("recompute", "--alerts", uri("a1"));
    assertEquals(0, validate("a2", "grep").exitCode());
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")), Outputs.payload(conf, grep));

    long lines = 0;
    try (Stream<Path> files = Files.list(text)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
        lines += Files.readString(f).chars().filter(c -> c == '\n').count();
      }
    }
    JsonNode run = report(tmp.resolve("a1")).path("runs").get(0);
    long read = run.path("mapInputRecords").asLong();
    assertEquals(1, run.path("splits").asInt());
    assertTrue(read <= lines / SPLITS + lines * 0.02, read + " records read of " + lines);
    assertTrue(read > 0);
  }

  @Test
  void twoStagePipelineRecomputesTheDownstreamStageToo() throws Exception {
    wordcount(text.toString(), "wc");
    ok("run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "25");
    wordcount(text.toString(), "cleanwc");
    ok("run", "topk", "--input", uri("cleanwc"), "--output", uri("cleantopk"), "--k", "25");
    Outputs.corrupt(tmp.resolve("wc/part-r-00002"));
    assertEquals(ExitCodes.FINDINGS, validate("a1", "wc", "topk").exitCode());
    Run rc = ok("recompute", "--alerts", uri("a1"));
    assertTrue(rc.out().indexOf("/wc (map+reduce)") < rc.out().indexOf("/topk (map+reduce)"),
        "upstream first: " + rc.out());
    assertEquals(0, validate("a2", "wc", "topk").exitCode());
    assertEquals(Outputs.payload(conf, tmp.resolve("cleanwc")),
        Outputs.payload(conf, tmp.resolve("wc")));
    assertEquals(Outputs.payload(conf, tmp.resolve("cleantopk")),
        Outputs.payload(conf, tmp.resolve("topk")));
  }

  @Test
  void modifiedSourceIsRecomputedDownstreamIncludedAndEqualsACleanRunOverIt()
      throws Exception {
    wordcount(text.toString(), "wc");
    ok("run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "25");
    Outputs.rewrite(text.resolve("text-00001.txt"), "ka", "zzzzzz"); // a new word, longer file
    assertEquals(ExitCodes.FINDINGS, validate("a1", "wc", "topk").exitCode());
    ok("recompute", "--alerts", uri("a1"));
    assertEquals(0, validate("a2", "wc", "topk").exitCode());

    wordcount(text.toString(), "cleanwc");
    ok("run", "topk", "--input", uri("cleanwc"), "--output", uri("cleantopk"), "--k", "25");
    List<String> wc = Outputs.payload(conf, tmp.resolve("wc"));
    assertEquals(Outputs.payload(conf, tmp.resolve("cleanwc")), wc);
    assertTrue(wc.stream().anyMatch(l -> l.startsWith("zzzzzz\t")));
    assertEquals(Outputs.payload(conf, tmp.resolve("cleantopk")),
        Outputs.payload(conf, tmp.resolve("topk")));
  }

  @Test
  void modifiedSourceOfAMapOnlyJobReplacesExactlyThatFilesParts() throws Exception {
    ok("run", "grep", "--input", text.toString(), "--output", uri("grep"), "--regex", "ka");
    Outputs.rewrite(text.resolve("text-00002.txt"), "ka", "kakakaka");
    assertEquals(ExitCodes.FINDINGS, validate("a1", "grep").exitCode());
    ok("recompute", "--alerts", uri("a1"));
    assertEquals(0, validate("a2", "grep").exitCode());
    ok("run", "grep", "--input", text.toString(), "--output", uri("clean"), "--regex", "ka");
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")),
        Outputs.payload(conf, tmp.resolve("grep")));
  }

  @Test
  void dryRunPrintsThePlanAndChangesNothing() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    validate("a1", "wc");
    Map<String, Integer> before = Outputs.snapshot(tmp);
    Run rc = ok("recompute", "--alerts", uri("a1"), "--dry-run");
    assertTrue(rc.out().contains("dry run") && rc.out().contains("re-reduce partitions [0]"),
        rc.out());
    assertEquals(before, Outputs.snapshot(tmp));
  }

  @Test
  void disabledPolicyRecomputesNothing() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    validate("a1", "wc");
    Path policy = tmp.resolve("policy.xml");
    Files.writeString(policy, "<configuration><property><name>provenance.policy.rule.default"
        + ".enabled</name><value>false</value></property></configuration>");
    Map<String, Integer> before = Outputs.snapshot(tmp.resolve("wc"));
    Run rc = ok("recompute", "--alerts", uri("a1"), "--policy", policy.toString());
    assertTrue(rc.out().contains("rule 'default' is disabled"), rc.out());
    assertEquals(before, Outputs.snapshot(tmp.resolve("wc")));
  }

  @Test
  void lineageNamingAClassOutsideTheAllowListIsRefusedAndNeverLoaded() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    validate("a1", "wc");
    Path jobJson = tmp.resolve("wc/_provenance/job.json");
    ObjectNode job = (ObjectNode) StoreJson.mapper().readTree(jobJson.toFile());
    ((ObjectNode) job.get("configuration")).put("mapreduce.job.map.class",
        "com.example.trap.TrapMapper");
    Files.writeString(jobJson, StoreJson.mapper().writeValueAsString(job));
    Outputs.dropCrc(jobJson);
    Map<String, Integer> before = Outputs.snapshot(tmp.resolve("wc"));

    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.REFUSED, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.err().contains("com.example.trap.TrapMapper")
        && rc.err().contains("provenance.recompute.allowed.classes"), rc.err());
    assertNull(System.getProperty("provmr.trap.loaded"), "the class must never be loaded");
    assertEquals(before, Outputs.snapshot(tmp.resolve("wc")));
  }

  @Test
  void malformedAlertLineFailsWithItsLineNumberOrIsSkippedByPolicy() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    validate("a1", "wc");
    Path alerts;
    try (Stream<Path> files = Files.list(tmp.resolve("a1"))) {
      alerts = files.filter(p -> p.getFileName().toString().startsWith("alerts")).findFirst()
          .orElseThrow();
    }
    long lines = Files.readAllLines(alerts).size();
    Files.writeString(alerts, "{not json\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    Outputs.dropCrc(alerts);
    Map<String, Integer> before = Outputs.snapshot(tmp.resolve("wc"));
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.USAGE, rc.exitCode());
    assertTrue(rc.err().contains("line " + (lines + 1)), rc.err());
    assertEquals(before, Outputs.snapshot(tmp.resolve("wc")), "nothing half-done");

    Run skip = ok("recompute", "-D", "provenance.recompute.malformed.alerts=skip", "--alerts",
        uri("a1"));
    assertTrue(skip.out().contains("skipped: malformed alert"), skip.out());
    assertEquals(0, validate("a2", "wc").exitCode());
  }

  @Test
  void alertsAboutAnOutputThatNoLongerExistsAreAUsageError() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    validate("a1", "wc");
    FileUtil.fullyDelete(tmp.resolve("wc").toFile());
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.USAGE, rc.exitCode());
    assertTrue(rc.err().contains("no longer exists"), rc.err());
    assertFalse(Files.exists(tmp.resolve("wc")));
  }

  @Test
  void rerunningAfterSuccessDoesNothing() throws Exception {
    wordcount(text.toString(), "wc");
    Outputs.corrupt(tmp.resolve("wc/part-r-00001"));
    validate("a1", "wc");
    ok("recompute", "--alerts", uri("a1"));
    Map<String, Integer> after = Outputs.snapshot(tmp.resolve("wc"));
    Run again = ok("recompute", "--alerts", uri("a1"));
    assertTrue(again.out().contains("already resolved"), again.out());
    assertFalse(again.out().contains("ran "), again.out());
    assertEquals(after, Outputs.snapshot(tmp.resolve("wc")));
  }
}
