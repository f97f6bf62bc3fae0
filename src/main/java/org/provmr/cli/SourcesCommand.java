package org.provmr.cli;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.cadence.Cadence;
import org.provmr.cadence.SourceSurvey;
import org.provmr.cadence.Timeline;
import org.provmr.history.Observation;
import org.provmr.io.TerminalText;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;
import org.provmr.validate.SourceRoots;
import org.provmr.validate.StalenessPolicy;

/**
 * {@code provmr sources}: each source family of some outputs with its last update, learned
 * cadence, predicted next update, status and dependent outputs (docs/prediction.md). Reads
 * lineage stores, file listings and the history store; writes nothing but {@code --html}.
 */
final class SourcesCommand extends Command {

  SourcesCommand(java.io.PrintStream out, java.io.PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "sources";
  }

  @Override
  String summary() {
    return "source families: last update, learned cadence, next update, fresh/due/overdue";
  }

  @Override
  String usage() {
    return "--output DIR [--output DIR ...] [--explain] [--at INSTANT] [--html FILE]"
        + "   (--at: status as of an ISO-8601 instant such as 2026-12-01T02:00:00Z;"
        + " --explain: the observations behind each prediction; --html: a timeline page)";
  }

  @Override
  Options options() {
    return new Options().withValue("output").withValue("at").withValue("html")
        .withFlag("explain");
  }

  @Override
  int execute(Options o) throws Exception {
    Configuration conf = getConf();
    if (o.all("output").isEmpty()) {
      throw new UsageException("Missing --output: name at least one output directory");
    }
    SourceRoots.configured(conf); // only the operator says which directories may be listed
    long now = System.currentTimeMillis();
    if (o.has("at")) {
      try {
        now = Instant.parse(o.get("at", null)).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new UsageException("--at '" + o.get("at", null) + "' is not an ISO-8601 instant"
            + " such as 2026-12-01T02:00:00Z");
      }
    }
    List<StoredJob> stores = new ArrayList<>();
    List<SourceRoots> roots = new ArrayList<>();
    for (String g : o.all("output")) {
      StoredJob store = LineageStore.read(conf, committedOutput("output", g));
      stores.add(store);
      roots.add(SourceRoots.of(conf, store.job()));
    }
    SourceSurvey.Result r = SourceSurvey.survey(conf, stores,
        uri -> roots.stream().anyMatch(x -> x.violation(uri) == null), now,
        Observation.Kind.LISTING);
    r.problems().forEach(p -> err.println("provmr: warning: " + TerminalText.escape(p)));
    StalenessPolicy fixed = StalenessPolicy.of(conf);
    out.printf("As of %s%n", Instant.ofEpochMilli(now));
    for (SourceSurvey.Family f : r.families()) {
      Cadence c = f.cadence();
      out.println(TerminalText.escape(f.family()));
      out.printf("  %d files, last update %s; %s%n", f.members(), c.lastUpdate() < 0 ? "none"
          : Instant.ofEpochMilli(c.lastUpdate()), c.summary());
      out.printf("  status %s, next update expected %s%n", status(f, fixed, now),
          c.predictedNext() < 0 ? "unknown" : Instant.ofEpochMilli(c.predictedNext()));
      for (Map.Entry<String, List<org.apache.hadoop.fs.FileStatus>> d
          : f.dependents().entrySet()) {
        out.printf("  feeds %s%s%n", TerminalText.escape(d.getKey()), d.getValue().isEmpty()
            ? "" : " (" + d.getValue().size() + " new file(s) it was not computed from)");
      }
      if (o.has("explain")) {
        c.explain().forEach(l -> out.println("    " + l));
      }
    }
    if (o.has("html")) {
      Path html = new Path(o.get("html", null));
      try (OutputStream os = html.getFileSystem(conf).create(html, true)) {
        os.write(Timeline.html(r.families(), now).getBytes(StandardCharsets.UTF_8));
      }
      out.println("Timeline: " + html);
    }
    return ExitCodes.OK;
  }

  /** The cadence's status, or the fixed window's while the cadence is not trusted. */
  static String status(SourceSurvey.Family f, StalenessPolicy fixed, long now) {
    Cadence c = f.cadence();
    if (f.status() != Cadence.Status.UNTRUSTED) {
      return f.status().label();
    }
    long window = fixed.windowFor(f.family());
    String w = window < 0 ? "off" : Cadence.human(window);
    boolean old = window >= 0 && c.lastUpdate() >= 0 && now - c.lastUpdate() > window;
    return (old ? "overdue" : "fresh") + " (fixed window " + w + ": cadence not trusted yet)";
  }
}
