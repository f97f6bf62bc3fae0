package org.provmr.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.OutputBusyException;
import org.provmr.store.OutputLocks;
import org.provmr.store.StoreNames;
import org.provmr.validate.AlertType;
import org.provmr.validate.DirectValidation;
import org.provmr.validate.WorkUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one output: under the output's lock (the one recompute and sweep take, so neither
 * runs on it meanwhile), a small output is checked in this JVM; one that is large or has
 * findings is swept (validation job, recompute by policy, revalidation). The result is data.
 */
final class OutputWorker {
  private static final Logger LOG = LoggerFactory.getLogger(OutputWorker.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The output was locked by another command: try again later. */
  static final class Busy extends Exception {
    Busy(String message) {
      super(message);
    }
  }

  /** The output's processing passed provenance.serve.validate.timeout and was stopped. */
  static final class TimedOut extends Exception {
    TimedOut(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final Configuration conf;
  private final ServiceMetrics metrics;
  private final OutputProcessor processor;
  private final Path alertsRoot;
  private final long directMaxBytes;
  private final ValidationDeadline deadline;

  OutputWorker(Configuration conf, ServiceMetrics metrics, OutputProcessor processor,
      Path alertsRoot, long directMaxBytes, ValidationDeadline deadline) {
    this.conf = conf;
    this.metrics = metrics;
    this.processor = processor;
    this.alertsRoot = alertsRoot;
    this.directMaxBytes = directMaxBytes;
    this.deadline = deadline;
  }

  /** The parts of an output's {@code priority/} sub-stream (docs/substreams.md). */
  private static final Predicate<WorkUnit> PRIORITY = u -> u.kind() == WorkUnit.Kind.PART
      && StoreNames.PRIORITY.equals(StoreNames.substreamOf(u.part()));

  /**
   * Processes {@code output}; returns the result record (the journal's done entry).
   *
   * @param fresh whether this is a new version (its lag from job end is measured), not a
   *     revalidation or an upstream's change
   */
  ObjectNode process(String output, String key, boolean fresh) throws Exception {
    Path dir = new Path(output);
    ObjectNode r = JSON.createObjectNode();
    r.put("output", output);
    r.put("started", System.currentTimeMillis());
    OutputIdentity before = OutputIdentity.of(conf, dir);
    if (before == null) {
      r.put("result", "gone");
      r.put("reason", "no _SUCCESS or lineage store any more");
      return r;
    }
    try (OutputLocks locks = OutputLocks.acquire(conf, List.of(dir), "serve")) {
      ValidationDeadline.Guard limit = deadline.start();
      Exception failure = null;
      try {
        check(locks, dir, key, r);
      } catch (Exception e) {
        failure = e; // the interrupt's trace, if the limit passed: the cause of TimedOut
      } finally {
        limit.end(); // before the lock is released, whatever happened
      }
      if (limit.passed()) {
        discard(r);
        throw new TimedOut("the validation of " + output + " took longer than "
            + deadline.limitMs() + " ms (" + ProvenanceKeys.SERVE_VALIDATE_TIMEOUT
            + "): stopped", failure);
      }
      if (failure != null) {
        throw failure;
      }
    } catch (OutputBusyException e) {
      throw new Busy(e.getMessage());
    }
    OutputIdentity after = OutputIdentity.of(conf, dir);
    r.put("identity", after == null ? "" : after.identity());
    r.put("validatedIdentity", before.identity());
    long now = System.currentTimeMillis();
    r.put("completed", now);
    if (fresh) {
      r.put("lagMillis", now - before.successTime());
      metrics.lag(now - before.successTime());
    }
    return r;
  }

  /** Checks {@code dir} (priority parts, in-process, sweep) into {@code r}, under its lock. */
  private void check(OutputLocks locks, Path dir, String key, ObjectNode r) throws Exception {
    List<Path> dirs = List.of(dir);
    long bytes = DirectValidation.partBytes(conf, dirs);
    r.put("partBytes", bytes);
    StringBuilder mode = new StringBuilder();
    boolean sweep = false;
    Predicate<WorkUnit> rest = u -> true;
    // Priority first: the priority/ sub-stream holds what a consumer reads first (LOW
    // confidence or the youngest data); checked on its own, its findings start the sweep
    // before the main parts are read.
    long priorityBytes = DirectValidation.partBytes(conf, dirs, PRIORITY);
    if (priorityBytes <= directMaxBytes && hasPriority(dir)) {
      long t0 = System.nanoTime();
      DirectValidation.Result p = DirectValidation.run(conf, dirs, PRIORITY);
      metrics.validationsPriority.incrementAndGet();
      r.putObject("priority").put("partBytes", priorityBytes)
          .put("findings", p.total()).put("millis", (System.nanoTime() - t0) / 1_000_000);
      record(r, p);
      mode.append("priority");
      sweep = p.total() > 0;
      rest = PRIORITY.negate();
    }
    if (!sweep && bytes <= directMaxBytes) {
      DirectValidation.Result v = DirectValidation.run(conf, dirs, rest);
      metrics.validationsDirect.incrementAndGet();
      record(r, v);
      mode.append(mode.length() > 0 ? "+" : "").append("direct");
      sweep = v.total() > 0;
    } else if (!sweep) {
      sweep = true; // large: the validation job
    }
    if (mode.length() > 0) {
      r.put("mode", mode.toString());
    }
    if (!sweep) {
      r.put("result", "clean");
    } else {
      sweep(locks, dir, key, r);
    }
  }

  /**
   * Deletes what a stopped attempt wrote: its sweep's run directory (alerts, reports, the
   * recompute report), made for this attempt alone. An in-process check writes nothing; a
   * recompute cut half-way is finished or undone by the next sweep from its own journal.
   */
  private void discard(ObjectNode r) {
    if (!r.has("runs")) {
      return;
    }
    Path runs = new Path(r.path("runs").asText());
    try {
      FileSystem fs = runs.getFileSystem(conf);
      if (fs.exists(runs) && !fs.delete(runs, true)) {
        throw new IOException("delete returned false");
      }
    } catch (IOException e) {
      LOG.error("Cannot delete {}, the run of a sweep stopped at {}: delete it by hand, its"
          + " alerts and reports are incomplete", runs, ProvenanceKeys.SERVE_VALIDATE_TIMEOUT, e);
    }
  }

  private boolean hasPriority(Path dir) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    Path p = new Path(dir, StoreNames.PRIORITY);
    return fs.exists(p) && fs.getFileStatus(p).isDirectory();
  }

  /** Adds the findings of an in-process pass to the result and the metrics. */
  private void record(ObjectNode r, DirectValidation.Result v) {
    ObjectNode f = r.has("findings") ? (ObjectNode) r.get("findings") : r.putObject("findings");
    for (Map.Entry<AlertType, Long> e : v.findings().entrySet()) {
      f.put(e.getKey().label(), f.path(e.getKey().label()).asLong(0) + e.getValue());
      metrics.finding(e.getKey().label(), e.getValue());
    }
  }

  private void sweep(OutputLocks locks, Path dir, String key, ObjectNode r) throws Exception {
    Configuration child = new Configuration(conf);
    locks.passTo(child);
    Path root = new Path(new Path(alertsRoot, dir.getName() + "-" + key),
        String.valueOf(System.currentTimeMillis()));
    metrics.sweeps.incrementAndGet();
    LOG.info("Sweeping {} into {}", dir, root);
    r.put("runs", root.toString()); // before it starts: a stopped sweep's run is discarded
    int exit = processor.sweep(child, dir, root);
    r.put("mode", r.has("mode") ? r.path("mode").asText() + "+sweep" : "sweep");
    r.put("sweepExit", exit);
    JsonNode validated = report(root, "validate");
    if (!r.has("findings") && validated != null) {
      ObjectNode f = r.putObject("findings");
      validated.path("findings").path("byType").fields().forEachRemaining(e -> {
        if (e.getValue().asLong() > 0) {
          f.put(e.getKey(), e.getValue().asLong());
          metrics.finding(e.getKey(), e.getValue().asLong());
        }
      });
    }
    if (report(root, "revalidate") != null) {
      metrics.recomputes.incrementAndGet();
    }
    if (exit == 5) {
      throw new Busy("the sweep of " + dir + " found it busy");
    }
    r.put("result", exit == 0 ? "clean" : exit == 3 ? "findings" : "failed");
    if (exit != 0 && exit != 3) {
      metrics.failures.incrementAndGet();
    }
  }

  /** report.json of the sweep's single run directory's {@code step}, or null. */
  private JsonNode report(Path root, String step) throws IOException {
    FileSystem fs = root.getFileSystem(conf);
    if (!fs.exists(root)) {
      return null;
    }
    for (FileStatus run : fs.listStatus(root)) {
      Path p = new Path(new Path(run.getPath(), step), "report.json");
      if (fs.exists(p)) {
        return JSON.readTree(UntrustedFiles.readAll(fs, p, UntrustedFiles.maxMetadataBytes(conf),
            ProvenanceKeys.READ_MAX_METADATA_BYTES));
      }
    }
    return null;
  }
}
