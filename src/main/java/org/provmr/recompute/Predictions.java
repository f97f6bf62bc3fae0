package org.provmr.recompute;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.provmr.history.SourceHistory;
import org.provmr.store.StoredJob;
import org.provmr.validate.Alert;
import org.provmr.validate.CadenceCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The predictive triggers of a policy rule (docs/prediction.md), for the planner: hold an
 * output whose sources are about to update, recompute on an observed update, escalate
 * repeated corruption of one path.
 */
final class Predictions {
  private static final Logger LOG = LoggerFactory.getLogger(Predictions.class);
  private Predictions() {
  }

  /** Why an output's findings are all held back, or null: an update is predicted soon. */
  static String heldBy(RecomputePolicy policy, StoredJob store, List<LoadedAlert> alerts) {
    String output = store.output().toString();
    String stage = store.parts().stream().allMatch(p -> p.name().startsWith("part-m-"))
        ? "map" : "reduce";
    for (LoadedAlert a : alerts) {
      if (!Alert.UPDATE_EXPECTED.equals(a.alert().reason())) {
        continue;
      }
      String source = a.alert().dataId() == null ? null : a.alert().dataId().uri();
      RecomputePolicy.Rule rule = policy.ruleFor(output, source, stage);
      if (rule != null && rule.enabled() && policy.predictive(rule).hold()) {
        return "held (rule '" + rule.name() + "' hold=true): " + a.alert().message()
            + " (alert " + a.id() + "); recomputing now would be done again after it";
      }
    }
    return null;
  }

  /**
   * Why a staleness finding is not recomputed, or null to plan it: overdue and predicted
   * updates bring nothing new; an observed update is recomputed when the rule says
   * {@code on.update=recompute}.
   */
  static String stalenessDeferral(RecomputePolicy policy, RecomputePolicy.Rule rule, Alert a) {
    if (Alert.OVERDUE.equals(a.reason())) {
      return "the source is late against its cadence: there is nothing new to recompute from"
          + " until it updates";
    }
    if (Alert.UPDATE_EXPECTED.equals(a.reason())) {
      return "an update is predicted: reported so a sweep can plan for it";
    }
    if (Alert.UPDATE_OBSERVED.equals(a.reason())
        && policy.predictive(rule).onUpdate() != RecomputePolicy.StaleAction.RECOMPUTE) {
      return "new source files are reported only (rule '" + rule.name()
          + "' on.update=report)";
    }
    return null;
  }

  /** Corruption findings by path from the history store; empty (logged) if unreadable. */
  static Map<String, Integer> corruptions(Configuration conf) {
    SourceHistory history = SourceHistory.of(conf);
    try {
      return history.load().corruptions();
    } catch (IOException | RuntimeException e) {
      LOG.warn("History store {} not read, no escalation this run: {}", history.dir(),
          e.toString());
      return Map.of();
    }
  }

  /** The reason a finding escalates its output to high criticality, or null. */
  static String escalation(RecomputePolicy policy, RecomputePolicy.Rule rule, Alert a,
      Map<String, Integer> corruptions) {
    int after = policy.predictive(rule).escalateAfter();
    String path = CadenceCheck.corruptPath(a);
    if (after <= 0 || path == null) {
      return null;
    }
    int seen = corruptions.getOrDefault(path, 0);
    return seen >= after ? "escalated to high: " + seen + " corruption findings on " + path
        + " in the history (rule '" + rule.name() + "' escalate.after=" + after + ")" : null;
  }
}
