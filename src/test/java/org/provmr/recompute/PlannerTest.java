package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.validate.Alert;

/** The planner on hand-made lineage stores: pure, no Hadoop job runs. */
class PlannerTest {
  static final String GREP = "file:/data/grep";
  static final String WC = "file:/data/wc";
  static final String TOPK = "file:/data/topk";

  /** A job over {@code sources} sources of 1000 bytes; reduce jobs have {@code reduces} parts. */
  static StoredJob store(String output, int sources, int reduces, String upstream) {
    List<Step> steps = new ArrayList<>();
    steps.add(new Step("job_" + output.hashCode(), Stage.MAP, null, "M", new TreeMap<>()));
    if (reduces > 0) {
      steps.add(new Step("job_" + output.hashCode(), Stage.REDUCE, null, "R", new TreeMap<>()));
    }
    JobRecord job = new JobRecord(1, "job_" + output.hashCode(), output, "u", 0, "compact",
        "crc32c", List.of(), List.of(new LineageEntry(0, Lineage.of(steps, List.of()))),
        new TreeMap<>());
    List<SourceEntry> entries = new ArrayList<>();
    for (int i = 0; i < sources; i++) {
      String uri = upstream == null ? "file:/in/f" + (i / 2) + ".txt"
          : upstream + String.format("/part-r-%05d", i);
      entries.add(new SourceEntry(i, uri, (i % 2) * 1000L, 1000, 2000, 1, "bytes", "crc32c",
          "00000000", 1 << 20, List.of("00000000"), upstream));
    }
    List<PartEntry> parts = new ArrayList<>();
    if (reduces == 0) {
      for (int i = 0; i < sources; i++) {
        parts.add(part(String.format("part-m-%05d", i), new int[] {i}));
      }
    } else {
      for (int r = 0; r < reduces; r++) {
        // partition r is fed by sources r and r+1 (mod n): a sparse, checkable pattern
        parts.add(part(String.format("part-r-%05d", r), new int[] {r % sources,
            (r + 1) % sources}));
      }
    }
    return new StoredJob(new Path(output), job, entries, parts);
  }

  static PartEntry part(String name, int[] sources) {
    return new PartEntry(name, "attempt", 100, 5000, "crc32c", "abcd", "compact", 0, 0, 900,
        SourceIds.of(sources), List.of(SourceIds.of(sources)), null, 0, null, null, 0, null);
  }

  static LoadedAlert alert(String type, String output, String part, Integer sourceId,
      String uri, Long records) throws IOException {
    String dataId = sourceId == null ? "null" : "{\"sourceId\":" + sourceId + ",\"uri\":\""
        + uri + "\",\"offset\":0,\"length\":1000}";
    String json = "{\"version\":1,\"type\":\"" + type + "\",\"severity\":\"error\","
        + "\"scope\":\"part\",\"reason\":\"r\",\"output\":\"" + output + "\",\"part\":"
        + (part == null ? "null" : "\"" + part + "\"") + ",\"record\":null,\"offset\":null,"
        + "\"dataId\":" + dataId + ",\"sourceSets\":[],\"lineageId\":0,\"jobId\":\"j\","
        + "\"expected\":null,\"actual\":null,\"records\":" + records + ","
        + "\"detectedAt\":\"2026-11-27T00:00:00Z\",\"message\":\"m\"}";
    return new LoadedAlert("alerts:" + json.length(), Alert.fromJson(json));
  }

  static Map<String, StoredJob> stores(StoredJob... jobs) {
    Map<String, StoredJob> m = new LinkedHashMap<>();
    for (StoredJob j : jobs) {
      m.put(j.output().toString(), j);
    }
    return m;
  }

