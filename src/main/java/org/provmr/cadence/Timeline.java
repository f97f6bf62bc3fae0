package org.provmr.cadence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The source families as a timeline, one self-contained HTML page (inline CSS and SVG, no
 * scripts, nothing fetched), as the validation report: per family its updates (dots), the
 * expected next update (a ring), the window until it is overdue (shaded) and now (a line).
 */
public final class Timeline {
  private static final int WIDTH = 900;
  private static final int ROW = 46;
  private static final int LABEL = 12;
  private static final DateTimeFormatter TIME = DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  private Timeline() {
  }

  /** The page for {@code families} as of {@code now}. */
  public static String html(List<SourceSurvey.Family> families, long now) {
    StringBuilder b = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<title>ProvMR sources</title><style>body{font-family:sans-serif;margin:1.5em}"
        + "h2{font-size:1.05em;margin:1.2em 0 .2em}.s{color:#555;font-size:.9em}"
        + ".overdue{color:#b00}.due{color:#a60}.fresh{color:#070}</style></head><body>");
    b.append("<h1>Source families</h1><p class=\"s\">As of ").append(TIME.format(
        Instant.ofEpochMilli(now))).append(". Dots: updates; ring: expected next update;"
        + " shaded: until overdue; line: now.</p>");
    for (SourceSurvey.Family f : families) {
      section(b, f, now);
    }
    return b.append("</body></html>\n").toString();
  }

  private static void section(StringBuilder b, SourceSurvey.Family f, long now) {
    Cadence c = f.cadence();
    String status = f.status().label();
    b.append("<h2>").append(escape(f.family())).append(" <span class=\"").append(status)
        .append("\">").append(status).append("</span></h2><p class=\"s\">")
        .append(escape(c.summary())).append("; feeds ")
        .append(escape(String.join(", ", f.dependents().keySet()))).append("</p>");
    long[] u = c.updateTimes();
    long span = Math.max(3 * 86_400_000L, c.medianInterval() > 0 ? 10 * c.medianInterval()
        : 0);
    long end = Math.max(now, c.overdueAt()) + span / 10;
    long start = end - span;
    b.append("<svg width=\"").append(WIDTH).append("\" height=\"").append(ROW)
        .append("\" role=\"img\"><line x1=\"0\" y1=\"20\" x2=\"").append(WIDTH)
        .append("\" y2=\"20\" stroke=\"#bbb\"/>");
    if (c.predictedNext() > 0) {
      double x1 = x(c.predictedNext(), start, end);
      double x2 = x(c.overdueAt(), start, end);
      b.append(String.format("<rect x=\"%.1f\" y=\"12\" width=\"%.1f\" height=\"16\""
          + " fill=\"#fd8\" opacity=\".6\"/><circle cx=\"%.1f\" cy=\"20\" r=\"6\" fill=\"none\""
          + " stroke=\"#a60\" stroke-width=\"2\"><title>expected %s</title></circle>", x1,
          Math.max(1, x2 - x1), x1, TIME.format(Instant.ofEpochMilli(c.predictedNext()))));
    }
    for (long t : u) {
      if (t >= start) {
        b.append(String.format("<circle cx=\"%.1f\" cy=\"20\" r=\"4\" fill=\"#36c\">"
            + "<title>%s</title></circle>", x(t, start, end), TIME.format(Instant.ofEpochMilli(t))));
      }
    }
    b.append(String.format("<line x1=\"%.1f\" y1=\"6\" x2=\"%1$.1f\" y2=\"34\""
        + " stroke=\"#b00\"/>", x(now, start, end)));
    b.append(String.format("<text x=\"0\" y=\"44\" font-size=\"%d\">%s</text><text x=\"%d\""
        + " y=\"44\" font-size=\"%d\" text-anchor=\"end\">%s</text></svg>", LABEL,
        TIME.format(Instant.ofEpochMilli(start)), WIDTH, LABEL,
        TIME.format(Instant.ofEpochMilli(end))));
  }

  private static double x(long t, long start, long end) {
    return Math.max(0, Math.min(WIDTH, (t - start) * (double) WIDTH / (end - start)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
