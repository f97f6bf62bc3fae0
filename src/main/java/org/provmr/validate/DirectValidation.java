package org.provmr.validate;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.provmr.store.MacKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.provmr.store.LocalFiles;

/**
 * The validation of a few small outputs inside the calling JVM, with no MapReduce job: the same
 * plan ({@link ValidationPlan}) and the same store, part and source checkers the validator
 * mapper runs, the work units spread over a few threads. {@code provmr validate} uses it up to
 * provenance.validate.direct.max.bytes ({@link ValidationRoute}), and a long-running service
 * so that a small clean output costs milliseconds instead of a job's fixed start-up.
 */
public final class DirectValidation {
  private static final Logger LOG = LoggerFactory.getLogger(DirectValidation.class);

  /**
   * What the checks found.
   *
   * @param findings alerts by type, only types that occurred
   * @param counters the validation counters, as the job would have counted them
   * @param alerts the alerts, in the job's sort order
   * @param partBytes bytes of part files the plan covers
   */
  public record Result(Map<AlertType, Long> findings, Map<ValidationCounters, Long> counters,
      List<Alert> alerts, long partBytes) {

    public long total() {
      long n = 0;
      for (long v : findings.values()) {
        n += v;
      }
      return n;
    }
  }

  private DirectValidation() {
  }

  /** Bytes of part files the lineage stores of {@code outputs} record: what a check would read. */
  public static long partBytes(Configuration conf, List<Path> outputs) throws IOException {
    return partBytes(conf, outputs, u -> true);
  }

  /** Bytes of the part files of the units {@code which} selects. */
  public static long partBytes(Configuration conf, List<Path> outputs,
      Predicate<WorkUnit> which) throws IOException {
    long n = 0;
    for (WorkUnit u : ValidationPlan.of(conf, outputs).units()) {
      if (u.kind() == WorkUnit.Kind.PART && which.test(u)) {
        n += u.bytes();
      }
    }
    return n;
  }

  /**
   * Validates {@code outputs} here and now. Staleness is measured against now; keyed mode reads
   * its verifying keys from the configuration.
   *
   * @throws org.provmr.conf.BadConfigurationException if source roots or windows are malformed
   */
  public static Result run(Configuration conf, List<Path> outputs) throws IOException {
    return run(conf, outputs, u -> true);
  }

  /**
   * Validates the units of the plan {@code which} selects: a service checks an output's
   * {@code priority/} parts first, then the rest, so that what matters most is known first.
   */
  public static Result run(Configuration conf, List<Path> outputs, Predicate<WorkUnit> which)
      throws IOException {
    SourceRoots.configured(conf);
    return run(conf, ValidationPlan.of(conf, outputs), which, System.currentTimeMillis());
  }

