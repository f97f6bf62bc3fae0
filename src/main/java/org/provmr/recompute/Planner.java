package org.provmr.recompute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.recompute.RecomputePlan.Deferred;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.LineageEntry;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;

/**
 * Turns alerts into the smallest recomputation, from the lineage stores alone (no I/O, so a
 * test can assert on the plan):
 * <ul>
 *   <li>a corrupted part of a map-only job: re-map its split;</li>
 *   <li>a corrupted part-r-N: re-reduce partition N alone;</li>
 *   <li>a changed source file: re-split and re-map it; for map+reduce, re-reduce the
 *       partitions its old splits fed (and, found by a census at run time, any its new
 *       content feeds);</li>
 *   <li>a stage that read a part another stage of the plan replaces: re-planned in turn, in
 *       topological order.</li>
 * </ul>
 * The policy decides what is deferred: disabled rules, error rates under the threshold, stale
 * but unchanged sources, missing or forbidden sources, and work beyond the budget.
 */
public final class Planner {
  private final RecomputePolicy policy;
  private Map<String, Integer> corruptions = Map.of();

  public Planner(RecomputePolicy policy) {
    this.policy = policy;
  }

  /**
   * Earlier corruption findings by path (from the history store), for the rules'
   * {@code escalate.after}.
   */
  public Planner withCorruptions(Map<String, Integer> counts) {
    this.corruptions = Map.copyOf(counts);
    return this;
  }

  /** Work gathered for one output while reading the alerts. */
  private static final class Work {
    final StoredJob store;
    final TreeSet<Integer> remap = new TreeSet<>();
    final TreeSet<String> changed = new TreeSet<>();
    final TreeSet<String> appended = new TreeSet<>();
    final TreeSet<Integer> partitions = new TreeSet<>();
    // type + subject -> alert ids: record-level alerts come by the hundred for one part
    final Map<String, List<String>> reasons = new LinkedHashMap<>();
    boolean resync;
    RecomputePolicy.Criticality criticality = RecomputePolicy.Criticality.LOW;
    long flaggedRecords;

    Work(StoredJob store) {
      this.store = store;
    }

    boolean isEmpty() {
      return remap.isEmpty() && changed.isEmpty() && appended.isEmpty() && partitions.isEmpty()
          && !resync;
    }
  }

  /**
   * @param alerts the validation's findings
   * @param stores every output the run may touch (those alerted on, and the stages
   *     downstream of them), by qualified output URI
   */
  public RecomputePlan plan(List<LoadedAlert> alerts, Map<String, StoredJob> stores) {
    Map<String, Work> work = new LinkedHashMap<>();
    List<Deferred> deferred = new ArrayList<>();
    Map<String, List<LoadedAlert>> byOutput = new LinkedHashMap<>();
    for (LoadedAlert a : alerts) {
      byOutput.computeIfAbsent(a.alert().output(), k -> new ArrayList<>()).add(a);
    }
    for (Map.Entry<String, List<LoadedAlert>> e : byOutput.entrySet()) {
      StoredJob store = stores.get(e.getKey());
      if (store == null) {
        throw new IllegalArgumentException("Alerts name output " + e.getKey()
            + ", whose lineage store was not loaded");
      }
      Work w = new Work(store);
      String noLineage = withoutOwnLineage(store);
      if (noLineage != null) {
        deferred.add(new Deferred(e.getKey(), "all findings", noLineage));
        continue;
      }
      LoadedAlert untrusted = untrustedStore(e.getValue());
      if (untrusted != null) {
        deferred.add(new Deferred(e.getKey(), "all findings", "refused: alert "
            + untrusted.id() + " says the lineage store itself is not trustworthy ("
            + untrusted.alert().type().label() + " " + untrusted.alert().reason() + "), and a"
            + " recompute replays what the store records; restore the store from a backup or"
            + " re-run the job"));
        continue;
      }
      String held = Predictions.heldBy(policy, store, e.getValue());
      if (held != null) {
        deferred.add(new Deferred(e.getKey(), "all findings", held));
        continue;
      }
      for (LoadedAlert a : e.getValue()) {
        accept(w, a, deferred);
      }
      applyErrorRate(w, deferred);
      if (!w.isEmpty()) {
        work.put(e.getKey(), w);
      }
    }
    List<String> order = topologicalOrder(stores);
    propagateDownstream(order, stores, work);
    RecomputePlan plan = budget(order, work, deferred);
    PlanLog.log(plan, alerts.size());
    return plan;
  }

