package org.provmr.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.cadence.SourceSurvey;
import org.provmr.cadence.Timeline;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;
import org.provmr.store.LocalFiles;

/**
 * The sweep's report, data first: {@code report.json} (counters, findings by type, by output,
 * by source) and {@code report.html}, the same facts for a browser, self-contained (inline CSS
 * and SVG, no scripts, nothing fetched).
 */
public final class ValidationReport {
  public static final String JSON_FILE = "report.json";
  public static final String HTML_FILE = "report.html";
  /** Version of report.json's layout. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What the driver knows about the run.
   *
   * @param jobId the validation job
   * @param outputs the outputs validated
   * @param deep whether every record was checked
   * @param stalenessWindow the default window in force
   * @param startedAt when the sweep started
   * @param finishedAt when the job finished
   * @param counters the job's ValidationCounters by name
   * @param mode where it ran: job, or direct (in process, no job; {@link ValidationRoute})
   */
  public record Run(String jobId, List<String> outputs, boolean deep, String stalenessWindow,
      Instant startedAt, Instant finishedAt, Map<String, Long> counters, String mode) {

    /** A run of the validation job. */
    public Run(String jobId, List<String> outputs, boolean deep, String stalenessWindow,
        Instant startedAt, Instant finishedAt, Map<String, Long> counters) {
      this(jobId, outputs, deep, stalenessWindow, startedAt, finishedAt, counters,
          ValidationRoute.JOB);
    }
  }

  private ValidationReport() {
  }

