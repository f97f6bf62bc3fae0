package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreJson;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.validate.ValidationPlan;
import org.provmr.validate.WorkUnit;

/**
 * Validation of sub-streams (docs/substreams.md): the priority sub-stream is checked first and
 * reported apart, and {@code --substream} restricts validate and sweep to it (or to main).
 */
class SubstreamValidationTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;
  /** wordcount by confidence, part-r-00001 recomputed into priority/. */
  static Path recomputed;

  @TempDir
  Path tmp;

  @BeforeAll
  static void captureAndRecompute() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    text = shared.resolve("text");
    TestData.text(conf, text, 4 * 32 * 1024, 4);
    recomputed = shared.resolve("wc");
    ok("run", "wordcount", "--input", text.toString(), "--output", recomputed.toString(),
        "--reduces", "3", "-D", "provenance.substream.by=confidence");
    Outputs.corrupt(recomputed.resolve("part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(conf, "validate", "--alerts",
        shared.resolve("a0").toString(), "--output", recomputed.toString()).exitCode());
    ok("recompute", "--alerts", shared.resolve("a0").toString());
    assertTrue(Files.exists(recomputed.resolve("priority/part-r-00001")));
    FileUtils.deleteDirectory(recomputed.resolve("_provenance/recompute").toFile());
  }

  private static Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private Path copy() throws Exception {
    Path wc = tmp.resolve("wc");
    FileUtils.copyDirectory(recomputed.toFile(), wc.toFile());
    return wc;
  }

  private JsonNode report(Path alerts) throws Exception {
    return StoreJson.readTree(Files.readAllBytes(alerts.resolve("report.json")));
  }

  @Test
  void thePrioritySubStreamIsReportedFirstAndApartAndCanBeValidatedAlone() throws Exception {
    Path wc = copy();
    Outputs.corrupt(wc.resolve("priority/part-r-00001"));
    Outputs.corrupt(wc.resolve("part-r-00002"));

    Run all = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("all").toString());
    assertEquals(ExitCodes.FINDINGS, all.exitCode(), all.out() + all.err());
    // Reported before the whole output's line.
    int sub = all.out().indexOf("Sub-streams (all): 1 sub-stream parts checked first, 2 main"
        + " parts; part findings by sub-stream: priority 1, main 1\n");
    assertTrue(sub >= 0 && sub < all.out().indexOf("Checked 3 parts"), all.out());
    JsonNode s = report(tmp.resolve("all")).path("substreams");
    assertEquals("all", s.path("selection").asText());
    assertEquals(1, s.path("partsChecked").path("substreams").asLong());
    assertEquals(2, s.path("partsChecked").path("main").asLong());
    List<String> order = new ArrayList<>();
    s.path("findings").fieldNames().forEachRemaining(order::add);
    assertEquals(List.of("priority", "main"), order, "priority first");
    assertEquals(1, s.path("findings").path("priority").path("checksum_mismatch").asLong());
    assertEquals(1, report(tmp.resolve("all")).path("counters").path("SUBSTREAM_PARTS_CHECKED")
        .asLong());
    assertTrue(Files.readString(tmp.resolve("all/report.html")).contains("<h2>Sub-streams</h2>"));

    Run priority = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("priority").toString(), "--substream", "priority");
    assertEquals(ExitCodes.FINDINGS, priority.exitCode());
    JsonNode p = report(tmp.resolve("priority"));
    assertEquals(1, p.path("counters").path("PARTS_CHECKED").asLong());
    assertEquals(1, p.path("findings").path("total").asLong(), "the main part is not checked");
    assertEquals("priority", p.path("substreams").path("selection").asText());
    assertTrue(priority.out().contains("part findings by sub-stream: priority 1"),
        priority.out());

    Run main = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("main").toString(), "--substream", "main");
    assertEquals(ExitCodes.FINDINGS, main.exitCode());
    JsonNode m = report(tmp.resolve("main"));
    assertEquals(2, m.path("counters").path("PARTS_CHECKED").asLong());
    assertEquals(0, m.path("counters").path("SUBSTREAM_PARTS_CHECKED").asLong());
    assertEquals(1, m.path("substreams").path("findings").path("main").path("checksum_mismatch")
        .asLong());

    Run bad = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("bad").toString(), "--substream", "fresh");
    assertEquals(ExitCodes.USAGE, bad.exitCode());
    assertTrue(bad.err().contains("--substream 'fresh'"), bad.err());
  }

  @Test
  void aPrioritySweepRepairsThePrioritySubStreamOnly() throws Exception {
    Path wc = copy();
    Outputs.corrupt(wc.resolve("priority/part-r-00001"));
    Outputs.corrupt(wc.resolve("part-r-00002"));
    Run sweep = TestData.provmr(conf, "sweep", "--output", wc.toString(), "--alerts-root",
        tmp.resolve("sweeps").toString(), "--substream", "priority");
    assertEquals(0, sweep.exitCode(), sweep.out() + sweep.err());
    assertTrue(sweep.out().contains("Sweep: clean after recompute."), sweep.out());
    // The main part was not looked at: a full validation still finds it.
    Run all = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("all").toString());
    assertEquals(ExitCodes.FINDINGS, all.exitCode(), all.out());
    JsonNode f = report(tmp.resolve("all")).path("substreams").path("findings");
    assertEquals(List.of("main"), names(f));
  }

  @Test
  void subStreamPartsComeFirstInThePlanAndAPriorityPlanReadsOnlyTheirSources()
      throws Exception {
    Path young = tmp.resolve("text");
    FileUtils.copyDirectory(text.toFile(), young.toFile());
    List<Path> files;
    try (Stream<Path> l = Files.list(young)) {
      files = l.filter(x -> x.toString().endsWith(".txt")).sorted().toList();
    }
    for (int i = 0; i < files.size(); i++) {
      Files.setLastModifiedTime(files.get(i), FileTime.from(Instant.now().minus(
          i == 0 ? Duration.ofMinutes(5) : Duration.ofDays(30))));
    }
    ok("run", "grep", "--input", young.toString(), "--output", tmp.resolve("grep").toString(),
        "--regex", "a", "-D", "provenance.substream.by=age");
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("grep").toUri());
    List<WorkUnit> units = ValidationPlan.of(conf, List.of(out)).units();
    assertEquals(WorkUnit.Kind.PART, units.get(0).kind());
    assertTrue(units.get(0).part().startsWith("priority/"), units.toString());
    assertEquals(4, units.stream().filter(u -> u.kind() == WorkUnit.Kind.SOURCE)
        .mapToInt(u -> u.refs().size()).sum());

    Configuration priority = new Configuration(conf);
    priority.set(ProvenanceKeys.VALIDATE_SUBSTREAM, "priority");
    List<WorkUnit> p = ValidationPlan.of(priority, List.of(out)).units();
    assertEquals(List.of("priority/"), p.stream().filter(u -> u.kind() == WorkUnit.Kind.PART)
        .map(u -> u.part().substring(0, u.part().indexOf('/') + 1)).distinct().toList());
    List<WorkUnit> sources = p.stream().filter(u -> u.kind() == WorkUnit.Kind.SOURCE).toList();
    assertEquals(1, sources.size(), sources.toString());
    assertTrue(sources.get(0).uri().endsWith(files.get(0).getFileName().toString()));
  }

  private static List<String> names(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
