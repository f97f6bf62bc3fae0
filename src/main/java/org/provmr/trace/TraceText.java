package org.provmr.trace;

import java.io.PrintStream;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.provmr.trace.TraceNode.RawView;
import org.provmr.trace.TraceNode.ReplayView;
import org.provmr.trace.TraceNode.SourceView;
import org.provmr.trace.TraceNode.StepView;

/**
 * A trace as indented text, one stage further up per level. Everything that came from an
 * output or a source goes through {@code escape} (the CLI passes its terminal escaping).
 */
public final class TraceText {
  private final PrintStream out;
  private final UnaryOperator<String> escape;

  public TraceText(PrintStream out, UnaryOperator<String> escape) {
    this.out = out;
    this.escape = escape;
  }

  public void print(TraceNode n) {
    print(n, "");
  }

  private void print(TraceNode n, String in) {
    if (n.scope().equals("part")) {
      line(in, "part " + n.part() + " of " + n.output() + "  [" + n.job() + "]");
    } else {
      line(in, "record " + n.part() + (n.record() >= 0 ? " #" + n.record() : "") + " @"
          + n.offset() + " of " + n.output() + "  [" + n.job() + "]");
      line(in, "  " + n.key() + "\t" + n.value());
    }
    for (StepView s : n.steps()) {
      StringBuilder b = new StringBuilder("  step ").append(s.stage()).append(' ')
          .append(s.className());
      for (Map.Entry<String, String> p : s.params().entrySet()) {
        b.append("  ").append(p.getKey()).append('=').append(p.getValue());
      }
      line(in, b.toString());
    }
    if (n.kind().equals("map")) {
      for (SourceView s : n.sources()) {
        line(in, "  from source " + s.id() + ": " + s.uri() + " (split [" + s.start() + "+"
            + s.length() + "])");
      }
      if (n.sourcesNotShown() > 0) {
        line(in, "  ... and " + n.sourcesNotShown() + " more splits (--limit)");
      }
    } else {
      long all = n.sources().size() + n.sourcesNotShown();
      line(in, "  from " + all + " split" + (all == 1 ? "" : "s") + ": " + ids(n)
          + (n.sourcesNotShown() > 0 ? " ... and " + n.sourcesNotShown() + " more (--limit)"
              : ""));
    }
    ReplayView r = n.replay();
    if (r != null) {
      line(in, "  replay: " + r.splits().length + " splits, " + r.recordsRead()
          + " records read, " + r.matched() + " produced the key (" + r.emitted()
          + " map output values" + (r.isolated() ? "; some found by replaying records alone"
              : "") + ")");
      line(in, "  check: combiner and reducer over them give " + r.replayed() + ", the record"
          + " holds " + r.recorded() + ": " + (r.addsUp() ? "adds up" : "DOES NOT ADD UP"));
      if (r.note() != null) {
        line(in, "  note: " + r.note());
      }
    }
    if (n.note() != null) {
      line(in, "  note: " + n.note());
    }
    for (RawView v : n.raw()) {
      line(in, "  source " + v.uri() + (v.positions().equals("bytes") ? " bytes [" + v.offset()
          + "+" + v.length() + "]" : " record " + v.offset()));
      if (v.text() != null) {
        line(in, "    | " + v.text());
      }
      if (v.textCut() > 0) {
        line(in, "    (cut: the first " + (v.length() - v.textCut()) + " of " + v.length()
            + " bytes shown, provenance.trace.show.source.bytes)");
      }
    }
    if (n.rawNotShown() > 0) {
      line(in, "  ... and " + n.rawNotShown() + " more source ranges (--limit)");
    }
    for (TraceNode u : n.upstream()) {
      print(u, in + "    ");
    }
    if (n.upstreamNotShown() > 0) {
      line(in, "  ... and " + n.upstreamNotShown() + " more upstream "
          + (n.scope().equals("part") || n.replay() == null ? "parts" : "records")
          + " (--limit)");
    }
  }

  private static String ids(TraceNode n) {
    StringBuilder b = new StringBuilder();
    for (SourceView s : n.sources()) {
      b.append(b.length() == 0 ? "" : ", ").append(s.id());
    }
    return b.toString();
  }

  private void line(String indent, String s) {
    out.println(indent + escape.apply(s));
  }
}
