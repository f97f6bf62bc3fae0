package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.recompute.PlannerTest.GREP;
import static org.provmr.recompute.PlannerTest.store;
import static org.provmr.recompute.PlannerTest.stores;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.validate.Alert;

/** The policy's predictive triggers: on.update, hold, escalate.after (docs/prediction.md). */
class PredictivePlannerTest {

  private static RecomputePolicy policy(String... kv) {
    Configuration c = new Configuration(false);
    for (int i = 0; i < kv.length; i += 2) {
      c.set("provenance.policy.rule.default." + kv[i], kv[i + 1]);
    }
    return RecomputePolicy.parse(c, "test");
  }

  private static LoadedAlert staleness(String reason, String part, Integer sourceId,
      String uri) throws IOException {
    String json = "{\"version\":3,\"type\":\"data_staleness\",\"severity\":\"warning\","
        + "\"scope\":\"" + (part == null ? "source" : "part") + "\",\"reason\":\"" + reason
        + "\",\"output\":\"" + GREP + "\",\"part\":" + (part == null ? "null" : "\"" + part
        + "\"") + ",\"record\":null,\"offset\":null,\"dataId\":{\"sourceId\":" + sourceId
        + ",\"uri\":\"" + uri + "\",\"offset\":0,\"length\":10},\"sourceSets\":[],"
        + "\"lineageId\":0,\"jobId\":\"j\",\"expected\":null,\"actual\":null,\"records\":null,"
        + "\"detectedAt\":\"2026-11-27T00:00:00Z\",\"message\":\"predicted by 03:00\"}";
    return new LoadedAlert("alerts-cadence.jsonl:" + reason, Alert.fromJson(json));
  }

  @Test
  void anObservedUpdateIsMappedIntoTheOutputWhenTheRuleSaysOnUpdateRecompute()
      throws IOException {
    LoadedAlert observed = staleness(Alert.UPDATE_OBSERVED, null, null, "file:/in/f9.txt");
    RecomputePlan off = new Planner(RecomputePolicy.defaults()).plan(List.of(observed),
        stores(store(GREP, 4, 0, null)));
    assertTrue(off.stages().isEmpty());
    assertTrue(off.deferred().get(0).reason().contains("on.update=report"),
        off.deferred().toString());
    RecomputePlan on = new Planner(policy("on.update", "recompute")).plan(List.of(observed),
        stores(store(GREP, 4, 0, null)));
    assertEquals(List.of("file:/in/f9.txt"), on.stages().get(0).changedFiles());
  }

  @Test
  void aPredictedUpdateHoldsEveryFindingOfTheOutputWhenTheRuleSaysHold() throws IOException {
    List<LoadedAlert> alerts = List.of(
        PlannerTest.alert("checksum_mismatch", GREP, "part-m-00001", null, null, 1L),
        staleness(Alert.UPDATE_EXPECTED, "part-m-00000", 0, "file:/in/f0.txt"));
    RecomputePlan plain = new Planner(RecomputePolicy.defaults()).plan(alerts,
        stores(store(GREP, 4, 0, null)));
    assertEquals(1, plain.stages().size(), "without hold the damage is recomputed");
    RecomputePlan held = new Planner(policy("hold", "true")).plan(alerts,
        stores(store(GREP, 4, 0, null)));
    assertTrue(held.stages().isEmpty());
    assertTrue(held.deferred().get(0).reason().startsWith("held (rule 'default' hold=true)"),
        held.deferred().toString());
  }

  @Test
  void overdueSourcesAreReportedNeverRecomputed() throws IOException {
    RecomputePlan plan = new Planner(policy("stale", "recompute")).plan(
        List.of(staleness(Alert.OVERDUE, "part-m-00000", 0, "file:/in/f0.txt")),
        stores(store(GREP, 4, 0, null)));
    assertTrue(plan.stages().isEmpty());
    assertTrue(plan.deferred().get(0).reason().contains("late against its cadence"));
  }

  @Test
  void repeatedCorruptionOfOnePathEscalatesTheOutputToHigh() throws IOException {
    List<LoadedAlert> alerts = List.of(
        PlannerTest.alert("checksum_mismatch", GREP, "part-m-00001", null, null, 1L));
    RecomputePolicy p = policy("escalate.after", "3", "criticality", "low");
    RecomputePlan twice = new Planner(p).withCorruptions(Map.of(GREP + "/part-m-00001", 2))
        .plan(alerts, stores(store(GREP, 4, 0, null)));
    assertEquals(RecomputePolicy.Criticality.LOW, twice.stages().get(0).criticality());
    RecomputePlan thrice = new Planner(p).withCorruptions(Map.of(GREP + "/part-m-00001", 3))
        .plan(alerts, stores(store(GREP, 4, 0, null)));
    assertEquals(RecomputePolicy.Criticality.HIGH, thrice.stages().get(0).criticality());
    assertTrue(String.join(" ", thrice.stages().get(0).reasons()).contains("escalated"),
        thrice.stages().get(0).reasons().toString());
  }

  @Test
  void badTriggerValuesNameTheKey() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> policy("escalate.after", "-1"));
    assertTrue(e.getMessage().contains("escalate.after"), e.getMessage());
    assertThrows(BadConfigurationException.class, () -> policy("hold", "maybe"));
  }
}
