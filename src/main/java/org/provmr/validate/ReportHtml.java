package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.commons.text.StringEscapeUtils;

/**
 * report.html: one page that opens from disk with no network (inline style and SVG, no
 * scripts): the verdict and the next step (the exact recompute command), bar charts of
 * findings by type, by output and, when earlier sweeps left reports next to this one, over
 * time; findings by output and by source, the counters, and the first alerts with their
 * output and source range (a reduce record's source sets resolved to files).
 */
final class ReportHtml {
  private static final int ALERT_ROWS = 200;
  private static final Map<String, String> COLORS = Map.of(
      "checksum_mismatch", "#c0392b", "source_mismatch", "#d35400",
      "source_missing", "#8e44ad", "data_staleness", "#f1c40f", "forbidden_source", "#2c3e50");

  private static final String[] SERIES = {"#2980b9", "#c0392b", "#27ae60", "#8e44ad",
      "#d35400", "#16a085", "#7f8c8d", "#f39c12"};
  private static final DateTimeFormatter READABLE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private ReportHtml() {
  }

  static String render(ObjectNode report, List<Alert> alerts) {
    return render(report, alerts, null, a -> null, List.of());
  }

  /**
   * @param alertsDir the alerts directory, for the next-step command (null: none shown)
   * @param reduceRange the files behind a reduce record's source sets, or null
   * @param history earlier validations next to this one, oldest first
   */
  static String render(ObjectNode report, List<Alert> alerts, String alertsDir,
      Function<Alert, String> reduceRange, List<ReportExtras.Sweep> history) {
    return render(report, alerts, alertsDir, reduceRange, history, null);
  }

