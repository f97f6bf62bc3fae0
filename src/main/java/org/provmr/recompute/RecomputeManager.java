package org.provmr.recompute;

import java.io.IOException;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputLocks;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreReader;
import org.provmr.store.StoredJob;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;
import org.provmr.progress.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(RecomputeManager.class);

  private final Configuration conf;
  private final RecomputePolicy policy;
  private final RecomputeSettings settings;
  private final RecomputeCommit committer;
  private JobProgress progress = JobProgress.SILENT;

  /**
   * @throws org.provmr.conf.BadConfigurationException if a recompute key of {@code conf} is
   *     bad: checked here, before anything is read or run
   */
  public RecomputeManager(Configuration conf, RecomputePolicy policy) {
    this(conf, policy, RecomputeCommit.StepListener.NONE);
  }

  RecomputeManager(Configuration conf, RecomputePolicy policy,
      RecomputeCommit.StepListener listener) {
    this.conf = conf;
    this.policy = policy;
    this.settings = RecomputeSettings.of(conf);
    this.committer = new RecomputeCommit(conf, settings.backupRetention(), listener);
  }

  /** Where the sub-jobs report their id, progress and counters; silent by default. */
  public void setProgress(JobProgress progress) {
    this.progress = progress;
  }

  /**
   * Checks every recompute key of {@code conf}, as the constructor does, for a caller that
   * recomputes later (a sweep validates first).
   *
   * @throws org.provmr.conf.BadConfigurationException naming the key, value and fix
   */
  public static void checkSettings(Configuration conf) {
    RecomputeSettings.of(conf);
  }

  /** One alert: plan and run what it calls for. */
  public RecomputeResult handle(LoadedAlert alert) throws Exception {
    return run(List.of(alert), List.of(), List.of(), false);
  }

  /** What a run will do, decided once, the same way for a dry run and the real one. */
  /** @param failed outputs whose store this configuration cannot rewrite, with the reason */
  private record Prepared(Map<String, StoredJob> stores, List<RecomputeCommit.Pending> pending,
      List<String> resolved, RecomputePlan plan, Map<String, String> failed) {
  }

  /**
   * A batch of alerts.
   *
   * @param alerts the findings
   * @param downstream more outputs to consider as downstream stages (outputs named by alerts
   *     are always considered)
   * @param skippedAlerts malformed alert lines skipped while reading, for the result
   * @param dryRun plan only: nothing is resumed, run, written or deleted; the plan is the one
   *     the real run would execute
   * @throws RefusedException if a lineage store names a class or a source the operator does
   *     not allow; nothing was loaded, read or run
   */
  public RecomputeResult run(List<LoadedAlert> alerts, List<Path> downstream,
      List<String> skippedAlerts, boolean dryRun) throws Exception {
    String runId = newRunId();
    if (dryRun) {
      return run(runId, alerts, downstream, skippedAlerts, null);
    }
    // One writer per output: every output this run may write (the planner only plans stages
    // of these) is locked before anything is resumed, planned or run, and the stores are read
    // again under the lock: another run may have committed since they were first read.
    List<Path> outputs = new ArrayList<>();
    outputs(alerts, downstream).forEach(o -> outputs.add(new Path(o)));
    try (OutputLocks locks = OutputLocks.acquire(conf, outputs, "recompute " + runId)) {
      return run(runId, alerts, downstream, skippedAlerts, locks);
    }
  }

  /** Prepares, resumes and runs; {@code locks} null for a dry run. */
  private RecomputeResult run(String runId, List<LoadedAlert> alerts, List<Path> downstream,
      List<String> skippedAlerts, OutputLocks locks) throws Exception {
    boolean dryRun = locks == null;
    if (!dryRun) {
      locks.checkHeld();
    }
    Prepared prepared;
    try {
      prepared = prepare(alerts, downstream);
    } catch (RefusedException e) {
      LOG.warn("Recompute run {}: {}", runId, e.getMessage());
      throw e;
    }
    LOG.info("Recompute run {}{}: {} alerts over {} outputs (those alerted on and their"
        + " downstream stages){}", runId, dryRun ? " (dry run: nothing runs)" : "",
        alerts.size(), prepared.stores().size(), skippedAlerts.isEmpty() ? ""
        : ", " + skippedAlerts.size() + " malformed alert lines skipped");
    List<String> resumed = new ArrayList<>();
    for (RecomputeCommit.Pending p : prepared.pending()) {
      resumed.add(p.describe(dryRun));
    }
    if (dryRun) {
      return new RecomputeResult(runId, prepared.plan(), resumed, prepared.resolved(),
          skippedAlerts, List.of(), List.of(), prepared.failed(), Map.of(), List.of(), true);
    }
    List<String> warnings = new ArrayList<>();
    for (RecomputeCommit.Pending p : prepared.pending()) {
      addIfSet(warnings, committer.resume(p, locks));
    }
    List<SubJobRun> runs = new ArrayList<>();
    List<String> committed = new ArrayList<>();
    Map<String, String> failed = new LinkedHashMap<>(prepared.failed());
    Map<String, List<String>> causes = new LinkedHashMap<>();
    StageExecutor executor = new StageExecutor(conf, settings, runId, runs, progress);
    for (StagePlan stage : prepared.plan().stages()) {
      if (prepared.failed().containsKey(stage.output())) {
        continue; // a stage whose store cannot be rewritten with this configuration
      }
      String blocked = failedUpstream(prepared.stores().get(stage.output()), failed);
      if (blocked != null) {
        LOG.warn("Not recomputing {}: its upstream {} failed in this run", stage.output(),
            blocked);
        failed.put(stage.output(), "not run: upstream " + blocked + " failed");
        causes.put(stage.output(), List.of());
        continue;
      }
      try {
        Journal journal = executor.run(stage);
        addIfSet(warnings, committer.commit(journal, locks));
        committed.add(stage.output());
      } catch (RefusedException e) {
        LOG.warn("Recompute run {}: {}", runId, e.getMessage());
        throw e;
      } catch (Exception e) {
        LOG.error("Recompute of {} failed in run {}; nothing was swapped in", stage.output(),
            runId, e);
        try {
          discardRun(stage.output(), runId); // only if no journal: else the next run finishes it
        } catch (IOException d) {
          e.addSuppressed(d);
          LOG.warn("Could not discard the staging of failed run {} of {}", runId,
              stage.output(), d);
        }
        failed.put(stage.output(), e.getMessage() != null ? e.getMessage() : e.toString());
        causes.put(stage.output(), RecomputeResult.causeChain(e));
      }
    }
    LOG.info("Recompute run {} done: {} stages planned, {} committed, {} failed, {} sub-jobs",
        runId, prepared.plan().stages().size(), committed.size(), failed.size(), runs.size());
    return new RecomputeResult(runId, prepared.plan(), resumed, prepared.resolved(),
        skippedAlerts, runs, committed, failed, causes, warnings, false);
  }

  /**
   * Reads the stores, takes interrupted commits as done (the real run finishes them before
   * anything else), drops the alerts they or earlier runs resolved, plans, and checks every
   * planned stage against the class allow-list and the source roots. Reads only.
   */
  private Prepared prepare(List<LoadedAlert> alerts, List<Path> downstream) throws Exception {
    // Each store is read once, streamed into the planner's view (no fingerprints, no source-set
    // dictionaries), and judged by keyed mode in the same pass: a million-split store is
    // planned in bounded memory. A stage that runs reads its store whole (StageExecutor).
    Map<String, StoredJob> stores = new LinkedHashMap<>();
    Map<String, StoreTrust.Verdict> verdicts = new LinkedHashMap<>();
    for (String output : outputs(alerts, downstream)) {
      StoreTrust.Read read = StoreTrust.read(conf, new Path(output));
      stores.put(output, read.store());
      if (read.verdict() != null) {
        verdicts.put(output, read.verdict());
      }
    }
    List<RecomputeCommit.Pending> pending = new ArrayList<>();
    for (Map.Entry<String, StoredJob> e : stores.entrySet()) {
      for (RecomputeCommit.Pending p : committer.pending(e.getValue().output())) {
        pending.add(p);
        if (p.journal() != null) {
          Journal.NewStore after = p.journal().store();
          e.setValue(new StoredJob(e.getValue().output(), after.job(), after.sources(),
              after.parts()));
        }
      }
    }
    Map<String, String> failed = new LinkedHashMap<>();
    Map<String, String> untrusted = new LinkedHashMap<>();
    for (Map.Entry<String, StoreTrust.Verdict> e : verdicts.entrySet()) {
      StoreTrust.Verdict v = e.getValue();
      (v.misconfigured() ? failed : untrusted).put(e.getKey(), v.reason());
    }
    List<String> resolved = new ArrayList<>();
    List<LoadedAlert> open = new ArrayList<>();
    Set<String> alerted = new TreeSet<>();
    for (LoadedAlert a : alerts) {
      alerted.add(a.alert().output());
      if (failed.containsKey(a.alert().output()) || untrusted.containsKey(a.alert().output())) {
        continue; // reported with the reason: failed, or deferred by StoreTrust.withhold
      }
      if (isResolved(a.alert(), stores.get(a.alert().output()))) {
        resolved.add(a.id() + " " + a.alert().type().label() + " "
            + (a.alert().part() != null ? a.alert().part() : a.alert().dataId()));
        LOG.debug("Alert {} already resolved by an earlier run: {}", a.id(),
            resolved.get(resolved.size() - 1));
      } else {
        open.add(a);
      }
    }
    if (!resolved.isEmpty()) {
      LOG.info("{} alerts were already resolved by earlier runs and are not planned again",
          resolved.size());
    }
    RecomputePlan plan = StoreTrust.withhold(new Planner(policy)
        .withCorruptions(Predictions.corruptions(conf)).plan(open, stores), untrusted,
        alerted);
    for (StagePlan stage : plan.stages()) { // refuse before anything runs
      if (failed.containsKey(stage.output())) {
        continue; // a stage whose store cannot be rewritten with this configuration
      }
      StoredJob store = stores.get(stage.output());
      SubJobs.configuration(conf, settings, store, "check");
      SourceFence.check(conf, stage, store);
    }
    return new Prepared(stores, pending, resolved, plan, failed);
  }

  private static void addIfSet(List<String> list, String s) {
    if (s != null) {
      list.add(s);
    }
  }

  /**
   * The outputs a run considers, keyed as the plan names them: those alerted on (refused if
   * gone), then the downstream ones (qualified, by their job.json only).
   */
  private List<String> outputs(List<LoadedAlert> alerts, List<Path> downstream)
      throws IOException {
    Set<String> outputs = new java.util.LinkedHashSet<>();
    for (LoadedAlert a : alerts) {
      String output = a.alert().output();
      if (output == null) {
        throw new IllegalArgumentException("Alert " + a.id() + " names no output");
      }
      if (!outputs.contains(output)) {
        if (!LineageStore.exists(conf, new Path(output))) {
          throw new MissingOutputException("Alert " + a.id() + " is about output " + output
              + ", which no longer exists (or has no lineage store). Validate again to get"
              + " current alerts; nothing was recomputed.");
        }
        outputs.add(output);
      }
    }
    for (Path p : downstream) {
      outputs.add(StoreReader.open(conf, p).output().toString());
    }
    return new ArrayList<>(outputs);
  }

  /** An alert an earlier recompute already took care of (re-running must not redo work). */
  private static boolean isResolved(Alert a, StoredJob store) {
    boolean partDamage = a.type() == AlertType.CHECKSUM_MISMATCH
        || (a.type() == AlertType.MAC_MISMATCH && "part_mac".equals(a.reason()));
    if (partDamage && a.part() != null) {
      int alerted = a.lineageId() == null ? 0 : a.lineageId();
      for (PartEntry p : store.parts()) {
        if (p.name().equals(a.part())) {
          return p.lineageId() != alerted; // re-stamped by a recompute since the alert
        }
      }
      return false;
    }
    if (Alert.UPDATE_OBSERVED.equals(a.reason()) && a.dataId() != null) {
      // a new file of a family: resolved once a recompute put it in the manifest
      return store.sources().stream().anyMatch(s -> s.uri().equals(a.dataId().uri()));
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
      LOG.info("Discarded the staging of failed run {} of {} (no journal: nothing live was"
          + " touched)", runId, output);
    } else {
      LOG.warn("Run {} of {} failed after its journal was written; the next recompute of this"
          + " output finishes it from {}", runId, output, runDir);
    }
  }

  /**
   * A new run's id, which names its staging directory: the time, readable in a listing, and 48
   * random bits. Two runs of one output in the same second are possible (a stale lock taken
   * over, a promotion beside a recompute) and must not share a directory; with the 16 bits
   * used before, a thousand ids of one second held a repeat more often than not.
   */
  static String newRunId() {
    return "r" + ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
        + String.format("-%012x", ThreadLocalRandom.current().nextLong(1L << 48));
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
