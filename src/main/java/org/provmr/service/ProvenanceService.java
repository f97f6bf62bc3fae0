package org.provmr.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator service: journal, dispatcher (notifications and scans into work), bounded
 * workers, HTTP endpoints. {@link #start} recovers what the journal holds, so a restart after
 * {@code kill -9} resumes; {@link #stop} is the graceful shutdown SIGTERM runs.
 */
public final class ProvenanceService {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceService.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 3;
  private static final int LAST_RESULTS = 1000;
  private static final String REVALIDATE = "revalidate";
  private static final String UPSTREAM = "upstream changed: ";
  /** Results that end an output's attempts without a validated identity. */
  private static final Set<String> FAILED = Set.of("failed", "timed_out");

  private final Configuration conf;
  private final ServeSettings settings;
  private final ServeRoots roots;
  private final EventJournal journal;
  private final ServiceMetrics metrics = new ServiceMetrics();
  private final WorkQueue queue = new WorkQueue();
  private final OutputScanner scanner;
  private final OutputWorker worker;
  private final ValidationDeadline deadline;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private final Map<String, ObjectNode> lastResults = java.util.Collections.synchronizedMap(
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ObjectNode> e) {
          return size() > LAST_RESULTS;
        }
      });
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final List<Consumer<ObjectNode>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean stopping;
  private ScheduledExecutorService dispatcher;
  private ExecutorService workers;
  private HttpEndpoints http;

  public ProvenanceService(Configuration conf, ServeSettings settings, OutputProcessor processor)
      throws IOException {
    this.conf = conf;
    this.settings = settings;
    this.roots = new ServeRoots(conf, settings.roots());
    this.journal = new EventJournal(settings.stateDir());
    this.scanner = new OutputScanner(conf, settings.watchDepth());
    this.deadline = new ValidationDeadline(settings.validateTimeoutMs());
    this.worker = new OutputWorker(conf, metrics, processor, settings.alertsRoot(),
        settings.directMaxBytes(), deadline);
  }

  /** Called with every result record (the journal's done entry) once it is on disk. */
  public void onCompleted(Consumer<ObjectNode> listener) {
    listeners.add(listener);
  }

  /** Recovers the journal, binds the endpoints and starts scanning and working. */
  public synchronized void start() throws IOException {
    for (String key : journal.workKeys()) {
      ObjectNode w = journal.work(key);
      if (w != null) {
        offer(key, w.path("output").asText());
      }
    }
    LOG.info("Recovered {} outputs and {} notifications from {}", queue.waitingCount(),
        journal.notificationCount(), settings.stateDir());
    http = new HttpEndpoints(this, metrics, settings);
    http.start();
    dispatcher = Executors.newSingleThreadScheduledExecutor(
        r -> thread(r, "provmr-serve-dispatch"));
    dispatcher.scheduleWithFixedDelay(this::scan, 0, settings.watchIntervalMs(),
        TimeUnit.MILLISECONDS);
    requestDrain();
    workers = Executors.newFixedThreadPool(settings.maxConcurrent(),
        r -> thread(r, "provmr-serve-worker"));
    for (int i = 0; i < settings.maxConcurrent(); i++) {
      workers.execute(this::work);
    }
  }

  /** The port the endpoints listen on (useful with port 0). */
  public int port() {
    return http.port();
  }

  ServeRoots roots() {
    return roots;
  }

  EventJournal journal() {
    return journal;
  }

  /** Resolves the journaled notifications, on the dispatcher thread, coalescing bursts. */
  void requestDrain() {
    if (drainScheduled.compareAndSet(false, true) && !stopping) {
      dispatcher.execute(() -> {
        drainScheduled.set(false);
        drain();
      });
    }
  }

  private void drain() {
    try {
      List<String> names = journal.notifications();
      Set<String> jobIds = new HashSet<>();
      for (String name : names) {
        ObjectNode ev = journal.notification(name);
        String output = ev == null ? "" : ev.path("output").asText("");
        if (!output.isEmpty()) {
          OutputIdentity id = OutputIdentity.of(conf, new Path(output));
          if (id == null) {
            metrics.unknownJobs.incrementAndGet();
          } else {
            consider(id);
          }
        } else if (ev != null) {
          jobIds.add(ev.path("jobId").asText());
        }
      }
      if (!jobIds.isEmpty()) {
        Set<String> seen = new HashSet<>();
        for (OutputIdentity id : scanOnce()) {
          seen.add(scanner.jobId(id));
        }
        for (String j : jobIds) {
          if (!seen.contains(j)) {
            metrics.unknownJobs.incrementAndGet();
            LOG.info("Notification for {}: no output of that job under the roots", j);
          }
        }
      }
      for (String name : names) {
        journal.removeNotification(name);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("Resolving notifications failed; they stay journaled for the next try", e);
    }
  }

  private void scan() {
    try {
      scanOnce();
    } catch (IOException | RuntimeException e) {
      LOG.error("Scanning the roots failed; the next scan tries again", e);
    }
  }

  private List<OutputIdentity> scanOnce() throws IOException {
    metrics.scans.incrementAndGet();
    List<OutputIdentity> found = scanner.scan(roots.roots());
    for (OutputIdentity id : found) {
      consider(id);
    }
    return found;
  }

  /**
   * Queues {@code id} unless this version was processed or is queued already; a processed one
   * whose result is older than the revalidation interval is queued again, as a revalidation.
   */
  private synchronized void consider(OutputIdentity id) throws IOException {
    String key = id.key();
    ObjectNode done = journal.done(key);
    if (done != null && (id.identity().equals(done.path("identity").asText())
        || id.identity().equals(done.path("validatedIdentity").asText()))) {
      long age = System.currentTimeMillis() - done.path("completed").asLong(Long.MAX_VALUE);
      if (settings.revalidateMs() > 0 && age >= settings.revalidateMs()
          && !queue.isWaitingOrRunning(key)) {
        LOG.info("Revalidating {}: its last result is {} s old", id.output(), age / 1000);
        metrics.revalidations.incrementAndGet();
        enqueue(id, REVALIDATE);
        return;
      }
      metrics.duplicates.incrementAndGet();
      return;
    }
    ObjectNode w = journal.work(key);
    if (w != null && id.identity().equals(w.path("identity").asText())) {
      metrics.duplicates.incrementAndGet();
      offer(key, id.output());
      return;
    }
    enqueue(id, null);
  }

  /**
   * Journals and queues {@code id}. A {@code reason} (revalidation, an upstream output that
   * changed) makes the worker process it even though this version was processed before.
   */
  private synchronized void enqueue(OutputIdentity id, String reason) throws IOException {
    String key = id.key();
    ObjectNode item = JSON.createObjectNode();
    item.put("output", id.output());
    item.put("identity", id.identity());
    item.put("enqueued", System.currentTimeMillis());
    if (reason != null) {
      item.put("reason", reason);
    }
    journal.putWork(key, item);
    offer(key, id.output());
    metrics.enqueued.incrementAndGet();
  }

  /** Queues the work entry {@code key} after the outputs its current version's lineage reads. */
  private void offer(String key, String output) throws IOException {
    Set<String> after = new HashSet<>();
    OutputIdentity now = OutputIdentity.of(conf, new Path(output));
    if (now != null) {
      for (String up : scanner.upstreams(now)) {
        after.add(OutputIdentity.keyOf(up));
      }
    }
    queue.offer(key, output, after);
  }

  /**
   * After {@code output} changed (a new version, or a recompute rewrote it): every output under
   * the roots whose lineage reads it is queued again, after it, whatever its own identity.
   */
  private void followDownstream(String output, long changed) {
    try {
      for (OutputIdentity id : scanner.scan(roots.roots())) {
        if (scanner.upstreams(id).contains(output)) {
          Long since = queue.runningSince(id.key());
          if (queue.isWaiting(id.key()) || (since != null && since >= changed)) {
            continue; // its queued run, or the one under way, comes after this change anyway
          }
          LOG.info("{} reads {}, which changed: queued after it", id.output(), output);
          metrics.downstream.incrementAndGet();
          enqueue(id, UPSTREAM + output);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("Following the outputs downstream of {} failed; the watch scan still finds"
          + " their own changes", output, e);
    }
  }

  private void work() {
    String[] next;
    try {
      while ((next = queue.take()) != null) {
        try {
          processOne(next[0], next[1]);
        } finally {
          queue.finished(next[0]);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void processOne(String key, String output) {
    try {
      OutputIdentity now = OutputIdentity.of(conf, new Path(output));
      ObjectNode done = journal.done(key);
      ObjectNode w = journal.work(key);
      String reason = w == null ? null : w.path("reason").asText(null);
      boolean same = now != null && done != null
          && (now.identity().equals(done.path("identity").asText())
          || now.identity().equals(done.path("validatedIdentity").asText()));
      if (same && (reason == null
          || done.path("completed").asLong(0) >= w.path("enqueued").asLong(0))) {
        finish(key, now.identity(), null, Long.MAX_VALUE); // killed after done/, before work/
        return;
      }
      long started = System.currentTimeMillis();
      ObjectNode result = worker.process(output, key, reason == null);
      if (reason != null) {
        result.put("reason", reason);
      }
      String before = done == null ? "" : done.path("identity").asText("");
      finish(key, result.path("validatedIdentity").asText(""), result, started);
      String after = result.path("identity").asText("");
      if (!after.isEmpty() && !after.equals(before) && !stopping) {
        // A new version or a recompute: what reads it follows (on the dispatcher: a scan).
        dispatcher.execute(() -> followDownstream(result.path("output").asText(),
            result.path("completed").asLong()));
      }
    } catch (OutputWorker.Busy e) {
      metrics.busyRetries.incrementAndGet();
      // Names the lock's holder as the lock file in the output says: escaped.
      LOG.info("Busy, retrying later: {}", TerminalText.escape(e.getMessage()));
      queue.retryLater(key, output, settings.busyRetryMs());
    } catch (OutputWorker.TimedOut e) {
      // Stopped, lock released, its run discarded: a failure like any other (tried again, then
      // recorded), but told apart, since the fix is a key and not the output.
      metrics.validationsTimedOut.incrementAndGet();
      int n = attempts.merge(key, 1, Integer::sum);
      LOG.warn("Validation of {} stopped at the limit of {} ms (attempt {} of {}); raise {} if"
          + " outputs like it need longer", TerminalText.escape(output),
          settings.validateTimeoutMs(), n, MAX_ATTEMPTS, ProvenanceKeys.SERVE_VALIDATE_TIMEOUT);
      LOG.debug("Where the limit stopped {}", output, e);
      failed(key, output, n, "timed_out", e);
    } catch (Exception e) {
      if (stopping) {
        LOG.warn("Stopped while processing {}; it stays journaled and runs after the restart",
            output);
        return;
      }
      int n = attempts.merge(key, 1, Integer::sum);
      LOG.error("Processing {} failed (attempt {} of {})", output, n, MAX_ATTEMPTS, e);
      if (n >= MAX_ATTEMPTS) {
        metrics.failures.incrementAndGet();
      }
      failed(key, output, n, "failed", e);
    }
  }

  /**
   * After the {@code n}th failed attempt: tried again a few seconds later, up to
   * {@link #MAX_ATTEMPTS}; then recorded as {@code result} (done until the output changes).
   */
  private void failed(String key, String output, int n, String result, Exception e) {
    if (n < MAX_ATTEMPTS) {
      queue.retryLater(key, output, settings.busyRetryMs());
      return;
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("output", output);
    r.put("result", result);
    r.put("error", String.valueOf(e));
    r.put("completed", System.currentTimeMillis());
    try {
      OutputIdentity id = OutputIdentity.of(conf, new Path(output));
      r.put("identity", id == null ? "" : id.identity());
      finish(key, "", r, Long.MAX_VALUE);
    } catch (IOException io) {
      LOG.error("Cannot record the failure of {}", output, io);
    }
  }

  /**
   * Records {@code result} and removes the work entry it answers: not one journaled after
   * {@code started} (an upstream changed while this ran: that run is still to come).
   */
  private synchronized void finish(String key, String processed, ObjectNode result,
      long started) throws IOException {
    if (result != null) {
      journal.putDone(key, result);
    }
    ObjectNode w = journal.work(key);
    String queued = w == null ? null : w.path("identity").asText();
    if (w != null && w.path("enqueued").asLong(0) <= started
        && (result == null || queued.equals(processed)
        || queued.equals(result.path("identity").asText())
        || FAILED.contains(result.path("result").asText()))) {
      journal.removeWork(key);
    }
    attempts.remove(key);
    if (result != null) {
      metrics.completed.incrementAndGet();
      lastResults.put(result.path("output").asText(), result);
      for (Consumer<ObjectNode> l : listeners) {
        l.accept(result);
      }
    }
  }

  /** /status: queue, running, last results per output, counters. */
  ObjectNode status() throws IOException {
    ObjectNode s = JSON.createObjectNode();
    s.put("state", stopping ? "stopping" : "running");
    s.put("queued", queue.waitingCount());
    s.put("inbox", journal.notificationCount());
    ArrayNode running = s.putArray("running");
    queue.runningKeys().forEach(running::add);
    s.put("completed", metrics.completed.get());
    ArrayNode rootsNode = s.putArray("roots");
    roots.roots().forEach(r -> rootsNode.add(r.toString()));
    ObjectNode last = s.putObject("lastResults");
    synchronized (lastResults) {
      lastResults.forEach(last::set);
    }
    return s;
  }

  /**
   * Waits until nothing is journaled, queued or running (for the benchmark and for operators'
   * scripts draining a service before stopping it); false when {@code timeoutMs} passed first.
   */
  public boolean awaitIdle(long timeoutMs) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMs;
    while (System.currentTimeMillis() < deadline) {
      if (journal.notificationCount() == 0 && !drainScheduled.get() && queue.waitingCount() == 0
          && queue.runningCount() == 0) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  long queueDepth() {
    return queue.waitingCount();
  }

  long runningCount() {
    return queue.runningCount();
  }

  /**
   * Stops taking requests and work; waits up to the grace period for running outputs. What is
   * still running then stays in the journal and is processed after the restart.
   */
  public void stop() throws InterruptedException {
    // Not synchronized: finishing workers record their results under this object's lock.
    if (!stopped.compareAndSet(false, true)) {
      return; // the shutdown hook after an explicit stop
    }
    stopping = true;
    LOG.info("Stopping: {} outputs running, waiting up to {} ms for them", queue.runningCount(),
        settings.shutdownGraceMs());
    if (http != null) {
      http.stop();
    }
    queue.close();
    if (dispatcher != null) {
      dispatcher.shutdownNow();
    }
    if (workers != null) {
      workers.shutdown();
      if (!workers.awaitTermination(settings.shutdownGraceMs(), TimeUnit.MILLISECONDS)) {
        List<String> left = new ArrayList<>(queue.runningKeys());
        LOG.warn("Shutdown grace over: {} outputs still running stay journaled: {}", left.size(),
            left);
        workers.shutdownNow();
      }
    }
    deadline.stop();
    LOG.info("Stopped; {} outputs queued and {} notifications stay journaled",
        queue.waitingCount(), journal.notificationCount());
  }

  private static Thread thread(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