  /** Every alert in an alerts directory, ordered by output, part, record and type. */
  public static List<Alert> readAlerts(Configuration conf, Path alertsDir) throws IOException {
    FileSystem fs = alertsDir.getFileSystem(conf);
    FileStatus[] files = fs.listStatus(alertsDir, p -> p.getName().startsWith(
        AlertOutputFormat.BASE_NAME) && p.getName().endsWith(AlertOutputFormat.EXTENSION));
    Arrays.sort(files, Comparator.comparing(f -> f.getPath().getName()));
    List<Alert> alerts = new ArrayList<>();
    for (FileStatus f : files) {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(f.getPath()),
          StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          if (!line.isBlank()) {
            alerts.add(Alert.fromJson(line));
          }
        }
      }
    }
    alerts.sort(ORDER);
    return alerts;
  }

  /** How alerts are listed: by output, part, record (part alerts first), type. */
  public static final Comparator<Alert> ORDER = Comparator
      .comparing(Alert::output, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(Alert::part, Comparator.nullsFirst(Comparator.naturalOrder()))
      .thenComparing(a -> a.record() == null ? -1L : a.record())
      .thenComparing(a -> a.type().ordinal());

  /** Writes report.json and report.html into the alerts directory; returns the JSON. */
  public static ObjectNode write(Configuration conf, Path alertsDir, Run run) throws IOException {
    return write(conf, alertsDir, run, List.of(), 0);
  }

  /**
   * As {@link #write(Configuration, Path, Run)}, with the source families the validation
   * surveyed (docs/prediction.md) as {@code sources} in report.json and as a timeline in
   * report.html.
   *
   * @param surveyedAt the reference time the families were judged at (ms)
   */
  public static ObjectNode write(Configuration conf, Path alertsDir, Run run,
      List<SourceSurvey.Family> families, long surveyedAt) throws IOException {
    List<Alert> alerts = readAlerts(conf, alertsDir);
    ObjectNode report = build(run, alerts, ValidationPlan.substreamSelection(conf));
    if (!families.isEmpty()) {
      sources(report, families, surveyedAt);
    }
    ageHistograms(conf, report.putObject("ageHistogram"), run);
    FileSystem fs = alertsDir.getFileSystem(conf);
    try (OutputStream out = LocalFiles.create(fs, new Path(alertsDir, JSON_FILE), false)) {
      JSON.writeValue(out, report);
    }
    try (OutputStream out = LocalFiles.create(fs, new Path(alertsDir, HTML_FILE), false)) {
      ReportExtras extras = new ReportExtras(conf, alerts);
      out.write(ReportHtml.render(report, alerts, fs.makeQualified(alertsDir).toString(),
          extras::sourceRange, extras.history(alertsDir), families.isEmpty() ? null
              : Timeline.section(families, surveyedAt, "h2", "h3"))
          .getBytes(StandardCharsets.UTF_8));
    }
    return report;
  }

  static ObjectNode build(Run run, List<Alert> alerts) {
    return build(run, alerts, ProvenanceKeys.VALIDATE_SUBSTREAM_DEFAULT);
  }

  /** @param selection which sub-streams were checked: all, priority or main */
  static ObjectNode build(Run run, List<Alert> alerts, String selection) {
    ObjectNode r = JSON.createObjectNode();
    r.put("version", VERSION);
    r.put("alertsVersion", Alert.VERSION);
    r.put("jobId", run.jobId());
    r.put("mode", run.mode());
    r.put("startedAt", run.startedAt().toString());
    r.put("finishedAt", run.finishedAt().toString());
    r.put("deep", run.deep());
    r.put("stalenessWindow", run.stalenessWindow());
    ArrayNode outs = r.putArray("outputs");
    run.outputs().forEach(outs::add);
    ObjectNode counters = r.putObject("counters");
    for (ValidationCounters c : ValidationCounters.values()) {
      counters.put(c.name(), run.counters().getOrDefault(c.name(), 0L));
    }
    Map<AlertType, Long> byType = new EnumMap<>(AlertType.class);
    for (AlertType t : AlertType.values()) {
      byType.put(t, 0L);
    }
    Map<String, Map<String, Long>> byOutput = new TreeMap<>();
    Map<String, Map<String, Long>> bySource = new TreeMap<>();
    long errors = 0;
    for (Alert a : alerts) {
      byType.merge(a.type(), 1L, Long::sum);
      byOutput.computeIfAbsent(a.output(), k -> new TreeMap<>())
          .merge(a.type().label(), 1L, Long::sum);
      if (a.dataId() != null && a.dataId().uri() != null) {
        bySource.computeIfAbsent(a.dataId().uri(), k -> new TreeMap<>())
            .merge(a.type().label(), 1L, Long::sum);
      }
      if (a.type().severity() == AlertType.Severity.ERROR) {
        errors++;
      }
    }
    ObjectNode findings = r.putObject("findings");
    findings.put("total", alerts.size());
    findings.put("errors", errors);
    findings.put("warnings", alerts.size() - errors);
    ObjectNode types = findings.putObject("byType");
    byType.forEach((t, n) -> types.put(t.label(), n));
    nested(findings.putObject("byOutput"), byOutput);
    nested(findings.putObject("bySource"), bySource);
    substreams(r.putObject("substreams"), run, alerts, selection);
    r.put("valid", alerts.isEmpty());
    return r;
  }

  /** Each family: its status, cadence, last and next update, limit and dependents. */
  private static void sources(ObjectNode report, List<SourceSurvey.Family> families,
      long at) {
    report.put("sourcesAt", Instant.ofEpochMilli(at).toString());
    ArrayNode list = report.putArray("sources");
    for (SourceSurvey.Family f : families) {
      ObjectNode n = list.addObject();
      n.put("family", f.family());
      n.put("status", f.status().label());
      n.put("cadence", f.cadence().summary());
      n.put("updates", f.cadence().updates());
      n.put("members", f.members());
      time(n, "lastUpdate", f.cadence().lastUpdate());
      time(n, "expectedNext", f.cadence().predictedNext());
      time(n, "overdueAt", f.cadence().overdueAt());
      ArrayNode deps = n.putArray("dependents");
      f.dependents().keySet().forEach(deps::add);
    }
  }

  private static void time(ObjectNode n, String field, long ms) {
    if (ms > 0) {
      n.put(field, Instant.ofEpochMilli(ms).toString());
    } else {
      n.putNull(field);
    }
  }

  /**
   * The sub-streams, reported apart and priority first (docs/substreams.md): what was
   * selected, parts checked in sub-stream directories and in the main parts, and the part
   * findings of each sub-stream in reading order (priority, age bands youngest first, main).
   * Findings about a source or a store belong to no sub-stream and are not repeated here.
   */
  private static void substreams(ObjectNode into, Run run, List<Alert> alerts,
      String selection) {
    into.put("selection", selection);
    long sub = run.counters().getOrDefault(ValidationCounters.SUBSTREAM_PARTS_CHECKED.name(),
        0L);
    ObjectNode parts = into.putObject("partsChecked");
    parts.put("substreams", sub);
    parts.put("main", run.counters().getOrDefault(ValidationCounters.PARTS_CHECKED.name(), 0L)
        - sub);
    Map<String, Map<String, Long>> bySub = new TreeMap<>(Comparator
        .comparingLong((String k) -> StoreNames.substreamOrder(k.equals("main") ? null : k))
        .thenComparing(Comparator.naturalOrder()));
    for (Alert a : alerts) {
      if (a.part() != null) {
        String s = StoreNames.substreamOf(a.part());
        bySub.computeIfAbsent(s == null ? "main" : s, k -> new TreeMap<>())
            .merge(a.type().label(), 1L, Long::sum);
      }
    }
    nested(into.putObject("findings"), bySub);
  }

  /**
   * Records of each output per age band (docs/substreams.md), from its lineage store: a part
   * whose sources span bands counts as {@code mixed} (its headers would say which record is
   * where; the report does not read records the validation did not).
   */
  private static void ageHistograms(Configuration conf, ObjectNode into, Run run) {
    into.put("bands", conf.getTrimmed(ProvenanceKeys.SUBSTREAM_AGE_BANDS,
        ProvenanceKeys.SUBSTREAM_AGE_BANDS_DEFAULT));
    into.put("measuredAt", run.finishedAt().toString());
    ObjectNode outs = into.putObject("outputs");
    for (String o : run.outputs()) {
      try {
        StoredJob store = LineageStore.read(conf, new Path(o));
        AgeHistogram h = AgeHistogram.of(conf, run.finishedAt().toEpochMilli(),
            store.sources());
        store.parts().forEach(h::addPart);
        ObjectNode n = outs.putObject(o);
        h.counts().forEach(n::put);
      } catch (IOException | RuntimeException e) {
        // A store the validation found unreadable is among its findings already.
        outs.putObject(o).put("error", String.valueOf(e.getMessage()));
      }
    }
  }

  private static void nested(ObjectNode into, Map<String, Map<String, Long>> counts) {
    counts.forEach((k, m) -> {
      ObjectNode n = into.putObject(k);
      m.forEach(n::put);
    });
  }
}