  /**
   * Validates the units of {@code plan} that {@code which} selects on
   * provenance.validate.direct.threads threads, each with its own checkers and buffers, one
   * unit (a part, a source file, a store) at a time, the largest first so the threads finish
   * together. Alerts come back in the job's order and counters are sums, so the result does
   * not depend on which thread checked what.
   *
   * @param sweepTime what staleness is measured against (ms), as a job's tasks do
   */
  public static Result run(Configuration conf, ValidationPlan plan, Predicate<WorkUnit> which,
      long sweepTime) throws IOException {
    List<WorkUnit> units = new ArrayList<>();
    for (WorkUnit u : plan.units()) {
      if (which.test(u)) {
        units.add(u);
      }
    }
    units.sort(Comparator.comparingLong(WorkUnit::bytes).reversed());
    Collector sink = new Collector();
    Map<String, MacKey> keys = KeyedMode.verifyingKeys(conf);
    StalenessPolicy staleness = StalenessPolicy.of(conf);
    Map<String, LoadedOutput> loaded = new ConcurrentHashMap<>();
    Function<String, LoadedOutput> output = d -> loaded.computeIfAbsent(d, k -> {
      try {
        return LoadedOutput.load(conf, k);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean failed = new AtomicBoolean();
    Worker worker = () -> {
      StoreChecker stores = new StoreChecker(conf, sink, keys);
      PartChecker parts = new PartChecker(conf, sink, ValidationJob.isDeep(conf), keys);
      SourceChecker sources = new SourceChecker(conf, sink, staleness, sweepTime,
          conf.getLong(ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX,
              ProvenanceKeys.VALIDATE_RECORD_ALERTS_MAX_DEFAULT), output);
      long partBytes = 0;
      try {
        for (int i; !failed.get() && (i = next.getAndIncrement()) < units.size(); ) {
          if (Thread.currentThread().isInterrupted()) {
            // Stopped from outside (the service's time limit, its shutdown): some reads never
            // notice an interrupt (RawLocalFileSystem's streams), so each unit asks (and its
            // reads, every buffer: Interrupts), and the caller is told why it stopped.
            throw new InterruptedIOException("Validation interrupted after " + i + " of "
                + units.size() + " units");
          }
          WorkUnit unit = units.get(i);
          check(unit, output, stores, parts, sources);
          partBytes += unit.kind() == WorkUnit.Kind.PART ? unit.bytes() : 0;
        }
      } catch (IOException | RuntimeException e) {
        failed.set(true); // the others stop at their next unit
        throw e;
      } finally {
        sources.close(); // the file systems the composite-CRC path opened
      }
      return partBytes;
    };
    int threads = Math.max(1, Math.min(ValidationRoute.threads(conf), units.size()));
    long partBytes = threads == 1 ? worker.call() : runOnPool(worker, threads);
    LOG.debug("Checked {} units on {} threads", units.size(), threads);
    List<Alert> alerts = sink.alerts;
    alerts.sort((a, b) -> ValidatorMapper.sortKey(a).compareTo(ValidatorMapper.sortKey(b)));
    return new Result(Collections.unmodifiableMap(sink.findings),
        Collections.unmodifiableMap(sink.counters), List.copyOf(alerts), partBytes);
  }

  /** One unit, with the job's message when a store the planner read cannot be used. */
  private static void check(WorkUnit unit, Function<String, LoadedOutput> output,
      StoreChecker stores, PartChecker parts, SourceChecker sources) throws IOException {
    try {
      if (unit.kind() == WorkUnit.Kind.STORE) {
        stores.check(unit.output()); // streamed: the store is not held
      } else if (unit.kind() == WorkUnit.Kind.PART) {
        LoadedOutput out = output.apply(unit.output());
        parts.check(out, out.job.part(unit.part()));
      } else {
        sources.check(unit);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    } catch (RuntimeException e) {
      throw new IOException("Cannot validate " + (unit.kind() == WorkUnit.Kind.STORE
          ? "the lineage store of " + unit.output() : unit.kind() == WorkUnit.Kind.PART
          ? "part " + unit.part() + " of " + unit.output() : "source " + unit.uri())
          + ": " + e, e);
    }
  }

  /** Runs {@code threads} copies of {@code worker}; the first failure wins, others suppressed. */
  private static long runOnPool(Worker worker, int threads) throws IOException {
    AtomicInteger n = new AtomicInteger();
    List<Thread> started = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "provmr-validate-" + n.incrementAndGet());
      t.setDaemon(true); // a failed validation never keeps the JVM alive
      started.add(t);
      return t;
    });
    try {
      List<Future<Long>> running = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        running.add(pool.submit(worker::call));
      }
      long partBytes = 0;
      IOException failure = null;
      for (Future<Long> f : running) {
        try {
          partBytes += f.get();
        } catch (ExecutionException e) {
          IOException io = e.getCause() instanceof IOException x ? x
              : new IOException("Validation failed: " + e.getCause(), e.getCause());
          if (failure == null) {
            failure = io;
          } else {
            failure.addSuppressed(io);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
      return partBytes;
    } catch (InterruptedException e) {
      // The threads stop at their next unit; waited for, so that none still reads the output
      // once the caller, a service past its time limit, has released the output's lock.
      pool.shutdownNow();
      // Joined, not only awaited: the threads of a terminated pool may still be exiting.
      for (Thread t : List.copyOf(started)) {
        try {
          t.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException again) {
          break; // interrupted twice (a shutdown): the threads were told to stop
        }
      }
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while validating");
    } finally {
      pool.shutdownNow();
    }
  }

  /** One thread's loop over the units; returns the part bytes it checked. */
  private interface Worker {
    long call() throws IOException;
  }

  /** The threads' sink: alerts and counters gathered under one lock (findings are few). */
  private static final class Collector implements Sink {
    final Map<AlertType, Long> findings = new EnumMap<>(AlertType.class);
    final Map<ValidationCounters, Long> counters = new EnumMap<>(ValidationCounters.class);
    final List<Alert> alerts = new ArrayList<>();

    @Override
    public synchronized void alert(Alert alert) {
      alerts.add(alert);
      findings.merge(alert.type(), 1L, Long::sum);
      counters.merge(ValidationCounters.FINDINGS, 1L, Long::sum);
      counters.merge(alert.type().counter(), 1L, Long::sum);
    }

    @Override
    public synchronized void count(ValidationCounters counter, long amount) {
      counters.merge(counter, amount, Long::sum);
    }
  }

  /**
   * Writes the alerts the way the job's reducer and committer leave them: one
   * {@code alerts-r-00000.jsonl} in the job's order, written under a temporary name and
   * renamed, then {@code _SUCCESS}; so a recompute, report or service reads either alike.
   */
  public static void writeAlerts(Configuration conf, Path alertsDir, List<Alert> alerts)
      throws IOException {
    FileSystem fs = alertsDir.getFileSystem(conf);
    String name = AlertOutputFormat.BASE_NAME + "-r-00000" + AlertOutputFormat.EXTENSION;
    Path temporary = new Path(alertsDir, "_" + name + ".writing");
    try (Writer w = new BufferedWriter(new OutputStreamWriter(
        LocalFiles.create(fs, temporary, false), StandardCharsets.UTF_8))) {
      for (Alert a : alerts) {
        w.write(a.toJson());
        w.write('\n');
      }
    }
    if (!fs.rename(temporary, new Path(alertsDir, name))) {
      throw new IOException("Could not rename " + temporary + " to " + name + " in "
          + alertsDir);
    }
    LocalFiles.create(fs, new Path(alertsDir, "_SUCCESS"), false).close();
  }
}