  /** An alert saying the store is inconsistent or fails its seal, or null. */
  private static LoadedAlert untrustedStore(List<LoadedAlert> alerts) {
    for (LoadedAlert a : alerts) {
      AlertType t = a.alert().type();
      if (t == AlertType.STORE_INCONSISTENT
          || (t == AlertType.MAC_MISMATCH && Alert.SCOPE_STORE.equals(a.alert().scope()))) {
        return a;
      }
    }
    return null;
  }

  private void accept(Work w, LoadedAlert loaded, List<Deferred> deferred) {
    Alert a = loaded.alert();
    String output = w.store.output().toString();
    boolean mapOnly = isMapOnly(w.store);
    SourceEntry source = a.dataId() != null && a.dataId().sourceId() != null
        ? find(w.store, a.dataId().sourceId()) : null;
    String sourceUri = source != null ? source.uri()
        : a.dataId() != null ? a.dataId().uri() : null;
    String subject = a.part() != null ? a.part() : sourceUri;
    boolean partDamage = a.type() == AlertType.CHECKSUM_MISMATCH
        || (a.type() == AlertType.MAC_MISMATCH && "part_mac".equals(a.reason()));
    RecomputePolicy.Rule rule = policy.ruleFor(output, partDamage ? null : sourceUri,
        mapOnly ? "map" : "reduce");
    String why = a.type().label() + " " + subject + " (alert " + loaded.id() + ")";
    String reasonKey = a.type().label() + " " + subject;
    if (rule == null || !rule.enabled()) {
      deferred.add(new Deferred(output, subject, "policy "
          + (rule == null ? "has no rule for it" : "rule '" + rule.name() + "' is disabled")
          + ": " + why));
      return;
    }
    switch (a.type()) {
      case UNLISTED_PART -> {
        deferred.add(new Deferred(output, subject, "the file is not part of the output (the"
            + " lineage store does not list it), so recomputing cannot fix it: check what it is"
            + " and remove it from the output: " + why));
        return;
      }
      case STORE_INCONSISTENT -> {
        deferred.add(new Deferred(output, subject, "refused: the lineage store is"
            + " inconsistent: " + why));
        return;
      }
      case MAC_MISMATCH, CHECKSUM_MISMATCH -> {
        if (!partDamage) {
          deferred.add(new Deferred(output, subject, "nothing to recompute: the part cannot be"
              + " authenticated (" + a.reason() + "), which a recompute would not change; "
              + "configure the key or re-run the job under keyed mode: " + why));
          return;
        }
        PartEntry part = a.part() == null ? null : findPart(w.store, a.part());
        if (part == null) {
          deferred.add(new Deferred(output, subject, "the lineage store has no part "
              + a.part() + ": " + why));
          return;
        }
        if (mapOnly && part.sources().cardinality() > w.store.sources().size()) {
          // Read again since validation: 2^31 ids fit in 12 bytes, so count before boxing.
          deferred.add(new Deferred(output, subject, "the lineage store is inconsistent: part "
              + part.name() + " lists " + part.sources().cardinality() + " sources, more than"
              + " the " + w.store.sources().size() + " of its manifest; validate it again: "
              + why));
          return;
        }
        if (mapOnly) {
          part.sources().forEach(w.remap::add);
        } else {
          w.partitions.add(partitionOf(part.name()));
        }
        w.flaggedRecords += a.records() != null ? a.records() : part.records();
      }
      case SOURCE_MISMATCH -> {
        if (sourceUri == null) {
          deferred.add(new Deferred(output, "?", "the alert names no source: " + why));
          return;
        }
        w.changed.add(sourceUri);
        w.flaggedRecords += a.records() != null ? a.records() : 1;
      }
      case DATA_STALENESS -> {
        String predicted = Predictions.stalenessDeferral(policy, rule, a);
        if (predicted != null) {
          deferred.add(new Deferred(output, subject, predicted + ": " + why));
          return;
        }
        if (Alert.UPDATE_OBSERVED.equals(a.reason())) {
          w.changed.add(sourceUri); // a new file of the family: re-split and map it
        } else if (Alert.CHANGED_AFTER_CAPTURE.equals(a.reason()) && sourceUri != null) {
          if (policy.onAppend(rule) != RecomputePolicy.StaleAction.RECOMPUTE) {
            deferred.add(new Deferred(output, subject, "appended sources are reported only"
                + " (rule '" + rule.name() + "' on.append=report): " + why));
            return;
          }
          w.appended.add(sourceUri); // only the bytes after the recorded end are mapped
        } else if (rule.stale() != RecomputePolicy.StaleAction.RECOMPUTE || sourceUri == null) {
          deferred.add(new Deferred(output, subject, "stale sources are reported only (rule '"
              + rule.name() + "' stale=report): " + why));
          return;
        } else {
          w.changed.add(sourceUri);
        }
      }
      case SOURCE_MISSING -> {
        deferred.add(new Deferred(output, subject, "the source is gone, there is nothing to"
            + " recompute from; restore it or retire the output: " + why));
        return;
      }
      case FORBIDDEN_SOURCE -> {
        deferred.add(new Deferred(output, subject, "refused: the source lies outside the"
            + " validation's source roots and is never read: " + why));
        return;
      }
      default -> throw new IllegalStateException("Unhandled alert type " + a.type());
    }
    w.reasons.computeIfAbsent(reasonKey, k -> new ArrayList<>()).add(loaded.id());
    if (rule.criticality().compareTo(w.criticality) > 0) {
      w.criticality = rule.criticality();
    }
    String escalated = Predictions.escalation(policy, rule, a, corruptions);
    if (escalated != null) {
      w.criticality = RecomputePolicy.Criticality.HIGH;
      w.reasons.computeIfAbsent(escalated, k -> new ArrayList<>()).add(loaded.id());
    }
  }

