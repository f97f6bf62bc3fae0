package org.provmr.validate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.cadence.Cadence;
import org.provmr.cadence.CadenceSettings;
import org.provmr.cadence.SourceSurvey;
import org.provmr.cadence.Timeline;
import org.provmr.history.FamilyRule;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.store.SourceEntry;
import org.provmr.store.LocalFiles;

/**
 * Staleness against each source family's learned cadence (docs/prediction.md), in the
 * validation driver: before the job it surveys the families (and tells the tasks which ones
 * the cadence governs, so the fixed window stays silent for them); after the job it writes
 * {@code alerts-cadence.jsonl} ({@code data_staleness} with reason {@code overdue},
 * {@code update_expected}, {@code update_observed}) and {@code sources.html} (the families as
 * a timeline), and records what it saw in the history
 * store. Nothing here fails a validation: a damaged history or an unlistable family is a
 * warning, printed and left out.
 */
public final class CadenceCheck {
  /** Families whose trusted cadence replaces the default window (set for the tasks). */
  private static final String GOVERNED = "provenance.validate.cadence.families";
  /** The file the findings go to, read like every other alerts-*.jsonl file. */
  public static final String FILE = AlertOutputFormat.BASE_NAME + "-cadence"
      + AlertOutputFormat.EXTENSION;
  /** The source families as a timeline, beside report.html. */
  public static final String TIMELINE = "sources.html";

  private final List<LoadedOutput> outputs;
  private final SourceSurvey.Result survey;
  private final long now;
  private final List<String> warnings;
  private final FamilyRule rule;
  private final Set<String> governed = new HashSet<>();
  private int written;

  private CadenceCheck(List<LoadedOutput> outputs, SourceSurvey.Result survey, long now,
      List<String> warnings, FamilyRule rule) {
    this.outputs = outputs;
    this.survey = survey;
    this.now = now;
    this.warnings = warnings;
    this.rule = rule;
  }

  /** Checks the settings; a bad one stops the validation (exit 2) before anything runs. */
  public static void checkSettings(Configuration conf) {
    CadenceSettings.of(conf);
    FamilyRule.of(conf);
  }

  /** Surveys the families of the job's outputs as of its sweep time; never throws. */
  public static CadenceCheck prepare(Job job) {
    Configuration conf = job.getConfiguration();
    long now = ValidationJob.getSweepTime(conf);
    List<String> warnings = new ArrayList<>();
    List<LoadedOutput> loaded = new ArrayList<>();
    SourceSurvey.Result result = new SourceSurvey.Result(List.of(), List.of(), List.of());
    try {
      for (String o : ValidationJob.getOutputs(conf)) {
        loaded.add(LoadedOutput.forSurvey(conf, o)); // streamed, slim: a million splits fit
      }
      result = SourceSurvey.survey(conf, loaded.stream().map(l -> l.job).toList(),
          uri -> loaded.stream().anyMatch(l -> l.roots.violation(uri) == null), now,
          Observation.Kind.VALIDATE);
      warnings.addAll(result.problems());
    } catch (IOException | RuntimeException e) {
      // The job reports an unreadable store itself; the cadence only steps aside.
      warnings.add("Cadence check skipped: " + e.getMessage());
    }
    CadenceCheck check = new CadenceCheck(loaded, result, now, warnings, FamilyRule.of(conf));
    Set<String> fixedFamilies = check.fixedFamilies(StalenessPolicy.of(conf));
    for (SourceSurvey.Family f : result.families()) {
      if (f.status() != Cadence.Status.UNTRUSTED && !fixedFamilies.contains(f.family())) {
        check.governed.add(f.family());
      }
    }
    conf.setStrings(GOVERNED, check.governed.toArray(new String[0]));
    return check;
  }

  /**
   * The data_staleness findings {@link #finish} wrote: found after the job, so the job's
   * counters do not hold them and the report adds them (counters agree with alert lines).
   */
  public int findings() {
    return written;
  }

