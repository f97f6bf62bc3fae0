package org.provmr.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;

/** A service on a free loopback port over a temp directory, with the sweep run in this JVM. */
final class ServiceHarness implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  final Configuration conf;
  final ProvenanceService service;
  final BlockingQueue<ObjectNode> results = new LinkedBlockingQueue<>();
  final Path root;

  ServiceHarness(Path tmp, Configuration conf) throws IOException {
    this(tmp, conf, ServiceHarness::sweep);
  }

  /** With {@code processor} as the sweep (tests that hold or count sweeps). */
  ServiceHarness(Path tmp, Configuration conf, OutputProcessor processor) throws IOException {
    this.conf = conf;
    this.root = tmp.resolve("data");
    root.toFile().mkdirs();
    conf.set(ProvenanceKeys.SERVE_PORT, "0");
    conf.set(ProvenanceKeys.SERVE_STATE_DIR, tmp.resolve("state").toString());
    conf.set(ProvenanceKeys.SERVE_ALERTS_ROOT, tmp.resolve("alerts").toUri().toString());
    if (conf.get(ProvenanceKeys.SERVE_WATCH_INTERVAL) == null) {
      conf.set(ProvenanceKeys.SERVE_WATCH_INTERVAL, "1h"); // only notifications, after start
    }
    service = new ProvenanceService(conf, ServeSettings.of(conf,
        List.of(root.toUri().toString())), processor);
    service.onCompleted(results::add);
  }

  static int sweep(Configuration c, org.apache.hadoop.fs.Path output,
      org.apache.hadoop.fs.Path alertsRoot) throws Exception {
    TestData.Run r = TestData.provmr(c, "sweep", "--output", output.toString(),
        "--alerts-root", alertsRoot.toString());
    if (r.exitCode() != 0) {
      System.err.println("sweep " + output + " exit " + r.exitCode() + "\n" + r.out() + r.err());
    }
    return r.exitCode();
  }

  /**
   * A committed wordcount output of a few KB, moved to {@code name} in the directory the
   * harness's root names ({@code tmp/data}), to be found by the service's scan at start.
   */
  static Path outputNamed(Path tmp, Configuration conf, String name) throws Exception {
    String text = TestData.text(conf, tmp.resolve("text"), 4 * 1024, 1).toString();
    Path made = tmp.resolve("made");
    TestData.Run r = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        made.toString());
    if (r.exitCode() != 0) {
      throw new AssertionError("wordcount exit " + r.exitCode() + ": " + r.err());
    }
    return Files.move(made, Files.createDirectories(tmp.resolve("data")).resolve(name));
  }

  ServiceHarness start() throws IOException {
    service.start();
    return this;
  }

  String base() {
    return "http://127.0.0.1:" + service.port();
  }

  String notificationUrl() {
    return base() + "/notify?jobId=$jobId&jobStatus=$jobStatus";
  }

  ObjectNode next() throws InterruptedException {
    ObjectNode r = results.poll(60, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no result within 60 s");
    }
    return r;
  }

  /** Response code and body of a GET. */
  record Response(int code, String body) {
  }

  Response get(String pathAndQuery) throws IOException {
    return get(base(), pathAndQuery);
  }

  static Response get(String base, String pathAndQuery) throws IOException {
    return get(base, pathAndQuery, 60_000);
  }

  /** A GET that fails with a SocketTimeoutException when no answer comes within timeoutMs. */
  static Response get(String base, String pathAndQuery, int timeoutMs) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(base + pathAndQuery).openConnection();
    c.setConnectTimeout(timeoutMs);
    c.setReadTimeout(timeoutMs);
    // One request a connection: the JDK client silently resends a GET on a kept-alive
    // connection the server closed, which would make one request count twice.
    c.setRequestProperty("Connection", "close");
    try {
      int code = c.getResponseCode();
      try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
        return new Response(code, in == null ? "" : new String(in.readAllBytes(),
            StandardCharsets.UTF_8));
      }
    } finally {
      c.disconnect();
    }
  }

  /** A counter or gauge of /metrics (the sample line whose name and labels are {@code name}). */
  double metric(String name) throws IOException {
    for (String line : get("/metrics").body().split("\n")) {
      if (line.startsWith(name + " ")) {
        return Double.parseDouble(line.substring(name.length() + 1));
      }
    }
    throw new AssertionError("no metric " + name);
  }

  JsonNode status() throws IOException {
    return JSON.readTree(get("/status").body());
  }

  static String jobId(Path output) throws IOException {
    return JSON.readTree(output.resolve("_provenance/job.json").toFile()).path("jobId").asText();
  }

  @Override
  public void close() throws IOException {
    try {
      service.stop();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping", e);
    }
  }
}