  /** Below the rule's acceptable error rate, findings are reported and recompute deferred. */
  private void applyErrorRate(Work w, List<Deferred> deferred) {
    if (w.isEmpty()) {
      return;
    }
    long total = 0;
    for (PartEntry p : w.store.parts()) {
      total += p.records();
    }
    double rate = total == 0 ? 1.0 : Math.min(1.0, w.flaggedRecords / (double) total);
    String output = w.store.output().toString();
    RecomputePolicy.Rule rule = policy.ruleFor(output, null, isMapOnly(w.store) ? "map"
        : "reduce");
    if (rule != null && rule.errorRate() > 0 && rate < rule.errorRate()) {
      deferred.add(new Deferred(output, "all findings", String.format(
          "error rate %.4f%% is below rule '%s' threshold %.4f%%: reported, not recomputed",
          rate * 100, rule.name(), rule.errorRate() * 100)));
      w.remap.clear();
      w.changed.clear();
      w.appended.clear();
      w.partitions.clear();
    }
  }

  /** Stages reading the output of a planned stage are planned too, in topological order. */
  private static void propagateDownstream(List<String> order, Map<String, StoredJob> stores,
      Map<String, Work> work) {
    for (String output : order) {
      StoredJob store = stores.get(output);
      for (SourceEntry s : store.sources()) {
        Work upstream = s.upstream() == null ? null : work.get(s.upstream());
        if (upstream != null && !upstream.isEmpty()) {
          Work w = work.computeIfAbsent(output, k -> new Work(store));
          if (!w.resync) {
            w.resync = true;
            w.reasons.put("reads " + s.upstream() + ", which this plan recomputes", List.of());
            if (upstream.criticality.compareTo(w.criticality) > 0) {
              w.criticality = upstream.criticality;
            }
          }
        }
      }
    }
  }

