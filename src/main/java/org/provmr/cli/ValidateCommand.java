package org.provmr.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.provmr.store.OutputBusyException;
import org.provmr.store.OutputLocks;
import org.provmr.validate.AlertOutputFormat;
import org.provmr.validate.CadenceCheck;
import org.provmr.validate.DirectValidation;
import org.provmr.validate.Durations;
import org.provmr.validate.SourceRoots;
import org.provmr.validate.StalenessPolicy;
import org.provmr.validate.ValidationCounters;
import org.provmr.validate.ValidationJob;
import org.provmr.validate.ValidationReport;
import org.provmr.validate.ValidationRoute;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code provmr validate}: re-checks outputs against their checksums and sources, in this JVM
 * or in one MapReduce job ({@link ValidationRoute}); alerts, report.json and report.html land
 * in the alerts directory. Exit 0 when everything is valid, 3 when there are findings, 1 on
 * failure, 2 on bad usage.
 */
final class ValidateCommand extends Command {
  private static final Logger LOG = LoggerFactory.getLogger(ValidateCommand.class);
  /** report.json's jobId when no job ran. */
  static final String DIRECT_RUN = "direct (in process, no job)";

  ValidateCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "validate";
  }

  @Override
  String summary() {
    return "check outputs against their checksums and sources; alerts, counters, report";
  }

  @Override
  String usage() {
    return "--output DIR [--output DIR ...] --alerts DIR [--staleness-window DURATION]"
        + " [--deep] [--substream all|priority|main] [--mode auto|job|direct]\n"
        + "  DURATION: 30m, 12h, 7d, 2w or off (default: "
        + ProvenanceKeys.VALIDATE_STALENESS_WINDOW + ", "
        + ProvenanceKeys.VALIDATE_STALENESS_WINDOW_DEFAULT + ")."
        + " Exit codes: 0 all valid, 3 findings, 1 failure, 2 usage, 5 an output is locked by"
        + " a recompute or sweep.";
  }

  @Override
  Options options() {
    return new Options().withValue("output").withValue("alerts")
        .withValue("staleness-window", ProvenanceKeys.VALIDATE_STALENESS_WINDOW,
            ValidateCommand::window)
        .withFlag("deep", ProvenanceKeys.VALIDATE_DEEP)
        .withValue("substream", ProvenanceKeys.VALIDATE_SUBSTREAM, ValidateCommand::substream)
        .withValue("mode", ProvenanceKeys.VALIDATE_MODE, ValidateCommand::mode);
  }

  /** --mode, checked here so the message names the option rather than the key. */
  static String mode(String m) throws UsageException {
    if (!List.of(ValidationRoute.AUTO, ValidationRoute.JOB, ValidationRoute.DIRECT)
        .contains(m.trim())) {
      throw new UsageException("--mode '" + m + "': use auto (in this JVM up to "
          + ProvenanceKeys.VALIDATE_DIRECT_MAX_BYTES + ", a job above), job or direct");
    }
    return m.trim();
  }

  /** --substream, checked here so the message names the option rather than the key. */
  static String substream(String s) throws UsageException {
    if (!List.of("all", "priority", "main").contains(s.trim())) {
      throw new UsageException("--substream '" + s + "': use all, priority (every sub-stream"
          + " directory: priority/ and age-LIMIT/) or main");
    }
    return s.trim();
  }

  /** --staleness-window, checked here so the message names the option rather than the key. */
  static String window(String w) throws UsageException {
    try {
      Durations.parse("--staleness-window", w);
    } catch (BadConfigurationException e) {
      throw new UsageException("--staleness-window '" + w + "' is not a duration: use a whole"
          + " number followed by s, m, h, d or w (such as 30m, 12h or 7d), or 'off'");
    }
    return w.trim();
  }

  @Override
  int execute(Options o) throws Exception {
    Configuration conf = getConf();
    List<String> given = o.all("output");
    if (given.isEmpty()) {
      throw new UsageException("Missing --output: name at least one output directory");
    }
    if (!o.positional().isEmpty()) {
      throw new UsageException("Unexpected argument '" + o.positional().get(0)
          + "'; outputs are given with --output DIR");
    }
    SourceRoots.configured(conf); // before any store is read: only the operator says where
    List<Path> outputs = new ArrayList<>();
    for (String g : given) {
      outputs.add(committedOutput("output", g));
    }
    Path alerts = newOutput("alerts", o.required("alerts"));
    AlertsPlacement.check(conf, "alerts", alerts, outputs);
    StalenessPolicy policy = StalenessPolicy.of(conf);
    CadenceCheck.checkSettings(conf);
    // A recompute committing now would make parts and store disagree for a moment: findings
    // that are not there. (A sweep's own validation shares the sweep's locks.) One that starts
    // later is caught once everything was read, below.
    OutputLocks.ReadGuard unlocked = OutputLocks.guardRead(conf, outputs);
    Instant started = Instant.now();
    // In this JVM or as a job (docs/validation.md, "In process or a job"): same checks, same
    // alerts, report and counters; a bad mode or size stops here, before --alerts is claimed.
    ValidationRoute route = ValidationRoute.choose(conf, outputs);
    LOG.info("Validating {} output(s) {} ({})", outputs.size(), route.direct()
        ? "in this JVM, no job" : "with a MapReduce job", route.reason());
    Job job = ValidationJob.create(conf, outputs, alerts);
    if (!AlertOutputFormat.claim(job)) {
      throw new UsageException("--alerts " + qualified(alerts) + " already exists (another"
          + " validation took it just now); choose a new directory");
    }
    try {
      return validateClaimed(conf, job, route, alerts, outputs, policy, unlocked, started);
    } catch (Exception e) { // e.g. a crafted source name in the cadence survey: no alerts left
      removeIfLeft(alerts);
      throw e;
    }
  }

  private int validateClaimed(Configuration conf, Job job, ValidationRoute route, Path alerts,
      List<Path> outputs, StalenessPolicy policy, OutputLocks.ReadGuard unlocked, Instant started)
      throws Exception {
    // Surveys the source families against their learned cadence (docs/prediction.md).
    CadenceCheck cadence = CadenceCheck.prepare(job);
    CommandRun lineage = lineageRun("provmr validate", outputs, List.of(alerts));
    Map<String, Long> counters = new LinkedHashMap<>();
    String jobId;
    if (route.direct()) {
      jobId = DIRECT_RUN;
      directRun(job, route, alerts, lineage, counters);
    } else {
      jobId = null;
      boolean ran = false;
      try {
        ran = runJob(job);
      } finally {
        if (!ran) {
          removeIfLeft(alerts); // ours: claimed above
          lineage.end(Map.of(), "validation job " + job.getJobID() + " failed");
        }
      }
      if (!ran) {
        return ExitCodes.FAILURE;
      }
      for (ValidationCounters c : ValidationCounters.values()) {
        Counter k = job.getCounters().findCounter(c);
        counters.put(c.name(), k == null ? 0L : k.getValue());
      }
    }
    try {
      unlocked.requireUnchanged();
    } catch (OutputBusyException e) { // findings on good parts, or in keyed mode a forgery
      removeIfLeft(alerts); // ours (claimed above): no recompute or promote may act on them
      lineage.end(Map.of(), "busy: " + e.getMessage());
      err.println("provmr validate: removed " + TerminalText.escape(qualified(alerts)
          .toString()) + ": its findings may be of an output in the middle of a commit");
      throw e;
    }
    cadence.finish(conf, alerts)
        .forEach(w -> err.println("provmr: warning: " + TerminalText.escape(w)));
    counters.merge(ValidationCounters.FINDINGS.name(), (long) cadence.findings(), Long::sum);
    counters.merge(ValidationCounters.DATA_STALENESS.name(), (long) cadence.findings(),
        Long::sum);
    List<String> names = new ArrayList<>();
    for (String s : ValidationJob.getOutputs(job.getConfiguration())) {
      names.add(s);
    }
    ObjectNode report = ValidationReport.write(conf, alerts, new ValidationReport.Run(
        jobId != null ? jobId : job.getJobID().toString(), names,
        ValidationJob.isDeep(job.getConfiguration()), Durations.format(policy.defaultWindow()),
        started, Instant.now(), counters, route.name()),
        cadence.survey().families(), cadence.surveyedAt());
    print(report, alerts);
    Map<String, Object> figures = new LinkedHashMap<>(counters);
    figures.put("findings", report.path("findings").path("total").asLong());
    lineage.end(figures, null);
    return report.path("findings").path("total").asLong() == 0 ? ExitCodes.OK
        : ExitCodes.FINDINGS;
  }

  /**
   * Validates in this JVM with the job's configuration (its sweep time, the families the
   * cadence governs) and leaves the alerts as the job's committer would; fills {@code
   * counters} with every ValidationCounters value, as the job path does.
   */
  private void directRun(Job job, ValidationRoute route, Path alerts, CommandRun lineage,
      Map<String, Long> counters) throws IOException {
    Configuration c = job.getConfiguration();
    out.println("Validating in this JVM (no job) -> " + alerts + " (" + route.reason() + ")");
    boolean ok = false;
    DirectValidation.Result result;
    try {
      result = DirectValidation.run(c, route.plan(), u -> true, ValidationJob.getSweepTime(c));
      DirectValidation.writeAlerts(c, alerts, result.alerts());
      ok = true;
    } finally {
      if (!ok) {
        removeIfLeft(alerts); // ours: claimed above
        lineage.end(Map.of(), "in-process validation failed");
      }
    }
    for (ValidationCounters v : ValidationCounters.values()) {
      counters.put(v.name(), result.counters().getOrDefault(v, 0L));
    }
    if (!progress().quiet()) {
      // The job path's summary (JobProgress.finished): the counters that were counted.
      err.println("Completed in-process validation (" + DIRECT_RUN + ")");
      err.println("Counters:");
      err.println("  " + ValidationCounters.class.getName());
      for (Map.Entry<ValidationCounters, Long> e : result.counters().entrySet()) {
        err.println("    " + e.getKey().name() + "=" + e.getValue());
      }
    }
  }

  private void print(ObjectNode report, Path alerts) {
    JsonNode c = report.path("counters");
    JsonNode sub = report.path("substreams");
    if (sub.path("partsChecked").path("substreams").asLong() > 0
        || !sub.path("selection").asText("all").equals("all")) {
      // The priority sub-stream is reported first and apart (docs/substreams.md).
      StringBuilder b = new StringBuilder();
      sub.path("findings").fields().forEachRemaining(e -> {
        long n = 0;
        for (JsonNode v : e.getValue()) {
          n += v.asLong();
        }
        b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(n);
      });
      out.printf("Sub-streams (%s): %d sub-stream parts checked first, %d main parts; part"
          + " findings by sub-stream: %s%n", sub.path("selection").asText(),
          sub.path("partsChecked").path("substreams").asLong(),
          sub.path("partsChecked").path("main").asLong(), b.length() == 0 ? "none" : b);
    }
    out.printf("Checked %d parts (%d by whole-part checksum, %d record by record), %d records"
        + " (%d valid), %d part bytes; %d source entries (%d matched), %d source bytes%n",
        c.path("PARTS_CHECKED").asLong(), c.path("PARTS_FAST_PATH").asLong(),
        c.path("PARTS_RECORD_LEVEL").asLong(), c.path("RECORDS_CHECKED").asLong(),
        c.path("RECORDS_VALID").asLong(), c.path("BYTES_CHECKED").asLong(),
        c.path("SOURCES_CHECKED").asLong(), c.path("SOURCES_VALID").asLong(),
        c.path("SOURCE_BYTES_CHECKED").asLong());
    JsonNode f = report.path("findings");
    if (f.path("total").asLong() == 0) {
      out.println("All valid: no findings.");
    } else {
      StringBuilder b = new StringBuilder();
      f.path("byType").fields().forEachRemaining(e -> {
        if (e.getValue().asLong() > 0) {
          b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
              .append(e.getValue().asLong());
        }
      });
      out.println(f.path("total").asLong() + " findings: " + b);
    }
    out.println("Alerts and report: " + alerts + " (" + ValidationReport.HTML_FILE + ")");
  }

  private void removeIfLeft(Path alerts) throws IOException {
    alerts.getFileSystem(getConf()).delete(alerts, true); // false, and nothing, when absent
  }

  private Path qualified(Path p) throws IOException {
    return p.getFileSystem(getConf()).makeQualified(p);
  }
}
