package org.provmr.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.io.TerminalText;
import org.provmr.recompute.Promotion;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreJson;

/**
 * {@code provmr promote}: after a clean revalidation, the recomputed records of priority/ go
 * back to the main parts with HIGH confidence (docs/substreams.md).
 */
final class PromoteCommand extends Command {

  PromoteCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "promote";
  }

  @Override
  String summary() {
    return "after a clean revalidation, move recomputed priority/ records back to the main"
        + " parts with HIGH confidence, journaled";
  }

  @Override
  String usage() {
    return "--alerts DIR [--alerts DIR ...] [--output DIR ...]   (--alerts: validations of the"
        + " outputs; --output: only these outputs, default every output they covered)";
  }

  @Override
  Options options() {
    return new Options().withValue("alerts").withValue("output");
  }

  @Override
  int execute(Options o) throws Exception {
    List<Path> alerts = new ArrayList<>();
    for (String a : o.all("alerts")) {
      alerts.add(existingInput("alerts", a));
    }
    if (alerts.isEmpty()) {
      throw new UsageException("--alerts DIR is required: the validation that found the"
          + " output clean");
    }
    List<Path> outputs = new ArrayList<>();
    for (String d : o.all("output")) {
      outputs.add(existingInput("output", d));
    }
    Promotion.Result result = new Promotion(getConf()).run(alerts, outputs);
    for (String r : result.resumed()) {
      out.println(TerminalText.escape(r));
    }
    for (Promotion.Outcome oc : result.outcomes()) {
      out.println(TerminalText.escape(oc.output() + ": " + oc.status()
          + (oc.reason() == null ? "" : " (" + oc.reason() + ")")
          + (oc.parts().isEmpty() ? "" : ", " + oc.records() + " records HIGH: "
          + String.join(", ", oc.parts()))));
      for (String k : oc.kept()) {
        out.println(TerminalText.escape("  kept " + k));
      }
    }
    for (String w : result.warnings()) {
      err.println("provmr promote: warning: " + TerminalText.escape(w));
    }
    // The report goes next to the newest validation given, as recompute's does.
    Path dir = alerts.get(alerts.size() - 1);
    Path json = new Path(dir, "promotion-" + result.runId() + ".json");
    FileSystem fs = dir.getFileSystem(getConf());
    LineageStore.writeAtomically(fs, json, StoreJson.mapper().valueToTree(result));
    out.println("Report: " + json);
    if (result.failed()) {
      err.println("provmr promote: failed for some outputs (see above); nothing of theirs was"
          + " promoted, the others were");
      return ExitCodes.FAILURE;
    }
    if (result.refused()) {
      err.println("provmr promote: refused for some outputs (see above); nothing of theirs"
          + " was changed");
      return ExitCodes.REFUSED;
    }
    return ExitCodes.OK;
  }
}