  /** Applies the budget in topological order; a deferred stage defers its downstream too. */
  private RecomputePlan budget(List<String> order, Map<String, Work> work,
      List<Deferred> deferred) {
    List<StagePlan> stages = new ArrayList<>();
    Map<String, Boolean> dropped = new HashMap<>();
    int jobs = 0;
    long bytes = 0;
    for (String output : order) {
      Work w = work.get(output);
      if (w == null || w.isEmpty()) {
        continue;
      }
      String noLineage = withoutOwnLineage(w.store);
      if (noLineage != null) {
        deferred.add(new Deferred(output, "stage", noLineage));
        dropped.put(output, true);
        continue;
      }
      StagePlan plan = toPlan(w);
      boolean upstreamDropped = w.store.sources().stream()
          .anyMatch(s -> s.upstream() != null && dropped.containsKey(s.upstream()));
      if (upstreamDropped) {
        deferred.add(new Deferred(output, "stage", "its upstream stage was deferred"));
        dropped.put(output, true);
      } else if (jobs + plan.jobs() > policy.maxJobs()
          || bytes + plan.plannedBytes() > policy.maxBytes()) {
        deferred.add(new Deferred(output, "stage", String.format("over budget: %d sub-jobs,"
            + " %d bytes would exceed max %d jobs / %d bytes per run", plan.jobs(),
            plan.plannedBytes(), policy.maxJobs(), policy.maxBytes())));
        dropped.put(output, true);
      } else {
        jobs += plan.jobs();
        bytes += plan.plannedBytes();
        stages.add(plan);
      }
    }
    return new RecomputePlan(stages, deferred);
  }

  private static StagePlan toPlan(Work w) {
    boolean mapOnly = isMapOnly(w.store);
    TreeSet<Integer> retired = new TreeSet<>();
    long full = 0;
    long changedBytes = 0;
    for (SourceEntry s : w.store.sources()) {
      full += s.length();
      if (w.changed.contains(s.uri())) {
        retired.add(s.id());
        changedBytes += s.length();
      }
    }
    List<Integer> remap = new ArrayList<>(w.remap);
    remap.removeAll(retired);
    // A file both changed and grown is re-split whole: its recorded splits retire.
    TreeSet<String> appended = new TreeSet<>(w.appended);
    appended.removeAll(w.changed);
    TreeSet<Integer> partitions = new TreeSet<>(w.partitions);
    if (!mapOnly) {
      for (PartEntry p : w.store.parts()) {
        // One membership test per retired split: a part's sources may be every split of
        // a million-split job, stored as one run.
        for (int id : retired) {
          if (p.sources().contains(id)) {
            partitions.add(partitionOf(p.name()));
            break;
          }
        }
      }
    }
    long planned;
    boolean census = false;
    String choice = "";
    if (mapOnly) {
      planned = changedBytes;
      for (int id : remap) {
        planned += find(w.store, id) == null ? 0 : find(w.store, id).length();
      }
    } else {
      planned = full; // the maps re-run over every split, keeping only the partitions' keys
      int reduces = reducesOf(w.store);
      if ((!w.changed.isEmpty() || !appended.isEmpty() || w.resync)
          && partitions.size() < reduces) {
        // Cost, estimated from the manifest as bytes read plus bytes shuffled (map output
        // taken as the size of its input): the census reads the changed files on top of the
        // re-reduce's maps; re-reducing every partition needs no census but shuffles all.
        long targeted = changedBytes + full + full * partitions.size() / reduces;
        long everything = full + full;
        if (targeted >= everything) {
          choice = String.format("re-reducing all %d partitions without a census costs less"
              + " than the targeted plan (estimated %d bytes read and shuffled against %d: the"
              + " census would read the %d changed bytes on top of the re-reduce's %d, and the"
              + " affected partitions %s are already %d of %d)", reduces, everything, targeted,
              changedBytes, full, partitions, partitions.size(), reduces);
          for (int p = 0; p < reduces; p++) {
            partitions.add(p);
          }
        } else {
          census = true;
          planned += changedBytes;
        }
      }
    }
    return new StagePlan(w.store.output().toString(), mapOnly, remap,
        new ArrayList<>(w.changed), new ArrayList<>(partitions), w.resync, w.criticality,
        reasons(w.reasons), planned, full, census, choice, new ArrayList<>(appended));
  }

