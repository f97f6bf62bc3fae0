package org.provmr.recompute;

import java.util.Locale;
import org.provmr.recompute.RecomputePlan.Deferred;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The planner's decisions in the log, under the Planner's logger: one INFO line per stage
 * (what is redone and why) and per deferral, bounded so that a batch of record-level alerts
 * does not flood the log.
 */
final class PlanLog {
  private static final Logger LOG = LoggerFactory.getLogger(Planner.class);
  /** Deferrals logged one by one at INFO; the rest at DEBUG (all are in the report). */
  private static final int DEFERRALS_LOGGED = 10;

  private PlanLog() {
  }

  static void log(RecomputePlan plan, int alerts) {
    LOG.info("Planned {} stages and deferred {} findings from {} open alerts",
        plan.stages().size(), plan.deferred().size(), alerts);
    for (StagePlan p : plan.stages()) {
      LOG.info("Plan for {} ({}, criticality {}): {}{}{}{}{} of {} source bytes; because {}",
          p.output(), p.mapOnly() ? "map-only" : "map+reduce",
          p.criticality().name().toLowerCase(Locale.ROOT),
          p.remapSources().isEmpty() ? "" : "re-map splits " + p.remapSources() + ", ",
          p.changedFiles().isEmpty() ? "" : "re-split " + p.changedFiles().size()
              + " changed files, ",
          p.partitions().isEmpty() ? "" : "re-reduce partitions " + p.partitions() + ", ",
          p.resyncUpstream() ? "re-read changed upstream parts, " : "", p.plannedBytes(),
          p.fullRerunBytes(), String.join("; ", p.reasons()));
      if (!p.choice().isEmpty()) {
        LOG.info("Plan for {}: {}", p.output(), p.choice());
      }
      LOG.debug("Changed files of {}: {}; appended files: {}", p.output(), p.changedFiles(),
          p.appendedFiles());
    }
    int n = 0;
    for (Deferred d : plan.deferred()) {
      if (n++ < DEFERRALS_LOGGED) {
        LOG.info("Deferred {} {}: {}", d.output(), d.subject(), d.reason());
      } else {
        LOG.debug("Deferred {} {}: {}", d.output(), d.subject(), d.reason());
      }
    }
    if (n > DEFERRALS_LOGGED) {
      LOG.info("... and {} more deferred findings (DEBUG lists them; the report has all)",
          n - DEFERRALS_LOGGED);
    }
  }
}
