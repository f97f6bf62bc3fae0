package org.provmr.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.provmr.io.TerminalText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side, on the JDK's server (docs/service.md says why not HttpServer2):
 * {@code /notify} for {@code mapreduce.job.end-notification.url}, {@code /status},
 * {@code /metrics}, {@code /health}. A notification is journaled before it is answered 200;
 * it is only a hint: the job id selects nothing to run, a path is accepted only under a root.
 */
final class HttpEndpoints {
  private static final Logger LOG = LoggerFactory.getLogger(HttpEndpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern JOB_ID = Pattern.compile("job_[A-Za-z0-9]{1,40}_[0-9]{1,10}");
  /** What MRAppMaster (JobState) and LocalJobRunner (JobStatus) send as $jobStatus. */
  private static final Set<String> STATES = Set.of("SUCCEEDED", "FAILED", "KILLED", "ERROR",
      "NEW", "INITED", "RUNNING", "PREP");
  private static final int MAX_QUERY = 8192;
  private static final int RETRY_AFTER_SECONDS = 5;

  private final ProvenanceService service;
  private final ServiceMetrics metrics;
  private final ServeSettings settings;
  private final HttpServer server;
  private final ExecutorService pool;
  private final ExchangeDeadline deadline;

  HttpEndpoints(ProvenanceService service, ServiceMetrics metrics, ServeSettings settings)
      throws IOException {
    this.service = service;
    this.metrics = metrics;
    this.settings = settings;
    this.server = HttpServer.create(new InetSocketAddress(settings.bindHost(), settings.port()),
        128);
    this.pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "provmr-serve-http");
      t.setDaemon(true);
      return t;
    });
    this.deadline = new ExchangeDeadline(settings.requestTimeoutMs(), metrics.requestsTimedOut);
    server.setExecutor(deadline.around(pool));
    // The JDK matches a context by prefix (/healthxyz, /status/../x would reach /health and
    // /status): each endpoint is one context whose handler checks the raw path is exactly its
    // own, so an encoded or dotted variant is not decoded into a match either.
    // Counted on arrival: every request to /notify, malformed ones included.
    exact("/notify", metrics.notifications::incrementAndGet, this::notifyJob);
    // Output names are anyone's who writes under a root, and Jackson escapes only the C0
    // controls: TerminalText escapes the rest (C1, DEL, bidi), all of which can only stand in
    // a string, where \\uXXXX is valid JSON; the pretty printer's line feeds are kept.
    exact("/status", () -> { }, (e, q) -> reply(e, 200, "application/json",
        TerminalText.escapeKeepingLines(JSON.writerWithDefaultPrettyPrinter()
            .writeValueAsString(service.status()))));
    exact("/metrics", () -> { }, (e, q) -> reply(e, 200, "text/plain; version=0.0.4",
        metrics.prometheus(service::queueDepth, service::runningCount, this::safeInbox)));
    exact("/health", () -> { }, (e, q) -> reply(e, 200, "text/plain", "ok\n"));
    server.createContext("/", ex -> handle(ex, HttpEndpoints::notFound));
  }

  /**
   * Serves {@code path} and nothing longer: no trailing slash, no sub-path; {@code arrived} runs
   * first for each request to it, before its query or secret is checked. Anything else under
   * the prefix is the same 404 as an unknown path, with a fixed body that echoes nothing of
   * the request.
   */
  private void exact(String path, Runnable arrived, Handler h) {
    server.createContext(path, ex -> {
      if (path.equals(ex.getRequestURI().getRawPath())) {
        arrived.run();
        handle(ex, h);
      } else {
        handle(ex, HttpEndpoints::notFound);
      }
    });
  }

  private static void notFound(HttpExchange ex, Map<String, String> query) throws IOException {
    reply(ex, 404, "text/plain", "not found: /notify, /status, /metrics, /health\n");
  }

  void start() {
    server.start();
    LOG.info("provmr serve listening on {}:{}", settings.bindHost(), port());
  }

  int port() {
    return server.getAddress().getPort();
  }

  void stop() {
    server.stop(0);
    pool.shutdownNow();
    deadline.stop();
  }

  private interface Handler {
    void handle(HttpExchange ex, Map<String, String> query) throws IOException;
  }

  private void handle(HttpExchange ex, Handler h) throws IOException {
    // Closed in finally, not by try-with-resources: that would close the exchange before the
    // catch below could send its 500, and the client would see a cut connection (the JDK's
    // client then sends the request again).
    try {
      String method = ex.getRequestMethod();
      if (!method.equals("GET") && !method.equals("POST") && !method.equals("HEAD")) {
        metrics.malformed.incrementAndGet();
        reply(ex, 405, "text/plain", "use GET (or POST)\n");
        return;
      }
      Map<String, String> q = query(ex);
      if (q == null) {
        metrics.malformed.incrementAndGet();
        reply(ex, 400, "text/plain", "malformed query string\n");
        return;
      }
      if (!authorized(ex, q)) {
        metrics.unauthorized.incrementAndGet();
        reply(ex, 401, "text/plain", "missing or wrong secret\n");
        return;
      }
      // Not through ex.setAttribute: the JDK keeps exchange attributes in the context, shared
      // by concurrent requests.
      h.handle(ex, q);
    } catch (IOException | RuntimeException e) {
      // The path only: the query can hold the shared secret (the notifier sends no headers).
      LOG.warn("Request {} failed: {}", ex.getRequestURI().getRawPath(), e.toString());
      try {
        reply(ex, 500, "text/plain", "internal error; see the service log\n");
      } catch (IOException | RuntimeException ignored) {
        // the response was already started: the client sees a cut connection
      }
    } finally {
      ex.close();
    }
  }

  private void notifyJob(HttpExchange ex, Map<String, String> q) throws IOException {
    String jobId = q.get("jobId");
    String status = q.get("jobStatus");
    if (jobId == null || !JOB_ID.matcher(jobId).matches() || status == null
        || !STATES.contains(status)) {
      metrics.malformed.incrementAndGet();
      reply(ex, 400, "text/plain", "expected ?jobId=job_<cluster>_<n>&jobStatus=SUCCEEDED|FAILED"
          + "|KILLED[&output=URI under a watched root]\n");
      return;
    }
    String given = q.get("output");
    Path output = null;
    if (given != null) {
      output = service.roots().accept(given);
      if (output == null || service.roots().throughLink(output)) {
        metrics.refused.incrementAndGet();
        // The request's words, decoded: escaped, so they neither act on a terminal tailing
        // the log nor forge log lines (a %0A in the query is a line feed here).
        LOG.warn("Refused notification for {}: output {} is not under a watched root (or is"
            + " reached through a symbolic link below one)", jobId, TerminalText.escape(given));
        reply(ex, 403, "text/plain", "refused: output is not under a watched root, or is"
            + " reached through a symbolic link\n");
        return;
      }
    }
    if (!status.equals("SUCCEEDED")) {
      metrics.ignoredStatus.incrementAndGet();
      reply(ex, 200, "text/plain", "ignored: job " + status + "\n");
      return;
    }
    // Full: notifications not yet resolved plus outputs waiting for a worker. 429 with
    // Retry-After, not a silent drop: Hadoop's notifier retries anything but 200, and the watch
    // scan finds the output anyway.
    if (service.journal().notificationCount() + service.queueDepth() >= settings.queueMax()) {
      metrics.rejectedBusy.incrementAndGet();
      ex.getResponseHeaders().set("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
      reply(ex, 429, "text/plain", "queue full (" + settings.queueMax() + "); retry after "
          + RETRY_AFTER_SECONDS + " s\n");
      return;
    }
    ObjectNode ev = JSON.createObjectNode();
    ev.put("jobId", jobId);
    ev.put("jobStatus", status);
    ev.put("received", System.currentTimeMillis());
    if (output != null) {
      ev.put("output", output.toString());
    }
    // On disk before the answer, and not cut half-way by the request's deadline.
    deadline.uninterrupted(() -> service.journal().addNotification(ev));
    service.requestDrain();
    // 200, not 202: Hadoop's notifiers (MRAppMaster, LocalJobRunner) treat anything else as a
    // failure and retry.
    reply(ex, 200, "text/plain", "accepted\n");
  }

  private boolean authorized(HttpExchange ex, Map<String, String> q) {
    if (settings.secret() == null) {
      return true;
    }
    String given = ex.getRequestHeaders().getFirst("X-ProvMR-Secret");
    if (given == null) {
      given = q.get("secret");
    }
    return given != null && MessageDigest.isEqual(new String(settings.secret())
        .getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
  }

  /** The query parameters, or null when malformed (too long, bad escapes, repeated names). */
  private static Map<String, String> query(HttpExchange ex) {
    String raw = ex.getRequestURI().getRawQuery();
    Map<String, String> q = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    if (raw.length() > MAX_QUERY) {
      return null;
    }
    try {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          return null;
        }
        String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (q.put(k, v) != null) {
          return null;
        }
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return q;
  }

  private long safeInbox() {
    return service.journal().notificationCount();
  }

  private static void reply(HttpExchange ex, int code, String type, String body)
      throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(code, head ? -1 : b.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(b);
      }
    }
  }
}
