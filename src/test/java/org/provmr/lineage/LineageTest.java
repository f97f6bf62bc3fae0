package org.provmr.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.provmr.header.Fixtures;

class LineageTest {

  private static Step step(String job) {
    return Step.of(job, Stage.MAP, null, "C");
  }

  @Test
  void withStepAppendsWithoutChangingTheOriginal() {
    Lineage base = Lineage.of(List.of(step("a")), List.of(Lineage.of(List.of(step("u")),
        List.of())));
    Lineage more = base.withStep(step("b"));
    assertEquals(List.of(step("a")), base.steps());
    assertEquals(List.of(step("a"), step("b")), more.steps());
    assertEquals(base.upstream(), more.upstream());
  }

  @Test
  void containsJobSearchesNestedUpstream() {
    Lineage l = Fixtures.nestedLineage();
    assertTrue(l.containsJob("job_join"));
    assertTrue(l.containsJob("job_ingest"));
    assertTrue(l.containsJob("job_dict"));
    assertFalse(l.containsJob("job_other"));
    assertFalse(Lineage.empty().containsJob("job_join"));
  }

  @Test
  void allStepsListsUpstreamDepthFirstThenOwnSteps() {
    List<String> jobs = new ArrayList<>();
    for (Step s : Fixtures.nestedLineage().allSteps()) {
      jobs.add(s.job() + "/" + s.stage().label());
    }
    assertEquals(List.of("job_ingest/map", "job_clean/map", "job_dict/reduce",
        "job_join/map", "job_join/reduce"), jobs);
  }

  @Test
  void allStepsListsAStepSharedByTwoUpstreamsOnce() {
    Lineage shared = Lineage.of(List.of(step("x")), List.of());
    Lineage a = Lineage.of(List.of(step("a")), List.of(shared));
    Lineage b = Lineage.of(List.of(step("b")), List.of(shared));
    Lineage join = Lineage.of(List.of(step("j")), List.of(a, b));
    assertEquals(List.of(step("x"), step("a"), step("b"), step("j")), join.allSteps());
  }

  @Test
  void depthCountsNestingLevels() {
    assertEquals(1, Lineage.empty().depth());
    assertEquals(3, Fixtures.nestedLineage().depth());
  }

  @Test
  void equalLineagesBuiltSeparatelyAreEqualAndHashAlike() {
    assertEquals(Fixtures.nestedLineage(), Fixtures.nestedLineage());
    assertEquals(Fixtures.nestedLineage().hashCode(), Fixtures.nestedLineage().hashCode());
    assertEquals(Lineage.empty(), Lineage.of(List.of(), List.of()));
    assertNotEquals(Fixtures.nestedLineage(), Fixtures.nestedLineage().withStep(step("z")));
    assertTrue(Fixtures.nestedLineage().toString().contains("job_ingest"));
  }

  @Test
  void listsAreImmutableCopies() {
    List<Step> steps = new ArrayList<>(List.of(step("a")));
    Lineage l = Lineage.of(steps, List.of());
    steps.add(step("b"));
    assertEquals(1, l.steps().size());
    assertThrows(UnsupportedOperationException.class, () -> l.steps().add(step("c")));
    assertThrows(UnsupportedOperationException.class, () -> l.allSteps().clear());
  }

  @Test
  void stepParamsAreASortedUnmodifiableCopyInNaturalOrder() {
    TreeMap<String, String> reversed = new TreeMap<>(Comparator.reverseOrder());
    reversed.put("a", "1");
    reversed.put("b", "2");
    Step s = Step.of("j", Stage.REDUCE, "r_0", "C", reversed);
    assertEquals(List.of("a", "b"), new ArrayList<>(s.params().keySet()));
    reversed.put("c", "3");
    assertEquals(2, s.params().size());
    assertThrows(UnsupportedOperationException.class, () -> s.params().put("d", "4"));
    assertEquals(s, Step.of("j", Stage.REDUCE, "r_0", "C", Map.of("b", "2", "a", "1")));
  }

  @Test
  void emptyTaskMeansJobLevelBecauseTheWireCannotTellThemApart() {
    assertNull(Step.of("j", Stage.MAP, "", "C").task());
    assertEquals(Step.of("j", Stage.MAP, null, "C"), Step.of("j", Stage.MAP, "", "C"));
  }

  @Test
  void stepRejectsMissingFieldsAndNullParameters() {
    assertThrows(NullPointerException.class, () -> Step.of(null, Stage.MAP, null, "C"));
    assertThrows(NullPointerException.class, () -> Step.of("j", null, null, "C"));
    assertThrows(NullPointerException.class, () -> Step.of("j", Stage.MAP, null, null));
    Map<String, String> withNull = new HashMap<>();
    withNull.put("k", null);
    assertThrows(NullPointerException.class,
        () -> Step.of("j", Stage.MAP, null, "C", withNull));
  }
}
