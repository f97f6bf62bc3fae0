package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * {@code bin/provmr-daemon start|status|stop} as an operator runs it, on the jar the package
 * phase built: start waits for "listening on" and writes the pid file, the service answers
 * {@code /health}, a second start is a no-op, stop is a graceful SIGTERM that the rolling log
 * records, and status then says "not running" with its documented exit code 3.
 */
class ProvmrDaemonIT {
  private static final Pattern PORT = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

  @TempDir
  Path tmp;

  @Test
  void startStatusStopRunTheServiceInTheBackgroundWithAPidFileAndARollingLog() throws Exception {
    Path state = Files.createDirectories(tmp.resolve("daemon"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    String[] serve = {"-D", "mapreduce.framework.name=local",
        "-D", "provenance.validate.source.roots=" + TestData.tempRoot(), "--port", "0",
        "--watch", data.toUri().toString(), "--state-dir", tmp.resolve("state").toString(),
        "--alerts-root", tmp.resolve("alerts").toUri().toString()};

    Result start = daemon(state, "start", serve);
    assertEquals(0, start.rc, start.out);
    Matcher m = PORT.matcher(start.out);
    assertTrue(m.find(), start.out);
    Path pidFile = state.resolve("provmr-serve.pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    try {
      assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      HttpResponse<String> health = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
          .build().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1)
              + "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, health.statusCode(), health.body());

      Result status = daemon(state, "status");
      assertEquals(0, status.rc, status.out);
      assertTrue(status.out.contains("running (pid " + pid + ")"), status.out);
      Result again = daemon(state, "start", serve);
      assertEquals(0, again.rc, again.out);
      assertTrue(again.out.contains("already running (pid " + pid + ")"), again.out);
    } finally {
      Result stop = daemon(state, "stop");
      assertEquals(0, stop.rc, stop.out);
      assertTrue(stop.out.contains("stopped (pid " + pid + ")"), stop.out);
    }
    assertTrue(ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    assertTrue(!Files.exists(pidFile), "the pid file is removed on stop");
    String log = Files.readString(state.resolve("provmr-serve.log"));
    assertTrue(log.contains("ProvenanceService: Stopped;"), log);

    Result status = daemon(state, "status");
    assertEquals(3, status.rc, status.out);
    assertTrue(status.out.contains("not running"), status.out);
    assertEquals(2, daemon(state, "restart").rc);
  }

  private record Result(int rc, String out) {
  }

  private static Result daemon(Path state, String command, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("bash", new File("bin/provmr-daemon")
        .getAbsolutePath(), command));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PROVMR_PID_DIR", state.toString());
    pb.environment().put("PROVMR_LOG_DIR", state.toString());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), command + " did not finish");
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
