package org.provmr.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.provmr.io.TerminalText;
import org.provmr.store.StoreJson;
import org.provmr.trace.ImpactAnalysis;
import org.provmr.trace.ImpactReport;
import org.provmr.trace.ImpactText;

/** {@code provmr impact}: what depends on a source file or byte range (docs/trace.md). */
final class ImpactCommand extends Command {

  ImpactCommand(java.io.PrintStream out, java.io.PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "impact";
  }

  @Override
  String summary() {
    return "which outputs, parts and records depend on a source file or byte range";
  }

  @Override
  String usage() {
    return "SOURCE [--range START-END] (--output DIR ... | --roots DIR ...) [--limit N]"
        + " [--json]   (outputs under --roots are found by their lineage stores)";
  }

  @Override
  Options options() {
    return new Options().withValue("output").withValue("roots").withValue("range")
        .withValue("limit").withFlag("json");
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one source file");
    }
    Path source = new Path(o.positional().get(0));
    long start = 0;
    long end = Long.MAX_VALUE;
    String range = o.get("range", null);
    if (range != null) {
      String[] se = range.split("-", -1);
      try {
        start = Long.parseLong(se[0].trim());
        end = Long.parseLong(se[1].trim());
      } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
        end = -1;
      }
      if (se.length != 2 || start < 0 || end <= start) {
        throw new UsageException("--range takes START-END, byte offsets with START < END"
            + " (END exclusive), not '" + range + "'");
      }
    }
    ImpactAnalysis analysis = new ImpactAnalysis(getConf(), o.getInt("limit", 20, 0));
    List<Path> outputs = new ArrayList<>();
    for (String g : o.all("output")) {
      outputs.add(committedOutput("output", g));
    }
    for (String r : o.all("roots")) {
      outputs.addAll(analysis.discover(existingInput("roots", r)));
    }
    if (outputs.isEmpty()) {
      throw new UsageException("name the outputs to look at with --output DIR, or directories"
          + " to search for them with --roots DIR");
    }
    ImpactReport report = analysis.run(source, start, end, outputs);
    if (o.has("json")) {
      // Jackson leaves C1 controls and bidi overrides raw; escaped, they are the same JSON
      out.println(TerminalText.escapeKeepingLines(StoreJson.mapper()
          .writerWithDefaultPrettyPrinter().writeValueAsString(report)));
    } else {
      new ImpactText(out, TerminalText::escape).print(report);
    }
    out.flush();
    return ExitCodes.OK;
  }
}
