package org.provmr.recompute;

import java.util.List;
import java.util.Map;

/**
 * What a recompute run did.
 *
 * @param runId the run's id (UTC time first, so ids sort by time)
 * @param plan what was planned
 * @param resumed interrupted commits of earlier runs that this run finished or discarded
 * @param resolved alerts already taken care of by an earlier run, not planned again
 * @param skippedAlerts malformed alert lines skipped (provenance.recompute.malformed.alerts=skip)
 * @param runs the sub-jobs that ran
 * @param committed outputs whose recomputed parts were swapped in
 * @param failed outputs whose recomputation failed, with the reason (nothing swapped in)
 * @param warnings problems after a commit (cleaning up staging or old backups) that did not
 *     undo it
 * @param dryRun whether nothing was run
 */
public record RecomputeResult(String runId, RecomputePlan plan, List<String> resumed,
    List<String> resolved, List<String> skippedAlerts, List<SubJobRun> runs,
    List<String> committed, Map<String, String> failed, List<String> warnings,
    boolean dryRun) {

  public boolean succeeded() {
    return failed.isEmpty();
  }
}