  /** The families whose cadence, not the default window, judges their age (in a task). */
  static Set<String> governed(Configuration conf) {
    return new HashSet<>(conf.getTrimmedStringCollection(GOVERNED));
  }

  /**
   * The families an explicit per-pattern window governs (it wins over their cadence): one pass
   * over the sources, a file's splits looked at once (not families × sources).
   */
  private Set<String> fixedFamilies(StalenessPolicy fixed) {
    Set<String> families = new HashSet<>();
    for (LoadedOutput o : outputs) {
      String last = null;
      for (SourceEntry s : o.job.sources()) {
        if (s.uri() != null && !s.uri().equals(last) && fixed.hasRuleFor(s.uri())) {
          families.add(rule.familyOf(s.uri()));
        }
        last = s.uri();
      }
    }
    return families;
  }

  /**
   * Writes the findings next to the job's alerts (atomically) and records the observations
   * in the history store; returns the warnings (damaged history, unlistable families), for
   * the caller to print escaped: they name files and families from crafted data.
   */
  public List<String> finish(Configuration conf, Path alertsDir) {
    CadenceSettings settings = CadenceSettings.of(conf);
    List<Alert> alerts = new ArrayList<>();
    // output -> reason -> late family -> its message: the part findings, for all at once
    Map<String, Map<String, Map<String, String>>> late = new HashMap<>();
    for (SourceSurvey.Family f : survey.families()) {
      alerts.addAll(findings(f, settings, !governed.contains(f.family()), late));
    }
    for (LoadedOutput o : outputs) {
      late.getOrDefault(o.output, Map.of()).forEach((reason, families) ->
          partAlerts(o, reason, families, alerts));
    }
    try {
      if (!alerts.isEmpty()) {
        FileSystem fs = alertsDir.getFileSystem(conf);
        Path tmp = new Path(alertsDir, "." + FILE + ".tmp");
        try (OutputStream out = LocalFiles.create(fs, tmp, false)) {
          for (Alert a : alerts) {
            out.write((a.toJson() + "\n").getBytes(StandardCharsets.UTF_8));
          }
        }
        if (!fs.rename(tmp, new Path(alertsDir, FILE))) {
          throw new IOException("could not rename " + tmp + " to " + FILE);
        }
        written = alerts.size();
      }
      if (!survey.families().isEmpty()) {
        FileSystem fs = alertsDir.getFileSystem(conf);
        try (OutputStream out = LocalFiles.create(fs, new Path(alertsDir, TIMELINE), false)) {
          out.write(Timeline.html(survey.families(), now).getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (IOException e) {
      warnings.add("Cadence findings not written to " + alertsDir + ": " + e.getMessage());
    }
    record(conf, alertsDir);
    return warnings;
  }

  private List<Alert> findings(SourceSurvey.Family f, CadenceSettings settings,
      boolean fixedOnly, Map<String, Map<String, Map<String, String>>> late) {
    List<Alert> alerts = new ArrayList<>();
    Cadence c = f.cadence();
    Set<String> outs = f.dependents().keySet(); // eight named: a sweep's thousand made 100 KB
    String dependents = String.join(", ", outs.stream().limit(8).toList())
        + (outs.size() > 8 ? ", ... (" + outs.size() + " outputs in all)" : "");
    for (LoadedOutput o : outputs) {
      List<FileStatus> unread = f.dependents().get(o.output);
      if (unread == null) {
        continue;
      }
      for (FileStatus n : unread) {
        alerts.add(new Alert.Builder(AlertType.DATA_STALENESS, Alert.UPDATE_OBSERVED)
            .output(o.output, o.jobId()).sourceScope()
            .dataId(null, n.getPath().toString(), 0, n.getLen())
            .message("Source family " + f.family() + " has a new file " + n.getPath()
                + " (modified " + Instant.ofEpochMilli(n.getModificationTime()) + ") that "
                + o.output + " was not computed from")
            .build(Instant.now()));
      }
      if (fixedOnly) {
        continue;
      }
      String reason = null;
      String message = null;
      if (f.status() == Cadence.Status.OVERDUE) {
        reason = Alert.OVERDUE;
        message = "Source family " + f.family() + " is overdue: last update "
            + Instant.ofEpochMilli(c.lastUpdate()) + ", expected by "
            + Instant.ofEpochMilli(c.predictedNext()) + ", late since "
            + Instant.ofEpochMilli(c.overdueAt()) + "; it updates " + c.summary()
            + ". Dependent outputs: " + dependents;
      } else if (settings.horizon() >= 0 && c.predictedNext() > now
          && c.predictedNext() <= now + settings.horizon() && unread.isEmpty()) {
        reason = Alert.UPDATE_EXPECTED;
        message = "Source family " + f.family() + " is expected to update by "
            + Instant.ofEpochMilli(c.predictedNext()) + " (within "
            + Cadence.human(settings.horizon()) + "); it updates " + c.summary()
            + ". Dependent outputs: " + dependents;
      }
      if (reason != null) {
        late.computeIfAbsent(o.output, k -> new TreeMap<>())
            .computeIfAbsent(reason, k -> new HashMap<>()).put(f.family(), message);
      }
    }
    return alerts;
  }

  /**
   * One alert per part computed from a file of a late family ({@link FamilyFeeds}): the
   * message of the family of the part's lowest such source, then a few of the others by name
   * and how many (a part of a job that read every file of ten thousand late families had an
   * alert for each).
   */
  private void partAlerts(LoadedOutput o, String reason, Map<String, String> families,
      List<Alert> alerts) {
    String late = reason.equals(Alert.OVERDUE) ? "overdue" : "expected to update";
    for (FamilyFeeds.Feed feed : FamilyFeeds.of(o, uri -> {
      String family = rule.familyOf(uri);
      return families.containsKey(family) ? family : null;
    }).parts()) {
      StringBuilder message = new StringBuilder(families.get(feed.named().get(0)));
      if (feed.families() > 1) {
        message.append("; also ").append(late).append(": ")
            .append(String.join(", ", feed.named().subList(1, feed.named().size())))
            .append(feed.families() > feed.named().size() ? ", ..." : "").append(" (")
            .append(feed.more() ? "at least " : "").append(feed.families())
            .append(" families in all)");
      }
      SourceEntry s = feed.first();
      alerts.add(new Alert.Builder(AlertType.DATA_STALENESS, reason)
          .output(o.output, o.jobId()).part(feed.part().name(), feed.part().lineageId())
          .dataId(s.id(), s.uri(), s.start(), s.length()).message(message.toString())
          .build(Instant.now()));
    }
  }

  /** What was listed, and every corruption finding (for escalation), into the history. */
  private void record(Configuration conf, Path alertsDir) {
    SourceHistory history = SourceHistory.of(conf);
    if (!history.enabled()) {
      return;
    }
    List<Observation> batch = new ArrayList<>(survey.observed());
    try {
      for (Alert a : ValidationReport.readAlerts(conf, alertsDir)) {
        String path = corruptPath(a);
        if (path != null) {
          batch.add(new Observation(rule.familyOf(path), path, -1, now, null, now,
              Observation.Kind.CORRUPT));
        }
      }
      history.record(batch);
    } catch (IOException | RuntimeException e) {
      warnings.add("History store " + history.dir() + " not updated: " + e.getMessage());
    }
  }

  /** The damaged file an alert names (a part or a source), or null for other findings. */
  public static String corruptPath(Alert a) {
    if (a.type() == AlertType.CHECKSUM_MISMATCH && a.part() != null) {
      return new Path(a.output(), a.part()).toString();
    }
    if (a.type() == AlertType.SOURCE_MISMATCH && a.dataId() != null) {
      return a.dataId().uri();
    }
    return null;
  }

  /** The reference time the families were judged at (ms). */
  public long surveyedAt() {
    return now;
  }

  /** For callers that print the survey. */
  public SourceSurvey.Result survey() {
    return survey;
  }
}
