package org.provmr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.RecomputeManager;
import org.provmr.recompute.RecomputePolicy;
import org.provmr.store.ExclusiveFiles;
import org.provmr.store.OutputLocks;
import org.provmr.validate.SourceRoots;

/**
 * {@code provmr sweep}: the cron entry point. Validate the outputs; if there are findings,
 * recompute what the policy says; then validate again. Each run keeps its evidence in a
 * dated directory. Idempotent: a sweep over clean outputs validates and stops; a sweep after
 * an interrupted one finishes the interrupted commit first.
 */
final class SweepCommand extends Command {

  SweepCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "sweep";
  }

  @Override
  String summary() {
    return "validate, recompute by policy, revalidate: one idempotent cron entry point";
  }

  @Override
  String usage() {
    return "--output DIR [--output DIR ...] [--policy FILE] [--alerts-root DIR]"
        + " [--staleness-window DURATION] [--substream all|priority|main]"
        + " [--mode auto|job|direct]   Exit codes: 0 clean (after recompute if needed),"
        + " 3 findings remain (deferred by policy), 1 failure, 2 usage, 4 refused, 5 busy"
        + " (another sweep or recompute holds an output).";
  }

  @Override
  Options options() {
    return new Options().withValue("output").withValue("policy")
        .withValue("alerts-root", ProvenanceKeys.SWEEP_ALERTS_ROOT)
        // Mirrored here, so a bad value stops the sweep before its run directory is made, and
        // the validations it runs read the key from the configuration they inherit.
        .withValue("staleness-window", ProvenanceKeys.VALIDATE_STALENESS_WINDOW,
            ValidateCommand::window)
        .withValue("substream", ProvenanceKeys.VALIDATE_SUBSTREAM, ValidateCommand::substream)
        .withValue("mode", ProvenanceKeys.VALIDATE_MODE, ValidateCommand::mode);
  }

  @Override
  int execute(Options o) throws Exception {
    Configuration conf = getConf();
    List<String> outputs = o.all("output");
    if (outputs.isEmpty()) {
      throw new UsageException("Missing --output");
    }
    List<Path> paths = new ArrayList<>();
    for (String d : outputs) {
      paths.add(committedOutput("output", d));
    }
    // Every setting and file the later steps need is checked before the first one runs.
    if (o.has("policy")) {
      RecomputePolicy.load(conf, existingInput("policy", o.get("policy", null)));
    }
    SourceRoots.configured(conf);
    RecomputeManager.checkSettings(conf);
    Path root = root(conf);
    AlertsPlacement.check(conf, "alerts-root", root, paths);
    // One sweep per output at a time: the locks cover validation, recompute and revalidation
    // (the commands below share them), so a second sweep exits 5 before doing anything.
    try (OutputLocks locks = OutputLocks.acquire(conf, paths, "sweep")) {
      locks.passTo(conf);
      return sweep(conf, outputs, newRunDir(conf, root), o);
    }
  }

  private int sweep(Configuration conf, List<String> outputs, Path runDir, Options o)
      throws Exception {
    out.println("Sweep " + runDir);

    int validated = ProvMR.run(conf, validateArgs(outputs, new Path(runDir, "validate")),
        out, err);
    if (validated == ExitCodes.OK) {
      out.println("Sweep: all valid, nothing to recompute.");
      return ExitCodes.OK;
    }
    if (validated != ExitCodes.FINDINGS) {
      return validated;
    }
    List<String> recompute = new ArrayList<>(List.of("recompute", "--alerts",
        new Path(runDir, "validate").toString()));
    if (o.has("policy")) {
      recompute.add("--policy");
      recompute.add(o.get("policy", null));
    }
    int recomputed = ProvMR.run(conf, recompute.toArray(new String[0]), out, err);
    if (recomputed != ExitCodes.OK) {
      return recomputed;
    }
    int revalidated = ProvMR.run(conf, validateArgs(outputs, new Path(runDir, "revalidate")),
        out, err);
    out.println(revalidated == ExitCodes.OK ? "Sweep: clean after recompute."
        : revalidated == ExitCodes.FINDINGS
            ? "Sweep: findings remain (deferred by policy or not recomputable): see "
                + new Path(runDir, "revalidate") : "Sweep: revalidation failed");
    return revalidated;
  }

  /**
   * A new dated directory; sweeps started within the same second get -2, -3... Each is taken
   * by creating its claim file atomically, so two sweeps (of other outputs) never share one.
   */
  private static Path newRunDir(Configuration conf, Path root) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    String stamp = ZonedDateTime.now(ZoneOffset.UTC)
        .format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
    byte[] claim = String.valueOf(ProcessHandle.current().pid())
        .getBytes(StandardCharsets.UTF_8);
    for (int n = 1; n <= MAX_RUNS_A_SECOND; n++) {
      Path dir = new Path(root, n == 1 ? stamp : stamp + "-" + n);
      if (ExclusiveFiles.createNew(fs, new Path(dir, CLAIM_FILE), claim)) {
        return dir;
      }
    }
    throw new IOException("More than " + MAX_RUNS_A_SECOND + " sweeps started in " + root
        + " within one second");
  }

  /** The claim file of a sweep's run directory. */
  static final String CLAIM_FILE = "_sweep";
  private static final int MAX_RUNS_A_SECOND = 1000;

  private static Path root(Configuration conf) throws IOException {
    String configured = conf.getTrimmed(ProvenanceKeys.SWEEP_ALERTS_ROOT,
        ProvenanceKeys.SWEEP_ALERTS_ROOT_DEFAULT);
    if (!configured.isEmpty()) {
      return new Path(configured);
    }
    FileSystem fs = FileSystem.get(conf);
    return new Path(fs.getHomeDirectory(), "provmr-sweeps");
  }

  private static String[] validateArgs(List<String> outputs, Path alerts) {
    List<String> args = new ArrayList<>(List.of("validate", "--alerts", alerts.toString()));
    for (String d : outputs) {
      args.add("--output");
      args.add(d);
    }
    return args.toArray(new String[0]);
  }
}
