package org.provmr.recompute;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.PartRestamp;
import org.provmr.store.KeyedMode;
import org.provmr.store.MacKey;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputLocks;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreJson;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code provmr promote}: once revalidation found an output clean, its recomputed
 * (LOW-confidence) parts in {@code priority/} are re-stamped HIGH and moved back to the main
 * parts (docs/substreams.md). The parts are re-stamped into the run's staging directory
 * ({@link PartRestamp}: same bytes but the confidence bits) and swapped in by the recompute
 * commit (journal, backup, atomic renames, removals last, store rewritten), so a crash at any
 * step loses and duplicates nothing once the next {@code promote} (or {@code recompute}) has
 * finished the journal.
 *
 * <p>The policy: the newest of the given validations that covers an output must have started
 * after the output last changed (its store was written) and found nothing in it, and so must
 * the {@value ProvenanceKeys#PROMOTE_CLEAN_VALIDATIONS} newest ones. A part in
 * {@code priority/} with no LOW record is there by age and stays.
 */
public final class Promotion {
  private static final Logger LOG = LoggerFactory.getLogger(Promotion.class);

  /**
   * One validation as its alerts directory tells it.
   *
   * @param dir the alerts directory
   * @param startedAt when it started (report.json)
   * @param outputs the outputs it covered, qualified
   * @param findings findings per output, qualified
   */
  record Validation(Path dir, Instant startedAt, List<String> outputs,
      Map<String, Long> findings) {
  }

  /**
   * What happened to one output.
   *
   * @param output the output
   * @param status promoted, nothing (no LOW part in priority/), refused (the policy said no),
   *     failed (a part or the store could not be read or re-stamped; nothing of it changed)
   * @param parts the parts moved, as {@code priority/x -> x}
   * @param records the records re-stamped HIGH
   * @param kept priority parts left in place, with why
   * @param reason why it was refused or failed, or null
   */
  public record Outcome(String output, String status, List<String> parts, long records,
      List<String> kept, String reason) {
  }

  /**
   * A promote run.
   *
   * @param runId the run (its journal and backup directories are named after it)
   * @param resumed interrupted commits finished first
   * @param outcomes one per output
   * @param warnings clean-up problems after a commit
   */
  public record Result(String runId, List<String> resumed, List<Outcome> outcomes,
      List<String> warnings) {
    /** Whether some output was refused. */
    public boolean refused() {
      return outcomes.stream().anyMatch(o -> o.status().equals("refused"));
    }

    /** Whether some output failed. */
    public boolean failed() {
      return outcomes.stream().anyMatch(o -> o.status().equals("failed"));
    }
  }

  private final Configuration conf;
  private final RecomputeCommit committer;
  private final int required;

  public Promotion(Configuration conf) {
    this(conf, RecomputeCommit.StepListener.NONE);
  }

  Promotion(Configuration conf, RecomputeCommit.StepListener listener) {
    this.conf = conf;
    this.committer = new RecomputeCommit(conf, RecomputeSettings.of(conf).backupRetention(),
        listener);
    String raw = conf.getTrimmed(ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS,
        String.valueOf(ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS_DEFAULT));
    int n;
    try {
      n = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1) {
      throw new BadConfigurationException(ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS, raw,
          "a whole number of validations, at least 1");
    }
    this.required = n;
  }

  /**
   * Promotes what the validations in {@code alertDirs} allow.
   *
   * @param outputs the outputs to promote; empty: every output the validations covered
   */
  public Result run(List<Path> alertDirs, List<Path> outputs) throws IOException {
    List<Validation> validations = new ArrayList<>();
    for (Path d : alertDirs) {
      validations.add(readValidation(d));
    }
    TreeSet<String> targets = new TreeSet<>();
    if (outputs.isEmpty()) {
      validations.forEach(v -> targets.addAll(v.outputs()));
    } else {
      for (Path p : outputs) {
        targets.add(qualify(p));
      }
    }
    String runId = RecomputeManager.newRunId();
    List<Path> paths = targets.stream().map(Path::new).toList();
    List<String> resumed = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    try (OutputLocks locks = OutputLocks.acquire(conf, paths, "promote " + runId)) {
      for (Path output : paths) {
        // An interrupted promotion (or recompute) is finished first: its journal was decided
        // under a clean validation, and the store it leaves is what the policy looks at.
        for (RecomputeCommit.Pending p : committer.pending(output)) {
          resumed.add(p.describe(false));
          String w = committer.resume(p, locks);
          if (w != null) {
            warnings.add(w);
          }
        }
        locks.checkHeld();
        Outcome o;
        java.util.concurrent.atomic.AtomicBoolean committing =
            new java.util.concurrent.atomic.AtomicBoolean();
        try {
          o = promote(runId, output, validations, warnings, locks, committing);
        } catch (IOException e) {
          if (committing.get()) {
            throw e; // the journal holds the output now: the next run finishes it
          }
          // One output's missing or changed part must not keep the others from promotion.
          o = new Outcome(output.toString(), "failed", List.of(), 0, List.of(), (e
              instanceof java.io.FileNotFoundException ? "not found: " : "") + e.getMessage()
              + "; nothing of it was promoted: validate it again");
        }
        LOG.info("Promote run {}: {} {} ({} parts, {} records){}", runId, output, o.status(),
            o.parts().size(), o.records(), o.reason() == null ? "" : ": " + o.reason());
        outcomes.add(o);
      }
    }
    return new Result(runId, resumed, outcomes, warnings);
  }

  private Outcome promote(String runId, Path output, List<Validation> validations,
      List<String> warnings, OutputLocks locks,
      java.util.concurrent.atomic.AtomicBoolean committing) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    StoredJob store = LineageStore.read(conf, output);
    Map<String, PartEntry> byName = new HashMap<>();
    store.parts().forEach(p -> byName.put(p.name(), p));
    List<PartEntry> candidates = new ArrayList<>();
    List<String> kept = new ArrayList<>();
    for (PartEntry p : store.parts()) {
      if (!StoreNames.PRIORITY.equals(StoreNames.substreamOf(p.name()))) {
        continue;
      }
      String main = new Path(p.name()).getName();
      Map<Confidence, Long> c = PartRestamp.confidences(conf, new Path(output, p.name()));
      if (c.getOrDefault(Confidence.LOW, 0L) == 0) {
        kept.add(p.name() + ": no LOW record (in priority/ by age)");
      } else if (byName.containsKey(main)) {
        kept.add(p.name() + ": the main parts already have " + main + "; merging two parts"
            + " is not supported");
      } else {
        candidates.add(p);
      }
    }
    String where = output.toString();
    if (candidates.isEmpty()) {
      return new Outcome(where, "nothing", List.of(), 0, kept, null);
    }
    String refusal = policy(output, fs, validations);
    if (refusal != null) {
      return new Outcome(where, "refused", List.of(), 0, kept, refusal);
    }
    Path runDir = Journal.runDir(fs.makeQualified(output), runId);
    Path staging = new Path(runDir, "staged");
    MacKey macKey = null;
    List<Journal.Move> moves = new ArrayList<>();
    Map<String, PartEntry> parts = new TreeMap<>(byName);
    List<String> moved = new ArrayList<>();
    long records = 0;
    for (PartEntry p : candidates) {
      String main = new Path(p.name()).getName();
      Path staged = new Path(staging, main);
      if (p.signed() && macKey == null) {
        macKey = KeyedMode.signingKey(conf);
      }
      PartRestamp.Result r;
      try {
        r = PartRestamp.restamp(conf, new Path(output, p.name()), p, staged, main,
            Confidence.HIGH, p.signed() ? macKey : null);
      } catch (IOException e) {
        fs.delete(runDir, true); // copies only: no journal names them yet
        throw e;
      }
      moves.add(Journal.Move.of("add", main, staged.toString()));
      moves.add(Journal.Move.of("remove", p.name(), null));
      parts.remove(p.name());
      parts.put(main, r.entry());
      moved.add(p.name() + " -> " + main);
      records += r.entry().records();
      LOG.info("Promote run {}: re-stamped {} of {} HIGH ({} records; before: {})", runId,
          p.name(), output, r.entry().records(), r.before());
    }
    committing.set(true);
    Journal journal = Journal.prepare(runId, fs.makeQualified(output), runDir, moves,
        new Journal.NewStore(store.job(), store.sources(), new ArrayList<>(parts.values())));
    String w = committer.commit(journal, locks);
    if (w != null) {
      warnings.add(w);
    }
    return new Outcome(where, "promoted", moved, records, kept, null);
  }

  /** Null when the validations allow promoting {@code output}, else why not. */
  private String policy(Path output, FileSystem fs, List<Validation> validations)
      throws IOException {
    String q = qualify(output);
    Instant changed = Instant.ofEpochMilli(fs.getFileStatus(new Path(LineageStore.dir(output),
        LineageStore.JOB_FILE)).getModificationTime());
    List<Validation> covering = new ArrayList<>(validations.stream()
        .filter(v -> v.outputs().contains(q)).toList());
    covering.sort(Comparator.comparing(Validation::startedAt).reversed());
    if (covering.isEmpty()) {
      return "no validation given (--alerts) covers it; validate it first";
    }
    int clean = 0;
    for (Validation v : covering) {
      if (!v.startedAt().isAfter(changed)) {
        break;
      }
      long findings = v.findings().getOrDefault(q, 0L);
      if (findings > 0) {
        if (clean == 0) {
          return "the last validation (" + v.dir() + ", started " + v.startedAt() + ") found "
              + findings + " findings in it; recompute and validate again";
        }
        break;
      }
      clean++;
    }
    Validation last = covering.get(0);
    if (clean == 0) {
      return "the last validation that covers it (" + last.dir() + ", started "
          + last.startedAt() + ") is older than its last change (" + changed + "); validate"
          + " it again";
    }
    if (clean < required) {
      return clean + " clean validation(s) since its last change (" + changed + "), "
          + ProvenanceKeys.PROMOTE_CLEAN_VALIDATIONS + " asks for " + required;
    }
    return null;
  }

  private String qualify(Path p) throws IOException {
    return p.getFileSystem(conf).makeQualified(p).toString();
  }

  private Validation readValidation(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Path report = new Path(dir, "report.json");
    if (!fs.exists(report)) {
      throw new BadConfigurationException("Alerts directory " + dir + " has no report.json:"
          + " give the directory of a finished validation (provmr validate --alerts DIR)");
    }
    JsonNode tree;
    Instant started;
    byte[] json = UntrustedFiles.readAll(fs, report, UntrustedFiles.maxMetadataBytes(conf),
        ProvenanceKeys.READ_MAX_METADATA_BYTES);
    try {
      tree = StoreJson.readTree(json);
      started = Instant.parse(tree.path("startedAt").asText());
    } catch (IOException | DateTimeParseException e) {
      throw new BadConfigurationException("Malformed validation report " + report + ": " + e
          .getMessage() + "; validate again into a new alerts directory");
    }
    // The outputs and alerts as AlertLog checked them: each names a path.
    AlertLog log = AlertLog.read(conf, dir);
    List<String> outs = new ArrayList<>();
    for (String o : log.validatedOutputs()) {
      outs.add(qualify(new Path(o)));
    }
    Map<String, Long> findings = new HashMap<>();
    for (LoadedAlert a : log.alerts()) {
      String o = a.alert().output();
      // An alert without an output (a store-wide one) counts against every covered output.
      if (o == null) {
        outs.forEach(x -> findings.merge(x, 1L, Long::sum));
      } else {
        findings.merge(qualify(new Path(o)), 1L, Long::sum);
      }
    }
    return new Validation(dir, started, outs, findings);
  }
}
