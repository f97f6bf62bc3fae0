package org.provmr.recompute;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * @param causes for each failed output, the exception's cause chain, outermost first, as
 *     "Class: message" (empty for a stage not run because its upstream failed)
 * @param warnings problems after a commit (cleaning up staging or old backups) that did not
 *     undo it
 * @param dryRun whether nothing was run
 */
public record RecomputeResult(String runId, RecomputePlan plan, List<String> resumed,
    List<String> resolved, List<String> skippedAlerts, List<SubJobRun> runs,
    List<String> committed, Map<String, String> failed, Map<String, List<String>> causes,
    List<String> warnings, boolean dryRun) {

  /** Causes deeper than this are left out (a cycle-free chain is rarely longer than 5). */
  private static final int MAX_CAUSES = 10;

  public boolean succeeded() {
    return failed.isEmpty();
  }

  /** A throwable and its causes, outermost first, each "Class: message". */
  public static List<String> causeChain(Throwable t) {
    List<String> chain = new ArrayList<>();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c) && chain.size() < MAX_CAUSES;
        c = c.getCause()) {
      chain.add(c.getMessage() == null ? c.getClass().getName()
          : c.getClass().getName() + ": " + c.getMessage());
    }
    return chain;
  }
}