  /** The job's number of reduces: one part per partition, part-r-N for N up to it. */
  static int reducesOf(StoredJob store) {
    int n = 0;
    for (PartEntry p : store.parts()) {
      try {
        n = Math.max(n, partitionOf(p.name()) + 1);
      } catch (IllegalArgumentException e) {
        // not a partition's part (a named output): says nothing about the reduce count
      }
    }
    return Math.max(n, 1);
  }

  /** "checksum_mismatch part-m-00002 (alert a:3)", or "(alerts a:3, a:4 and 105 more)". */
  private static List<String> reasons(Map<String, List<String>> grouped) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : grouped.entrySet()) {
      List<String> ids = e.getValue();
      if (ids.isEmpty()) {
        out.add(e.getKey());
      } else if (ids.size() == 1) {
        out.add(e.getKey() + " (alert " + ids.get(0) + ")");
      } else {
        out.add(e.getKey() + " (" + ids.size() + " alerts: " + ids.get(0) + " to "
            + ids.get(ids.size() - 1) + ")");
      }
    }
    return out;
  }

  /** Upstream outputs before the outputs that read them; ties by name, for stable plans. */
  static List<String> topologicalOrder(Map<String, StoredJob> stores) {
    List<String> names = new ArrayList<>(stores.keySet());
    names.sort(Comparator.naturalOrder());
    List<String> order = new ArrayList<>();
    while (order.size() < names.size()) {
      boolean progressed = false;
      for (String n : names) {
        if (order.contains(n)) {
          continue;
        }
        boolean ready = stores.get(n).sources().stream().allMatch(s -> s.upstream() == null
            || !stores.containsKey(s.upstream()) || order.contains(s.upstream()));
        if (ready) {
          order.add(n);
          progressed = true;
        }
      }
      if (!progressed) {
        throw new IllegalArgumentException("The outputs' lineage has a cycle among " + names);
      }
    }
    return order;
  }

  /**
   * Why a store cannot be planned because job.json lacks lineage 0 or holds it empty (the
   * job's own, which {@link #isMapOnly} reads and a recompute replays), or null. The store
   * may have changed since the validation checked it.
   */
  private static String withoutOwnLineage(StoredJob store) {
    List<Integer> ids = store.job().lineages().stream().filter(e -> e.lineage() != null)
        .map(LineageEntry::id).toList();
    return ids.contains(0) ? null : "refused: the lineage store is inconsistent: job.json has"
        + " no lineage 0, the job's own lineage, which a recompute replays (it has "
        + (ids.size() > 8 ? ids.subList(0, 8) + " and " + (ids.size() - 8) + " more" : ids)
        + "); validate it again";
  }

  static boolean isMapOnly(StoredJob store) {
    for (Step s : store.job().lineage(0).lineage().steps()) {
      if (s.stage() == Stage.REDUCE) {
        return false;
      }
    }
    return true;
  }

  static int partitionOf(String partName) {
    int dash = partName.lastIndexOf('-');
    try {
      return Integer.parseInt(partName.substring(dash + 1));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("Not a part file name: " + partName, e);
    }
  }

  private static SourceEntry find(StoredJob store, int id) {
    for (SourceEntry s : store.sources()) {
      if (s.id() == id) {
        return s;
      }
    }
    return null;
  }

  private static PartEntry findPart(StoredJob store, String name) {
    for (PartEntry p : store.parts()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }
}