  @Test
  void corruptedMapOnlyPartRemapsOnlyItsSplit() throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", GREP, "part-m-00003", null, null, 1L)),
        stores(store(GREP, 8, 0, null)));
    assertEquals(1, plan.stages().size());
    StagePlan s = plan.stages().get(0);
    assertTrue(s.mapOnly());
    assertEquals(List.of(3), s.remapSources());
    assertEquals(1000, s.plannedBytes());
    assertEquals(8000, s.fullRerunBytes());
    assertTrue(s.changedFiles().isEmpty() && s.partitions().isEmpty());
  }

  @Test
  void corruptedReducePartReReducesOnlyThatPartition() throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", WC, "part-r-00002", null, null, null)),
        stores(store(WC, 6, 4, null)));
    StagePlan s = plan.stages().get(0);
    assertFalse(s.mapOnly());
    assertEquals(List.of(2), s.partitions());
    assertEquals(1, s.jobs(), "no census: no source changed");
  }

  @Test
  void changedSourceFileReSplitsItAndReReducesThePartitionsItsSplitsFed() throws IOException {
    // f1.txt holds sources 2 and 3; partitions 1 (2,3), 2 (2,3... see store) are fed by them
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("source_mismatch", WC, "part-r-00001", 2, "file:/in/f1.txt", null)),
        stores(store(WC, 6, 6, null)));
    StagePlan s = plan.stages().get(0);
    assertEquals(List.of("file:/in/f1.txt"), s.changedFiles());
    // partition r is fed by r and r+1: sources 2,3 feed partitions 1, 2 and 3
    assertEquals(List.of(1, 2, 3), s.partitions());
    assertEquals(2, s.jobs(), "a census finds partitions the new content feeds");
  }

  @Test
  void targetedPlanCostingAsMuchAsAFullRerunIsReplacedByItAndTheDryRunSaysWhy()
      throws IOException {
    // 3 reduces: sources 2 and 3 (f1.txt) feed partitions 1 and 2 of 3. The census would read
    // f1.txt on top of the re-reduce's maps over every split, to spare one partition of three.
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("source_mismatch", WC, "part-r-00001", 2, "file:/in/f1.txt", null)),
        stores(store(WC, 6, 3, null)));
    StagePlan s = plan.stages().get(0);
    assertEquals(List.of(0, 1, 2), s.partitions(), "every partition, as a full rerun");
    assertFalse(s.census());
    assertEquals(1, s.jobs(), "no census");
    assertEquals(6000, s.plannedBytes(), "a full rerun's reads, not the census's on top");
    assertTrue(s.choice().contains("without a census costs less than the targeted plan"),
        s.choice());
    String dryRun = RecomputeReport.text(new RecomputeResult("dry", plan, List.of(), List.of(),
        List.of(), List.of(), List.of(), Map.of(), Map.of(), List.of(), true));
    assertTrue(dryRun.contains("    chose: re-reducing all 3 partitions without a census"),
        dryRun);

    // With 6 reduces the same change feeds 3 of 6: the targeted plan stays, census included.
    StagePlan kept = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("source_mismatch", WC, "part-r-00001", 2, "file:/in/f1.txt", null)),
        stores(store(WC, 6, 6, null))).stages().get(0);
    assertEquals("", kept.choice());
    assertEquals(6000 + 2000, kept.plannedBytes(), "the re-reduce's maps and the census");
  }

  @Test
  void downstreamStageOfARecomputedOutputIsPlannedAfterIt() throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", WC, "part-r-00001", null, null, null)),
        stores(store(TOPK, 3, 1, WC), store(WC, 6, 3, null)));
    assertEquals(List.of(WC, TOPK), plan.stages().stream().map(StagePlan::output).toList());
    assertTrue(plan.stages().get(1).resyncUpstream());
  }

  @Test
  void disabledRuleRecomputesNothingAndSaysWhy() throws IOException {
    Configuration c = new Configuration(false);
    c.set("provenance.policy.rules", "frozen");
    c.set("provenance.policy.rule.frozen.enabled", "false");
    RecomputePlan plan = new Planner(RecomputePolicy.parse(c, "test")).plan(
        List.of(alert("checksum_mismatch", GREP, "part-m-00001", null, null, 1L)),
        stores(store(GREP, 4, 0, null)));
    assertTrue(plan.isEmpty());
    assertTrue(plan.deferred().get(0).reason().contains("'frozen' is disabled"),
        plan.deferred().toString());
  }

  @Test
  void errorRateBelowTheThresholdDefers() throws IOException {
    Configuration c = new Configuration(false);
    c.set("provenance.policy.rule.default.error.rate", "0.05");
    // 1 flagged record of 4 parts x 100 records = 0.25% < 5%
    RecomputePlan plan = new Planner(RecomputePolicy.parse(c, "test")).plan(
        List.of(alert("checksum_mismatch", GREP, "part-m-00001", null, null, 1L)),
        stores(store(GREP, 4, 0, null)));
    assertTrue(plan.isEmpty());
    assertTrue(plan.deferred().get(0).reason().contains("below rule 'default' threshold"),
        plan.deferred().toString());
    // at 30% (a whole part of 100 records and 20 more) it recomputes
    plan = new Planner(RecomputePolicy.parse(c, "test")).plan(
        List.of(alert("checksum_mismatch", GREP, "part-m-00001", null, null, 120L)),
        stores(store(GREP, 4, 0, null)));
    assertEquals(1, plan.stages().size());
  }

  @Test
  void missingAndForbiddenSourcesAreNeverRecomputed() throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(List.of(
        alert("source_missing", GREP, "part-m-00000", 0, "file:/in/f0.txt", null),
        alert("forbidden_source", GREP, "part-m-00001", 1, "file:/etc/passwd", null)),
        stores(store(GREP, 4, 0, null)));
    assertTrue(plan.isEmpty());
    assertEquals(2, plan.deferred().size());
    assertTrue(plan.deferred().get(1).reason().startsWith("refused"));
  }

  @Test
  void staleSourcesAreReportedUnlessThePolicySaysRecompute() throws IOException {
    LoadedAlert stale = alert("data_staleness", GREP, "part-m-00002", 2, "file:/in/f1.txt",
        null);
    assertTrue(new Planner(RecomputePolicy.defaults()).plan(List.of(stale),
        stores(store(GREP, 4, 0, null))).isEmpty());
    Configuration c = new Configuration(false);
    c.set("provenance.policy.rule.default.stale", "recompute");
    RecomputePlan plan = new Planner(RecomputePolicy.parse(c, "test")).plan(List.of(stale),
        stores(store(GREP, 4, 0, null)));
    assertEquals(List.of("file:/in/f1.txt"), plan.stages().get(0).changedFiles());
  }

  @Test
  void budgetDefersStagesAndTheirDownstream() throws IOException {
    Configuration c = new Configuration(false);
    c.set("provenance.policy.budget.max.bytes", "5000");
    RecomputePlan plan = new Planner(RecomputePolicy.parse(c, "test")).plan(
        List.of(alert("checksum_mismatch", WC, "part-r-00001", null, null, null)),
        stores(store(TOPK, 3, 1, WC), store(WC, 6, 3, null)));
    assertTrue(plan.isEmpty(), "wc re-reads 6000 bytes > 5000");
    assertEquals(2, plan.deferred().size());
    assertTrue(plan.deferred().get(0).reason().startsWith("over budget"));
    assertTrue(plan.deferred().get(1).reason().contains("upstream stage was deferred"));
  }

  @Test
  void firstMatchingRuleWinsBySourcePattern() throws IOException {
    Configuration c = new Configuration(false);
    c.set("provenance.policy.rules", "archive,default");
    c.set("provenance.policy.rule.archive.source", "file:/in/f1*");
    c.set("provenance.policy.rule.archive.enabled", "false");
    RecomputePlan plan = new Planner(RecomputePolicy.parse(c, "test")).plan(List.of(
        alert("source_mismatch", GREP, "part-m-00002", 2, "file:/in/f1.txt", null),
        alert("source_mismatch", GREP, "part-m-00000", 0, "file:/in/f0.txt", null)),
        stores(store(GREP, 4, 0, null)));
    assertEquals(List.of("file:/in/f0.txt"), plan.stages().get(0).changedFiles());
    assertEquals(1, plan.deferred().size());
  }
}
