package org.provmr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.io.TerminalText;
import org.provmr.recompute.AlertLog;
import org.provmr.recompute.RecomputeManager;
import org.provmr.recompute.RecomputePolicy;
import org.provmr.recompute.RecomputeReport;
import org.provmr.recompute.RecomputeResult;
import org.provmr.recompute.RefusedException;

/** {@code provmr recompute}: alerts in, targeted sub-jobs and atomic swaps out. */
final class RecomputeCommand extends Command {

  RecomputeCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "recompute";
  }

  @Override
  String summary() {
    return "recompute what validation alerts call for, by policy, and swap it in atomically";
  }

  @Override
  String usage() {
    return "--alerts DIR [--policy FILE] [--dry-run] [--output DIR ...]   (--output: more"
        + " outputs to treat as downstream stages)";
  }

  @Override
  Options options() {
    return new Options().withValue("alerts").withValue("policy").withFlag("dry-run")
        .withValue("output");
  }

  @Override
  int execute(Options o) throws Exception {
    Configuration conf = getConf();
    Path alerts = existingInput("alerts", o.required("alerts"));
    RecomputePolicy policy = o.has("policy")
        ? RecomputePolicy.load(conf, existingInput("policy", o.get("policy", null)))
        : RecomputePolicy.defaults();
    // Checks every recompute key now: a bad one must stop the run before any step.
    RecomputeManager manager = new RecomputeManager(conf, policy);
    manager.setProgress(progress());
    List<Path> downstream = new ArrayList<>();
    for (String d : o.all("output")) {
      downstream.add(existingInput("output", d));
    }
    AlertLog log = AlertLog.read(conf, alerts);
    for (String validated : log.validatedOutputs()) {
      Path p = new Path(validated);
      if (org.provmr.store.LineageStore.exists(conf, p)) {
        downstream.add(p); // clean outputs downstream of a recomputed one are recomputed too
      }
    }
    RecomputeResult result;
    // A dry run changes nothing: no lineage run to report.
    CommandRun lineage = o.has("dry-run") ? null
        : lineageRun("provmr recompute", List.of(alerts), downstream);
    try {
      result = manager.run(log.alerts(), downstream, log.skipped(), o.has("dry-run"));
    } catch (RefusedException e) {
      err.println("provmr recompute: " + TerminalText.escape(e.getMessage()));
      if (lineage != null) {
        lineage.end(java.util.Map.of(), "refused: " + e.getMessage());
      }
      return ExitCodes.REFUSED;
    } catch (Exception e) {
      if (lineage != null) {
        lineage.end(java.util.Map.of(), e.toString());
      }
      throw e;
    }
    if (lineage != null) {
      lineage.end(java.util.Map.of("subJobs", result.runs().size(), "committedOutputs",
          result.committed().size(), "failedOutputs", result.failed().size()),
          result.succeeded() ? null : "recompute failed for " + result.failed().keySet());
    }
    // The report quotes alert fields (part names, URIs) that come from files in outputs.
    out.print(TerminalText.escapeKeepingLines(RecomputeReport.text(result)));
    if (!result.dryRun()) {
      out.println("Report: " + RecomputeReport.write(conf, alerts, result));
    }
    return result.succeeded() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