  /** @param timeline the source families' timeline (an HTML fragment), or null for none */
  static String render(ObjectNode report, List<Alert> alerts, String alertsDir,
      Function<Alert, String> reduceRange, List<ReportExtras.Sweep> history,
      String timeline) {
    StringBuilder h = new StringBuilder(8192);
    JsonNode findings = report.path("findings");
    long total = findings.path("total").asLong();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>ProvMR validation report</title><style>")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:left;font-size:13px}")
        .append("th{background:#f4f4f4}.ok{color:#27ae60}.bad{color:#c0392b}")
        .append("code{font-size:12px}</style></head><body>\n");
    h.append("<h1>ProvMR validation report</h1>\n<p class=\"").append(total == 0 ? "ok" : "bad")
        .append("\"><strong>").append(total == 0 ? "All valid: no findings."
            : count(total, "finding") + " (" + count(findings.path("errors").asLong(), "error")
                + ", " + count(findings.path("warnings").asLong(), "warning") + ").")
        .append("</strong></p>\n<p>Job ").append(esc(report.path("jobId").asText()))
        .append(", started ").append(esc(readable(report.path("startedAt").asText())))
        .append(", finished ").append(esc(readable(report.path("finishedAt").asText())))
        .append(report.path("deep").asBoolean() ? ", deep (every record)" : ", fast path first")
        .append(", staleness window ").append(esc(report.path("stalenessWindow").asText()))
        .append(".</p>\n");
    if (total > 0 && alertsDir != null) {
      String dir = shellQuote(alertsDir);
      h.append("<h2>Next step</h2>\n<p>See what the smallest recomputation would do (nothing is")
          .append(" changed), then run it; outputs downstream of a recomputed one are")
          .append(" recomputed too:</p>\n<pre class=\"next\">provmr recompute --dry-run --alerts ")
          .append(esc(dir)).append("\nprovmr recompute --alerts ").append(esc(dir))
          .append("</pre>\n<p>Or validate, recompute and revalidate in one step with")
          .append(" <code>provmr sweep</code> (docs/recompute.md).</p>\n");
    }
    h.append("<h2>Outputs</h2><ul>");
    for (JsonNode o : report.path("outputs")) {
      h.append("<li><code>").append(esc(o.asText())).append("</code></li>");
    }
    h.append("</ul>\n");
    ReportSubstreams.substreams(h, report.path("substreams"));
    ReportSubstreams.ageHistogram(h, report.path("ageHistogram"));
    h.append("<h2>Findings by type</h2>\n");
    chart(h, findings.path("byType"));
    h.append("<h2>Findings by output</h2>\n");
    outputChart(h, findings.path("byOutput"));
    table(h, findings.path("byOutput"), "Output");
    overTime(h, report, history);
    h.append("<h2>Findings by source</h2>\n");
    table(h, findings.path("bySource"), "Source");
    if (timeline != null) {
      h.append(timeline); // built by cadence.Timeline, every name in it escaped
    }
    h.append("<h2>Counters</h2>\n<table><tr><th>Counter</th><th>Value</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = report.path("counters").fields();
        it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
          .append(e.getValue().asLong()).append("</td></tr>");
    }
    h.append("</table>\n<h2>Alerts</h2>\n");
    if (alerts.isEmpty()) {
      h.append("<p>None.</p>\n");
    } else {
      h.append("<p>").append(Math.min(ALERT_ROWS, alerts.size())).append(" of ")
          .append(alerts.size()).append(" (all are in the alerts-*.jsonl files).</p>")
          .append("<table><tr><th>Type</th><th>Reason</th><th>Output</th><th>Part</th>")
          .append("<th>Record</th><th>Offset</th><th>Source range</th><th>Detected</th>")
          .append("<th>Message</th></tr>");
      for (Alert a : alerts.subList(0, Math.min(ALERT_ROWS, alerts.size()))) {
        String range = a.dataId() != null ? a.dataId().uri() + " [" + a.dataId().offset() + "+"
            + a.dataId().length() + "]" : reduceRange.apply(a);
        h.append("<tr><td>").append(esc(a.type().label())).append("</td><td>")
            .append(esc(a.reason())).append("</td><td><code>").append(esc(a.output()))
            .append("</code></td><td>").append(esc(a.part()))
            .append("</td><td>").append(a.record() == null ? "" : a.record())
            .append("</td><td>").append(a.offset() == null ? "" : a.offset())
            .append("</td><td>").append(range == null ? "" : esc(range))
            .append("</td><td>").append(a.detectedAt() == null ? ""
                : esc(READABLE.format(a.detectedAt())))
            .append("</td><td>").append(esc(a.message())).append("</td></tr>");
      }
      h.append("</table>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  /** A horizontal bar chart, one bar per finding type, as inline SVG. */
  private static void chart(StringBuilder h, JsonNode byType) {
    long max = 1;
    for (JsonNode n : byType) {
      max = Math.max(max, n.asLong());
    }
    int rows = byType.size();
    int width = 640;
    int barMax = 380;
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(rows * 28 + 10).append("\" role=\"img\"")
        .append(" aria-label=\"Findings by type\">");
    int y = 5;
    for (Iterator<Map.Entry<String, JsonNode>> it = byType.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      long n = e.getValue().asLong();
      long w = n == 0 ? 0 : Math.max(2, n * barMax / max);
      h.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"13\">")
          .append(esc(e.getKey())).append("</text><rect x=\"150\" y=\"").append(y)
          .append("\" width=\"").append(w).append("\" height=\"20\" fill=\"")
          .append(COLORS.getOrDefault(e.getKey(), "#777")).append("\"/><text x=\"")
          .append(156 + w).append("\" y=\"").append(y + 15).append("\" font-size=\"13\">")
          .append(n).append("</text>");
      y += 28;
    }
    h.append("</svg>\n");
  }

  /** One stacked bar per output, a segment per finding type. */
  private static void outputChart(StringBuilder h, JsonNode byOutput) {
    if (byOutput.size() == 0) {
      return;
    }
    long max = 1;
    for (JsonNode o : byOutput) {
      long sum = 0;
      for (JsonNode c : o) {
        sum += c.asLong();
      }
      max = Math.max(max, sum);
    }
    int barMax = 380;
    h.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"")
        .append(byOutput.size() * 28 + 10).append("\" role=\"img\" aria-label=\"Findings by")
        .append(" output\">");
    int y = 5;
    for (Iterator<Map.Entry<String, JsonNode>> it = byOutput.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> o = it.next();
      long x = 0;
      long sum = 0;
      for (Iterator<Map.Entry<String, JsonNode>> t = o.getValue().fields(); t.hasNext();) {
        Map.Entry<String, JsonNode> c = t.next();
        long w = Math.max(2, c.getValue().asLong() * barMax / max);
        h.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
            .append(w).append("\" height=\"20\" fill=\"")
            .append(COLORS.getOrDefault(c.getKey(), "#777")).append("\"><title>")
            .append(esc(c.getKey() + " " + c.getValue().asLong())).append("</title></rect>");
        x += w;
        sum += c.getValue().asLong();
      }
      h.append("<text x=\"").append(x + 6).append("\" y=\"").append(y + 15)
          .append("\" font-size=\"13\">").append(sum).append("  ").append(esc(o.getKey()))
          .append("</text>");
      y += 28;
    }
    h.append("</svg>\n");
  }

