package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The report page's sections about sub-streams and record ages (docs/substreams.md). */
final class ReportSubstreams {
  private ReportSubstreams() {
  }

  /** The sub-streams, priority first (docs/substreams.md). */
  static void substreams(StringBuilder h, JsonNode s) {
    if (s.isMissingNode()) {
      return;
    }
    JsonNode parts = s.path("partsChecked");
    h.append("<h2>Sub-streams</h2>\n<p>Checked: ").append(ReportHtml.esc(s.path("selection").asText()))
        .append("; ").append(ReportHtml.count(parts.path("substreams").asLong(), "sub-stream part"))
        .append(" (checked first), ").append(ReportHtml.count(parts.path("main").asLong(), "main part"))
        .append(".</p>\n");
    ReportHtml.table(h, s.path("findings"), "Sub-stream");
  }

  /** Records per age band, one row per output (docs/substreams.md). */
  static void ageHistogram(StringBuilder h, JsonNode a) {
    JsonNode outs = a.path("outputs");
    if (outs.size() == 0) {
      return;
    }
    h.append("<h2>Age histogram</h2>\n<p>Records by the age of their newest source (bands ")
        .append(ReportHtml.esc(a.path("bands").asText())).append(", at ")
        .append(ReportHtml.esc(ReportHtml.readable(a.path("measuredAt").asText())))
        .append("); mixed: parts whose sources span bands.</p>\n<table><tr><th>Output</th>");
    List<String> columns = new java.util.ArrayList<>();
    outs.elements().next().fieldNames().forEachRemaining(columns::add);
    for (String c : columns) {
      h.append("<th>").append(ReportHtml.esc(c)).append("</th>");
    }
    h.append("</tr>");
    for (Iterator<Map.Entry<String, JsonNode>> it = outs.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      h.append("<tr><td><code>").append(ReportHtml.esc(e.getKey())).append("</code></td>");
      for (String c : columns) {
        h.append("<td>").append(ReportHtml.esc(e.getValue().path(c).asText())).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</table>\n");
  }
}
