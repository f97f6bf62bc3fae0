package org.provmr.trace;

import java.io.PrintStream;
import java.util.function.UnaryOperator;

/** An impact report as text: one block per output, upstream stages first. */
public final class ImpactText {
  private final PrintStream out;
  private final UnaryOperator<String> escape;

  public ImpactText(PrintStream out, UnaryOperator<String> escape) {
    this.out = out;
    this.escape = escape;
  }

  public void print(ImpactReport r) {
    line("source " + r.source() + (r.start() == 0 && r.end() == Long.MAX_VALUE ? ""
        : " bytes [" + r.start() + ", " + r.end() + ")"));
    for (String n : r.notes()) {
      line("note: " + n);
    }
    if (r.outputs().isEmpty()) {
      line("no output among those given depends on it");
      return;
    }
    for (ImpactReport.Output o : r.outputs()) {
      line("stage " + o.stage() + ": " + o.output() + "  [" + o.job() + "]"
          + (o.via().isEmpty() ? "  (reads the source: validating it finds a change)"
              : "  (via " + String.join(", ", o.via()) + ")"));
      StringBuilder splits = new StringBuilder();
      for (int id : o.splits()) {
        splits.append(splits.length() == 0 ? "" : ",").append(id);
      }
      line("  splits " + splits);
      for (ImpactReport.Part p : o.parts()) {
        line("  part " + p.part() + (p.records() >= 0 ? "  " + p.records() + " records"
            : "  (reduce: the part as a whole)"));
        for (ImpactReport.Record rec : p.listed()) {
          line("    #" + rec.index() + " @" + rec.offset() + "  " + rec.key() + "  <- "
              + rec.sourceUri() + " [" + rec.sourceOffset() + "+" + rec.sourceLength() + "]");
        }
        if (p.notShown() > 0) {
          line("    ... and " + p.notShown() + " more records (--limit)");
        }
      }
    }
  }

  private void line(String s) {
    out.println(escape.apply(s));
  }
}
