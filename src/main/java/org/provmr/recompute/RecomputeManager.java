package org.provmr.recompute;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputLocks;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;

/**
 * The specification's "Re-computation Manager": validation alerts in, by policy, the smallest
 * recomputation out, run as MapReduce sub-jobs and swapped in atomically.
 *
 * <pre>
 * handle_validation_alert(alert)      -> {@link #handle(LoadedAlert)}
 *   extract_pipeline_section_from_alert  Planner (lineage store: splits, partitions, downstream)
 *   get_recomputation_policy             RecomputePolicy (rules by output, source, stage)
 *   trigger_recomputation                StageExecutor (recorded Configuration, allow-listed)
 *   publish_recomputed_results           RecomputeCommit (journal, backup, atomic swap; records
 *                                        re-stamped LOW confidence with a recompute step)
 * </pre>
 */
public final class RecomputeManager {
  private final Configuration conf;
  private final RecomputePolicy policy;
  private final RecomputeCommit committer;

  public RecomputeManager(Configuration conf, RecomputePolicy policy) {
    this(conf, policy, RecomputeCommit.StepListener.NONE);
  }

  RecomputeManager(Configuration conf, RecomputePolicy policy,
      RecomputeCommit.StepListener listener) {
    this.conf = conf;
    this.policy = policy;
    this.committer = new RecomputeCommit(conf, listener);
  }

  /** One alert: plan and run what it calls for. */
  public RecomputeResult handle(LoadedAlert alert) throws Exception {
    return run(List.of(alert), List.of(), List.of(), false);
  }

  /**
   * A batch of alerts.
   *
   * @param alerts the findings
   * @param downstream more outputs to consider as downstream stages (outputs named by alerts
   *     are always considered)
   * @param skippedAlerts malformed alert lines skipped while reading, for the result
   * @param dryRun plan only: nothing is resumed, run, written or deleted
   */
  public RecomputeResult run(List<LoadedAlert> alerts, List<Path> downstream,
      List<String> skippedAlerts, boolean dryRun) throws Exception {
    String runId = newRunId();
    Map<String, StoredJob> stores = loadStores(alerts, downstream);
    if (dryRun) {
      return run(runId, alerts, stores, skippedAlerts, null);
    }
    // One writer per output: every output this run may write (the planner only plans stages
    // of these) is locked before anything is resumed, planned or run, and the stores are read
    // again under the lock: another run may have committed since they were first read.
    List<Path> outputs = new ArrayList<>();
    stores.keySet().forEach(o -> outputs.add(new Path(o)));
    try (OutputLocks locks = OutputLocks.acquire(conf, outputs, "recompute " + runId)) {
      return run(runId, alerts, loadStores(alerts, downstream), skippedAlerts, locks);
    }
  }

  /** Resumes, plans and runs; {@code locks} null for a dry run. */
  private RecomputeResult run(String runId, List<LoadedAlert> alerts,
      Map<String, StoredJob> loaded, List<String> skippedAlerts, OutputLocks locks)
      throws Exception {
    boolean dryRun = locks == null;
    Map<String, StoredJob> stores = loaded;
    List<String> resumed = new ArrayList<>();
    if (!dryRun) {
      locks.checkHeld();
      for (String output : stores.keySet()) {
        resumed.addAll(committer.resume(new Path(output)));
      }
      if (!resumed.isEmpty()) {
        stores = reload(stores); // the resumed commits rewrote stores
      }
    }
    List<String> resolved = new ArrayList<>();
    List<LoadedAlert> open = new ArrayList<>();
    for (LoadedAlert a : alerts) {
      if (isResolved(a.alert(), stores.get(a.alert().output()))) {
        resolved.add(a.id() + " " + a.alert().type().label() + " "
            + (a.alert().part() != null ? a.alert().part() : a.alert().dataId()));
      } else {
        open.add(a);
      }
    }
    RecomputePlan plan = new Planner(policy).plan(open, stores);
    ClassAllowList allow = new ClassAllowList(conf);
    for (StagePlan stage : plan.stages()) {
      SubJobs.replayed(stores.get(stage.output()), allow); // refuse before anything runs
    }
    List<SubJobRun> runs = new ArrayList<>();
    List<String> committed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>();
    if (!dryRun) {
      StageExecutor executor = new StageExecutor(conf, allow, runId, runs);
      for (StagePlan stage : plan.stages()) {
        String blocked = failedUpstream(stores.get(stage.output()), failed);
        if (blocked != null) {
          failed.put(stage.output(), "not run: upstream " + blocked + " failed");
          continue;
        }
        try {
          Journal journal = executor.run(stage);
          locks.checkHeld(); // a stalled run whose lock was taken over must not commit
          committer.commit(journal);
          committed.add(stage.output());
        } catch (RefusedClassException e) {
          throw e;
        } catch (Exception e) {
          discardRun(stage.output(), runId);
          failed.put(stage.output(), e.getMessage());
        }
      }
    }
    return new RecomputeResult(runId, plan, resumed, resolved, skippedAlerts, runs, committed,
        failed, dryRun);
  }

