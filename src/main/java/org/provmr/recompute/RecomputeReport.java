package org.provmr.recompute;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.recompute.RecomputePlan.Deferred;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreJson;

/**
 * The report of a recompute run, next to the alerts: {@code recompute-<run>.json} (the data:
 * plan, sub-jobs with records and bytes read, targeted vs full-rerun bytes, outcome) and
 * {@code recompute-<run>.html}, self-contained (no scripts, no network).
 */
public final class RecomputeReport {
  private RecomputeReport() {
  }

  /** Writes both files into {@code dir}; returns the JSON file. */
  public static Path write(Configuration conf, Path dir, RecomputeResult result)
      throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Path json = new Path(dir, "recompute-" + result.runId() + ".json");
    ObjectNode tree = StoreJson.mapper().valueToTree(result);
    tree.put("targetedBytes", targetedBytes(result));
    tree.put("fullRerunBytes", fullRerunBytes(result));
    tree.put("cachedBytesRead", cachedBytes(result));
    tree.put("cacheHits", cacheHits(result));
    LineageStore.writeAtomically(fs, json, tree);
    try (OutputStream out = fs.create(new Path(dir, "recompute-" + result.runId() + ".html"),
        true)) {
      out.write(html(result).getBytes(StandardCharsets.UTF_8));
    }
    return json;
  }

  static long targetedBytes(RecomputeResult r) {
    return r.runs().stream().filter(x -> !x.kind().equals("census"))
        .mapToLong(SubJobRun::bytesRead).sum();
  }

  static long cachedBytes(RecomputeResult r) {
    return r.runs().stream().mapToLong(SubJobRun::cachedBytesRead).sum();
  }

  static long cacheHits(RecomputeResult r) {
    return r.runs().stream().mapToLong(SubJobRun::cacheHits).sum();
  }

  static long fullRerunBytes(RecomputeResult r) {
    return r.plan().stages().stream().mapToLong(StagePlan::fullRerunBytes).sum();
  }

  /** Plain-text summary, as the command prints it. */
  public static String text(RecomputeResult r) {
    StringBuilder s = new StringBuilder();
    s.append(r.dryRun() ? "Recompute plan (dry run: nothing runs)" : "Recompute run " + r.runId())
        .append('\n');
    r.resumed().forEach(x -> s.append(r.dryRun() ? "  first: " : "  resumed: ").append(x)
        .append('\n'));
    r.resolved().forEach(x -> s.append("  already resolved: ").append(x).append('\n'));
    r.skippedAlerts().forEach(x -> s.append("  skipped: ").append(x).append('\n'));
    for (StagePlan p : r.plan().stages()) {
      s.append("  stage ").append(p.output()).append(p.mapOnly() ? " (map-only)" : " (map+reduce)")
          .append(", criticality ").append(p.criticality().name().toLowerCase()).append('\n');
      if (!p.remapSources().isEmpty()) {
        s.append("    re-map splits ").append(p.remapSources()).append('\n');
      }
      if (!p.changedFiles().isEmpty()) {
        s.append("    re-split and re-map changed files ").append(p.changedFiles()).append('\n');
      }
      if (!p.appendedFiles().isEmpty()) {
        s.append("    map the bytes appended to ").append(p.appendedFiles()).append('\n');
      }
      if (!p.partitions().isEmpty()) {
        s.append("    re-reduce partitions ").append(p.partitions()).append('\n');
      }
      if (p.resyncUpstream()) {
        s.append("    re-read the upstream parts that change\n");
      }
      s.append("    source bytes: ").append(p.plannedBytes()).append(" of ")
          .append(p.fullRerunBytes()).append(" for a full rerun\n");
      if (!p.choice().isEmpty()) {
        s.append("    chose: ").append(p.choice()).append('\n');
      }
      p.reasons().forEach(x -> s.append("    because ").append(x).append('\n'));
    }
    for (Deferred d : r.plan().deferred()) {
      s.append("  deferred ").append(d.output()).append(' ').append(d.subject()).append(": ")
          .append(d.reason()).append('\n');
    }
    for (SubJobRun j : r.runs()) {
      s.append(String.format("  ran %s%s %s: %d splits, %d records and %d bytes read, %d reduce"
          + " input records, %d ms%n", j.kind(), phase(j), j.jobId(), j.splits(),
          j.mapInputRecords(), j.bytesRead(), j.reduceInputRecords(), j.millis()));
    }
    r.committed().forEach(x -> s.append("  committed ").append(x).append('\n'));
    for (Map.Entry<String, String> e : r.failed().entrySet()) {
      s.append("  FAILED ").append(e.getKey()).append(": ").append(e.getValue()).append('\n');
      List<String> chain = r.causes().getOrDefault(e.getKey(), List.of());
      for (int i = 1; i < chain.size(); i++) { // the first is the message printed above
        s.append("    caused by: ").append(chain.get(i)).append('\n');
      }
    }
    r.warnings().forEach(x -> s.append("  warning: ").append(x).append('\n'));
    if (!r.dryRun()) {
      s.append(String.format("  read %d source bytes; a full rerun of these stages reads %d%n",
          targetedBytes(r), fullRerunBytes(r)));
      // A line of its own: scripts read the one above as it always was.
      s.append(String.format("  read %d cached map output bytes in %d cache hits%n",
          cachedBytes(r), cacheHits(r)));
    }
    return s.toString();
  }

  /** " (priority phase)", " (main phase)" or nothing (docs/substreams.md). */
  private static String phase(SubJobRun j) {
    return j.phase() == null || j.phase().isEmpty() ? "" : " (" + j.phase() + " phase)";
  }

  private static String html(RecomputeResult r) {
    long full = Math.max(1, fullRerunBytes(r));
    long targeted = targetedBytes(r);
    int w = (int) Math.round(400.0 * targeted / full);
    StringBuilder s = new StringBuilder();
    s.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>ProvMR recompute ")
        .append(esc(r.runId())).append("</title><style>body{font-family:sans-serif;margin:2em}"
        + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;"
        + "text-align:left}</style></head><body>")
        .append("<h1>Recompute run ").append(esc(r.runId())).append("</h1>")
        .append("<h2>Work: targeted vs full rerun</h2>")
        .append("<svg width=\"520\" height=\"70\" role=\"img\">")
        .append("<rect x=\"100\" y=\"5\" width=\"400\" height=\"25\" fill=\"#bbb\"/>")
        .append("<text x=\"0\" y=\"22\">full rerun</text>")
        .append("<rect x=\"100\" y=\"40\" width=\"").append(Math.max(w, 1))
        .append("\" height=\"25\" fill=\"#2a7\"/><text x=\"0\" y=\"57\">this run</text></svg>")
        .append("<p>").append(targeted).append(" of ").append(fullRerunBytes(r))
        .append(" source bytes read.</p><h2>Stages</h2><table><tr><th>output</th><th>kind</th>"
        + "<th>splits</th><th>partitions</th><th>planned bytes</th><th>full bytes</th>"
        + "<th>outcome</th></tr>");
    for (StagePlan p : r.plan().stages()) {
      String outcome = r.committed().contains(p.output()) ? "committed"
          : r.failed().containsKey(p.output()) ? "FAILED: " + failure(r, p.output())
          : r.dryRun() ? "planned" : "not run";
      s.append("<tr><td>").append(esc(p.output())).append("</td><td>")
          .append(p.mapOnly() ? "map-only" : "map+reduce").append("</td><td>")
          .append(esc(p.remapSources() + " " + p.changedFiles())).append("</td><td>")
          .append(esc(p.partitions().toString())).append("</td><td>").append(p.plannedBytes())
          .append("</td><td>").append(p.fullRerunBytes()).append("</td><td>")
          .append(esc(outcome)).append("</td></tr>");
    }
    s.append("</table><h2>Sub-jobs</h2><table><tr><th>job</th><th>kind</th><th>records read"
        + "</th><th>bytes read</th><th>reduce input</th><th>ms</th></tr>");
    for (SubJobRun j : r.runs()) {
      s.append("<tr><td>").append(esc(j.jobId())).append("</td><td>")
          .append(esc(j.kind() + phase(j)))
          .append("</td><td>").append(j.mapInputRecords()).append("</td><td>")
          .append(j.bytesRead()).append("</td><td>").append(j.reduceInputRecords())
          .append("</td><td>").append(j.millis()).append("</td></tr>");
    }
    s.append("</table><h2>Deferred</h2><ul>");
    for (Deferred d : r.plan().deferred()) {
      s.append("<li>").append(esc(d.output() + " " + d.subject() + ": " + d.reason()))
          .append("</li>");
    }
    return s.append("</ul></body></html>\n").toString();
  }

  /** The failure's message and its causes, for the HTML table. */
  private static String failure(RecomputeResult r, String output) {
    List<String> chain = r.causes().getOrDefault(output, List.of());
    StringBuilder s = new StringBuilder(r.failed().get(output));
    for (int i = 1; i < chain.size(); i++) {
      s.append("; caused by ").append(chain.get(i));
    }
    return s.toString();
  }

  private static String esc(String s) {
    return StringEscapeUtils.escapeHtml4(s);
  }
}
