package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;

/**
 * report.html: one page that opens from disk with no network (inline style and SVG, no
 * scripts): the verdict, a bar chart of findings by type, findings by output and by source,
 * the counters, and the first alerts.
 */
final class ReportHtml {
  private static final int ALERT_ROWS = 200;
  private static final Map<String, String> COLORS = Map.of(
      "checksum_mismatch", "#c0392b", "source_mismatch", "#d35400",
      "source_missing", "#8e44ad", "data_staleness", "#f1c40f", "forbidden_source", "#2c3e50");

  private ReportHtml() {
  }

  static String render(ObjectNode report, List<Alert> alerts) {
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
            : total + " findings (" + findings.path("errors").asLong() + " errors, "
                + findings.path("warnings").asLong() + " warnings).")
        .append("</strong></p>\n<p>Job ").append(esc(report.path("jobId").asText()))
        .append(", started ").append(esc(report.path("startedAt").asText()))
        .append(", finished ").append(esc(report.path("finishedAt").asText()))
        .append(report.path("deep").asBoolean() ? ", deep (every record)" : ", fast path first")
        .append(", staleness window ").append(esc(report.path("stalenessWindow").asText()))
        .append(".</p>\n<h2>Outputs</h2><ul>");
    for (JsonNode o : report.path("outputs")) {
      h.append("<li><code>").append(esc(o.asText())).append("</code></li>");
    }
    h.append("</ul>\n<h2>Findings by type</h2>\n");
    chart(h, findings.path("byType"));
    h.append("<h2>Findings by output</h2>\n");
    table(h, findings.path("byOutput"), "Output");
    h.append("<h2>Findings by source</h2>\n");
    table(h, findings.path("bySource"), "Source");
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
          .append("<table><tr><th>Type</th><th>Reason</th><th>Part</th><th>Record</th>")
          .append("<th>Offset</th><th>Source range</th><th>Message</th></tr>");
      for (Alert a : alerts.subList(0, Math.min(ALERT_ROWS, alerts.size()))) {
        h.append("<tr><td>").append(esc(a.type().label())).append("</td><td>")
            .append(esc(a.reason())).append("</td><td>").append(esc(a.part()))
            .append("</td><td>").append(a.record() == null ? "" : a.record())
            .append("</td><td>").append(a.offset() == null ? "" : a.offset())
            .append("</td><td>").append(a.dataId() == null ? "" : esc(a.dataId().uri() + " ["
                + a.dataId().offset() + "+" + a.dataId().length() + "]"))
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

  private static void table(StringBuilder h, JsonNode groups, String what) {
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