  private Map<String, StoredJob> reload(Map<String, StoredJob> stores) throws IOException {
    Map<String, StoredJob> fresh = new LinkedHashMap<>();
    for (String output : stores.keySet()) {
      fresh.put(output, LineageStore.read(conf, new Path(output)));
    }
    return fresh;
  }

  private Map<String, StoredJob> loadStores(List<LoadedAlert> alerts, List<Path> downstream)
      throws IOException {
    Map<String, StoredJob> stores = new LinkedHashMap<>();
    for (LoadedAlert a : alerts) {
      String output = a.alert().output();
      if (output == null) {
        throw new IllegalArgumentException("Alert " + a.id() + " names no output");
      }
      if (!stores.containsKey(output)) {
        Path p = new Path(output);
        if (!LineageStore.exists(conf, p)) {
          throw new MissingOutputException("Alert " + a.id() + " is about output " + output
              + ", which no longer exists (or has no lineage store). Validate again to get"
              + " current alerts; nothing was recomputed.");
        }
        stores.put(output, LineageStore.read(conf, p));
      }
    }
    for (Path p : downstream) {
      StoredJob s = LineageStore.read(conf, p);
      stores.putIfAbsent(s.output().toString(), s);
    }
    return stores;
  }

  /** An alert an earlier recompute already took care of (re-running must not redo work). */
  private static boolean isResolved(Alert a, StoredJob store) {
    if (a.type() == AlertType.CHECKSUM_MISMATCH && a.part() != null) {
      int alerted = a.lineageId() == null ? 0 : a.lineageId();
      for (PartEntry p : store.parts()) {
        if (p.name().equals(a.part())) {
          return p.lineageId() != alerted; // re-stamped by a recompute since the alert
        }
      }
      return false;
    }
    if ((a.type() == AlertType.SOURCE_MISMATCH || a.type() == AlertType.DATA_STALENESS)
        && a.dataId() != null && a.dataId().sourceId() != null) {
      for (SourceEntry s : store.sources()) {
        if (s.id() == a.dataId().sourceId()) {
          return false;
        }
      }
      return true; // the source's old splits were retired by a recompute
    }
    return false;
  }

  private static String failedUpstream(StoredJob store, Map<String, String> failed) {
    for (SourceEntry s : store.sources()) {
      if (s.upstream() != null && failed.containsKey(s.upstream())) {
        return s.upstream();
      }
    }
    return null;
  }

  private void discardRun(String output, String runId) throws IOException {
    Path runDir = Journal.runDir(new Path(output), runId);
    FileSystem fs = runDir.getFileSystem(conf);
    if (!fs.exists(new Path(runDir, Journal.FILE))) {
      fs.delete(runDir, true); // failed before committing: nothing live was touched
    }
  }

  static String newRunId() {
    return "r" + ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + String.format("-%04x", ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Alerts about an output that is gone: re-validate rather than guess. */
  public static final class MissingOutputException
      extends org.provmr.conf.BadConfigurationException {
    private static final long serialVersionUID = 1L;

    MissingOutputException(String message) {
      super(message);
    }
  }
}