  /** Findings per output over the earlier sweeps and this one, when there are several. */
  private static void overTime(StringBuilder h, ObjectNode report,
      List<ReportExtras.Sweep> history) {
    if (history.isEmpty()) {
      return;
    }
    List<ReportExtras.Sweep> sweeps = new ArrayList<>(history);
    Map<String, Long> now = new java.util.TreeMap<>();
    for (JsonNode o : report.path("outputs")) {
      now.put(o.asText(), 0L);
    }
    report.path("findings").path("byOutput").fields().forEachRemaining(e -> {
      long n = 0;
      for (JsonNode c : e.getValue()) {
        n += c.asLong();
      }
      now.put(e.getKey(), n);
    });
    sweeps.add(new ReportExtras.Sweep(report.path("finishedAt").asText(), "this report", now));
    TreeSet<String> outputs = new TreeSet<>();
    long max = 1;
    for (ReportExtras.Sweep s : sweeps) {
      outputs.addAll(s.byOutput().keySet());
      max = Math.max(max, s.byOutput().values().stream().mapToLong(Long::longValue).sum());
    }
    List<String> series = new ArrayList<>(outputs);
    // Wide enough for "2026-12-01" and "00:07:05" at 10px, so sweeps seconds apart do not
    // print their labels over each other; the zone is said once, in the heading.
    int col = 64;
    int height = 200;
    h.append("<h2>Findings over time (UTC)</h2>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(sweeps.size() * col + 20).append("\" height=\"").append(height + 60)
        .append("\" role=\"img\" aria-label=\"Findings per output over time\">");
    int x = 10;
    for (ReportExtras.Sweep s : sweeps) {
      long y = height;
      for (int i = 0; i < series.size(); i++) {
        long n = s.byOutput().getOrDefault(series.get(i), 0L);
        long hgt = n * height / max;
        y -= hgt;
        h.append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"")
            .append(col - 12).append("\" height=\"").append(hgt).append("\" fill=\"")
            .append(SERIES[i % SERIES.length]).append("\"><title>")
            .append(esc(series.get(i) + ": " + n)).append("</title></rect>");
      }
      long total = s.byOutput().values().stream().mapToLong(Long::longValue).sum();
      h.append("<text x=\"").append(x).append("\" y=\"").append(y - 4)
          .append("\" font-size=\"12\">").append(total).append("</text><text x=\"")
          .append(x).append("\" y=\"").append(height + 16).append("\" font-size=\"10\">")
          .append(esc(readable(s.finishedAt()).substring(0, Math.min(10,
              readable(s.finishedAt()).length())))).append("</text><text x=\"").append(x)
          .append("\" y=\"").append(height + 30).append("\" font-size=\"10\">")
          .append(esc(clock(s.finishedAt()))).append("</text>");
      x += col;
    }
    h.append("</svg>\n<p>");
    for (int i = 0; i < series.size(); i++) {
      h.append("<span style=\"color:").append(SERIES[i % SERIES.length]).append("\">&#9632;")
          .append("</span> <code>").append(esc(series.get(i))).append("</code> ");
    }
    h.append("</p>\n");
  }

  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** The time of day of an ISO instant ({@code 00:07:05}, UTC), or nothing. */
  private static String clock(String iso) {
    String r = readable(iso);
    return r.length() >= 19 ? r.substring(11, 19) : "";
  }

  /** An ISO instant as {@code 2026-12-01 00:07:05 UTC}; anything else as it is. */
  static String readable(String iso) {
    try {
      return READABLE.format(Instant.parse(iso));
    } catch (RuntimeException e) {
      return iso;
    }
  }

  /** A path as one shell word: quoted when it holds anything but safe characters. */
  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  static void table(StringBuilder h, JsonNode groups, String what) {
    if (groups.size() == 0) {
      h.append("<p>None.</p>\n");
      return;
    }
    h.append("<table><tr><th>").append(what).append("</th><th>Findings</th></tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = groups.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      StringBuilder types = new StringBuilder();
      long sum = 0;
      for (Iterator<Map.Entry<String, JsonNode>> t = e.getValue().fields(); t.hasNext();) {
        Map.Entry<String, JsonNode> c = t.next();
        types.append(types.length() == 0 ? "" : ", ").append(c.getKey()).append(' ')
            .append(c.getValue().asLong());
        sum += c.getValue().asLong();
      }
      h.append("<tr><td><code>").append(esc(e.getKey())).append("</code></td><td>").append(sum)
          .append(": ").append(esc(types.toString())).append("</td></tr>");
    }
    h.append("</table>\n");
  }

  /** Text and double-quoted attribute values: alert messages echo untrusted data. */
  static String esc(String s) {
    return s == null ? "" : StringEscapeUtils.escapeHtml4(s);
  }
}
