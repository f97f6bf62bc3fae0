package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A dry run shows exactly the plan the real run executes, also when an earlier run left a
 * commit to finish; a bad setting stops the run before any step; a problem after the commit
 * never turns a committed run into a failure or deletes its backup.
 */
class RecomputeDryRunTest {
  static final String PART = "part-r-00001";
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path clean;

  @TempDir
  Path tmp;
  Path wc;

  @BeforeAll
  static void wordcountOnce() throws Exception {
    conf = TestData.localConf(shared);
    TestData.text(conf, shared.resolve("text"), 96 * 1024, 2);
    clean = shared.resolve("wc");
    Run r = TestData.provmr(conf, "run", "wordcount", "--input",
        shared.resolve("text").toString(), "--output", clean.toString(), "--reduces", "3");
    assertEquals(0, r.exitCode(), r.err());
  }

  @BeforeEach
  void damagedCopy() throws Exception {
    wc = tmp.resolve("wc");
    FileUtils.copyDirectory(clean.toFile(), wc.toFile());
    damageAndValidate("alerts");
  }

  private void damageAndValidate(String alerts) throws Exception {
    Outputs.corrupt(wc.resolve(PART));
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve(alerts).toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
  }

  private AlertLog alerts(String dir) throws IOException {
    return AlertLog.read(conf, new org.apache.hadoop.fs.Path(tmp.resolve(dir).toUri()));
  }

  private RecomputeResult run(RecomputeCommit.StepListener listener, boolean dryRun)
      throws Exception {
    AlertLog log = alerts("alerts");
    return new RecomputeManager(conf, RecomputePolicy.defaults(), listener)
        .run(log.alerts(), List.of(), List.of(), dryRun);
  }

  private List<Path> backups() throws IOException {
    Path root = wc.resolve("_provenance/backup");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> runs = Files.list(root)) {
      return runs.sorted().toList();
    }
  }

  @Test
  void dryRunAfterAnInterruptedCommitShowsThePlanTheRealRunExecutes() throws Exception {
    RecomputeResult crashed = run(step -> {
      if (step.equals("swap:" + PART)) {
        throw new IOException("injected crash after " + step);
      }
    }, false);
    assertFalse(crashed.succeeded());
    String interrupted = crashed.runId();
    Map<String, Integer> before = Outputs.snapshot(wc);

    RecomputeResult dry = run(RecomputeCommit.StepListener.NONE, true);
    assertEquals(before, Outputs.snapshot(wc), "a dry run changes nothing");
    RecomputeResult real = run(RecomputeCommit.StepListener.NONE, false);

    assertEquals(real.plan(), dry.plan());
    assertTrue(dry.plan().isEmpty(), "the interrupted run already recomputed the part: "
        + dry.plan());
    assertEquals(real.resolved(), dry.resolved());
    // Every alert about the damaged part (one per damaged record, or one for damaged framing).
    assertFalse(dry.resolved().isEmpty(), dry.resolved().toString());
    assertEquals(alerts("alerts").alerts().size(), dry.resolved().size(),
        dry.resolved().toString());
    for (String r : dry.resolved()) {
      assertTrue(r.contains("checksum_mismatch " + PART), dry.resolved().toString());
    }
    assertEquals(List.of("will finish interrupted run " + interrupted + " of file:" + wc),
        dry.resumed());
    assertEquals(List.of("finished interrupted run " + interrupted + " of file:" + wc),
        real.resumed());
    assertTrue(real.succeeded() && real.runs().isEmpty(), real.toString());

    Run cli = TestData.provmr(conf, "recompute", "--alerts", tmp.resolve("alerts").toString(),
        "--dry-run");
    assertEquals(0, cli.exitCode(), cli.err());
    assertTrue(cli.out().contains("already resolved: ") && !cli.out().contains("stage "),
        cli.out());
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("after").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
  }

  @Test
  void dryRunWithOpenAlertsPlansWhatTheRealRunRuns() throws Exception {
    RecomputeResult dry = run(RecomputeCommit.StepListener.NONE, true);
    RecomputeResult real = run(RecomputeCommit.StepListener.NONE, false);
    assertEquals(real.plan(), dry.plan());
    assertEquals(List.of(1), dry.plan().stages().get(0).partitions());
    assertTrue(real.succeeded() && real.committed().size() == 1, real.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "0", "three"})
  void badBackupRetentionStopsTheRunBeforeAnyStepAndKeepsEveryBackup(String retention)
      throws Exception {
    Run first = TestData.provmr(conf, "recompute", "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(0, first.exitCode(), first.out() + first.err());
    List<Path> kept = backups();
    assertEquals(1, kept.size(), "the first run's backup");
    damageAndValidate("alerts2");
    Map<String, Integer> before = Outputs.snapshot(wc);

    Run rc = TestData.provmr(conf, "recompute", "-D",
        "provenance.recompute.backup.retention=" + retention, "--alerts",
        tmp.resolve("alerts2").toString());
    assertEquals(ExitCodes.USAGE, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.err().startsWith("provmr recompute: Bad value '" + retention + "' for"
        + " provenance.recompute.backup.retention: give a whole number of runs, at least 1"),
        rc.err());
    assertEquals(before, Outputs.snapshot(wc), "nothing ran, nothing was deleted");
    assertEquals(kept, backups());

    Run sweep = TestData.provmr(conf, "sweep", "-D",
        "provenance.recompute.backup.retention=" + retention, "--output", wc.toString(),
        "--alerts-root", tmp.resolve("sweeps").toString());
    assertEquals(ExitCodes.USAGE, sweep.exitCode(), sweep.out() + sweep.err());
    assertTrue(sweep.err().contains("Bad value '" + retention + "' for"
        + " provenance.recompute.backup.retention"), sweep.err());
    assertFalse(Files.exists(tmp.resolve("sweeps")), "the sweep did not even validate");
  }

  @Test
  void failureCleaningUpAfterTheCommitIsAWarningAndKeepsTheBackup() throws Exception {
    RecomputeResult r = run(step -> {
      if (step.equals("cleanup")) {
        throw new IOException("injected clean-up failure");
      }
    }, false);
    assertTrue(r.succeeded(), r.failed().toString());
    assertEquals(List.of("file:" + wc), r.committed());
    assertEquals(1, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).startsWith("recompute run " + r.runId() + " of file:" + wc
        + " is committed, but cleaning up after it failed (java.io.IOException: injected"
        + " clean-up failure); its backup is kept"), r.warnings().get(0));
    assertEquals(List.of(wc.resolve("_provenance/backup/" + r.runId())), backups());
    assertTrue(Files.exists(wc.resolve("_provenance/backup/" + r.runId() + "/" + PART)));
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("after").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
  }
}
