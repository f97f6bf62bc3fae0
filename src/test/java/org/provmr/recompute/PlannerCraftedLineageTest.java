package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.recompute.PlannerTest.alert;
import static org.provmr.recompute.PlannerTest.store;
import static org.provmr.recompute.PlannerTest.stores;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.StoredJob;

/**
 * A store changed after its validation may lack lineage 0, the job's own, which the planner
 * reads to tell a map-only job and which a recompute replays: the output is deferred as
 * inconsistent. Found by OutputMutationTest: a job.json whose lineage id 0 was rewritten made
 * recompute --dry-run fail with "IllegalArgumentException: No lineage 0 in job ...", naming
 * no file.
 */
class PlannerCraftedLineageTest {

  /** {@code s} with its job's lineages renumbered from 7. */
  private static StoredJob withoutLineageZero(StoredJob s) {
    JobRecord j = s.job();
    List<LineageEntry> renumbered = j.lineages().stream()
        .map(e -> new LineageEntry(e.id() + 7, e.lineage())).toList();
    return new StoredJob(s.output(), new JobRecord(j.formatVersion(), j.jobId(), j.jobName(),
        j.user(), j.committedAt(), j.headerMode(), j.checksumAlgorithm(), j.inputs(),
        renumbered, j.configuration()), s.sources(), s.parts());
  }

  @Test
  void anAlertedOutputWithoutItsOwnLineageIsDeferredAsInconsistent() throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", PlannerTest.GREP, "part-m-00003", null, null, 1L)),
        stores(withoutLineageZero(store(PlannerTest.GREP, 8, 0, null))));
    assertTrue(plan.stages().isEmpty());
    assertEquals(1, plan.deferred().size());
    assertEquals("refused: the lineage store is inconsistent: job.json has no lineage 0, the"
        + " job's own lineage, which a recompute replays (it has [7]); validate it again",
        plan.deferred().get(0).reason());
  }

  @Test
  void anEmptyLineageZeroIsNoLineageZero() throws IOException {
    StoredJob s = store(PlannerTest.GREP, 8, 0, null);
    JobRecord j = s.job();
    StoredJob empty = new StoredJob(s.output(), new JobRecord(j.formatVersion(), j.jobId(),
        j.jobName(), j.user(), j.committedAt(), j.headerMode(), j.checksumAlgorithm(),
        j.inputs(), List.of(new LineageEntry(0, null)), j.configuration()), s.sources(),
        s.parts());
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", PlannerTest.GREP, "part-m-00003", null, null, 1L)),
        stores(empty));
    assertTrue(plan.stages().isEmpty());
    assertTrue(plan.deferred().get(0).reason().contains("job.json has no lineage 0"),
        plan.deferred().get(0).reason());
  }

  @Test
  void aDownstreamOutputWithoutItsOwnLineageIsDeferredAndItsUpstreamPlanned()
      throws IOException {
    RecomputePlan plan = new Planner(RecomputePolicy.defaults()).plan(
        List.of(alert("checksum_mismatch", PlannerTest.WC, "part-r-00001", null, null, null)),
        stores(store(PlannerTest.WC, 4, 2, null),
            withoutLineageZero(store(PlannerTest.TOPK, 2, 1, PlannerTest.WC))));
    assertEquals(List.of(PlannerTest.WC), plan.stages().stream()
        .map(RecomputePlan.StagePlan::output).toList());
    assertEquals(1, plan.deferred().size());
    assertEquals(PlannerTest.TOPK, plan.deferred().get(0).output());
    assertTrue(plan.deferred().get(0).reason().contains("job.json has no lineage 0"),
        plan.deferred().get(0).reason());
  }
}
