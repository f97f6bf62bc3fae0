package org.provmr.cadence;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The source families as a timeline, self-contained HTML (inline styles and SVG, no scripts,
 * nothing fetched): per family its updates (dots), the expected next update (a ring), the
 * window until it is overdue (shaded) and now (a line). {@link #section} is the fragment
 * report.html embeds; {@link #html} the same as a page of its own (sources.html,
 * {@code provmr sources --html}).
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
    return "<!DOCTYPE html><html><head><meta charset=\"utf-8\">"
        + "<title>ProvMR sources</title><style>body{font-family:sans-serif;margin:1.5em}"
        + "</style></head><body>" + section(families, now, "h1", "h2") + "</body></html>\n";
  }

  /**
   * The timeline as a fragment of a page: a {@code heading} for the whole, a
   * {@code familyHeading} per family; styles inline, so it reads the same in any page.
   */
  public static String section(List<SourceSurvey.Family> families, long now, String heading,
      String familyHeading) {
    StringBuilder b = new StringBuilder();
    b.append('<').append(heading).append(">Source families</").append(heading)
        .append("><p style=\"").append(NOTE).append("\">As of ").append(TIME.format(
        Instant.ofEpochMilli(now))).append(". Dots: updates; ring: expected next update;"
        + " shaded: until overdue; line: now.</p>\n");
    for (SourceSurvey.Family f : families) {
      family(b, f, now, familyHeading);
    }
    return b.toString();
  }

  private static final String NOTE = "color:#555;font-size:.9em";

  private static String color(Cadence.Status s) {
    return switch (s) {
      case OVERDUE -> "#b00";
      case DUE -> "#a60";
      case FRESH -> "#070";
      case UNTRUSTED -> "#555";
    };
  }

  private static void family(StringBuilder b, SourceSurvey.Family f, long now, String h) {
    Cadence c = f.cadence();
    String status = f.status().label();
    b.append('<').append(h).append(" style=\"font-size:1.05em;margin:1.2em 0 .2em\">")
        .append(escape(f.family())).append(" <span class=\"").append(status)
        .append("\" style=\"color:").append(color(f.status())).append("\">").append(status)
        .append("</span></").append(h).append("><p style=\"").append(NOTE).append("\">")
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
    b.append('\n');
  }

  private static double x(long t, long start, long end) {
    return Math.max(0, Math.min(WIDTH, (t - start) * (double) WIDTH / (end - start)));
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
