package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ProvMR;
import org.provmr.testing.TestData;

/**
 * {@code provmr serve} as a real process: killed with SIGKILL while 2 outputs run and the rest
 * wait, then restarted on the same state directory; every output completes, none twice
 * (completed.log), and SIGTERM then stops it gracefully.
 */
class ServeKillIT {
  private static final int OUTPUTS = 22;
  private static final Pattern LISTENING = Pattern.compile("listening on (http://[^/]+)/");

  @TempDir
  Path tmp;

  @Test
  void killNineWithQueuedAndRunningOutputsResumesAndCompletesEachOnce() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    String text = TestData.text(conf, tmp.resolve("text"), 16 * 1024, 1).toString();
    Path root = tmp.resolve("data");
    List<String> outputs = new ArrayList<>();
    for (int i = 0; i < OUTPUTS; i++) {
      Path o = root.resolve("g" + i);
      TestData.Run r = TestData.provmr(conf, "run", "grep", "--input", text, "--output",
          o.toString(), "--regex", "^[a-" + (char) ('c' + i % 20) + "]");
      assertEquals(0, r.exitCode(), r.err());
      outputs.add("file:" + o);
    }
    Path state = tmp.resolve("state");
    Process first = serve(root, state, "first.log");
    String base = awaitListening(first, tmp.resolve("first.log"));
    // Every output goes through a sweep (a job): slow enough to be caught running. The scan
    // queues outputs one by one (each after the outputs its lineage reads) while the workers
    // already run, so wait until it has queued them all: then every output is done, running
    // or queued, and the kill below can be checked to lose none of them.
    JsonNode s = awaitStatus(base, st -> {
      try {
        return st.path("running").size() == 2 && st.path("queued").asInt() >= 15
            && completed(state).size() + 2 + st.path("queued").asInt() >= OUTPUTS - 1;
      } catch (IOException e) {
        return false; // a line being appended: ask again
      }
    });
    int queuedAtKill = s.path("queued").asInt();
    first.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertTrue(first.waitFor(30, TimeUnit.SECONDS));
    assertEquals(137, first.exitValue(), "killed by SIGKILL");
    int doneBeforeKill = completed(state).size();
    assertTrue(doneBeforeKill + 2 + queuedAtKill >= OUTPUTS - 1, "nothing was lost from view");

    Process second = serve(root, state, "second.log");
    String base2 = awaitListening(second, tmp.resolve("second.log"));
    awaitStatus(base2, st -> {
      try {
        return completed(state).size() >= OUTPUTS && st.path("queued").asInt() == 0
            && st.path("running").size() == 0;
      } catch (IOException e) {
        return false;
      }
    });
    second.destroy(); // SIGTERM: graceful shutdown
    assertTrue(second.waitFor(60, TimeUnit.SECONDS));
    assertEquals(143, second.exitValue(), "stopped by SIGTERM after its shutdown hook");

    Map<String, Integer> times = new TreeMap<>();
    for (JsonNode r : completed(state)) {
      times.merge(r.path("output").asText(), 1, Integer::sum);
      assertEquals("clean", r.path("result").asText(), r.toString());
    }
    Map<String, Integer> once = new TreeMap<>();
    outputs.forEach(o -> once.put(o, 1));
    assertEquals(once, times, "every output completed exactly once across the kill");
    assertTrue(Files.readString(tmp.resolve("second.log")).contains("listening on"));
  }

  private Process serve(Path root, Path state, String log) throws IOException {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    return new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), ProvMR.class.getName(), "serve",
        "-D", "mapreduce.framework.name=local",
        "-D", "hadoop.tmp.dir=" + tmp.resolve("hadoop-tmp"),
        "-D", "provenance.validate.source.roots=" + TestData.tempRoot(),
        "-D", "provenance.serve.direct.max.bytes=0",
        "-D", "provenance.serve.max.concurrent=2",
        // the killed process's locks are stale after 2 s, not 10 min
        "-D", "provenance.lock.stale.timeout=2s",
        "-D", "provenance.serve.watch.interval=1h",
        "--port", "0", "--watch", root.toUri().toString(), "--state-dir", state.toString(),
        "--alerts-root", tmp.resolve("alerts").toUri().toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve(log).toFile()).start();
  }

  private static String awaitListening(Process p, Path log) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000; // a loaded CI machine starts JVMs slowly
    while (System.currentTimeMillis() < deadline && p.isAlive()) {
      Matcher m = LISTENING.matcher(Files.readString(log));
      if (m.find()) {
        return m.group(1);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("provmr serve did not start (" + (p.isAlive() ? "still running"
        : "exit " + p.exitValue()) + "):\n" + Files.readString(log));
  }

  private interface Check {
    boolean ok(JsonNode status);
  }

  private static JsonNode awaitStatus(String base, Check check) throws Exception {
    long deadline = System.currentTimeMillis() + 300_000;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      last = ServiceHarness.JSON.readTree(ServiceHarness.get(base, "/status").body());
      if (check.ok(last)) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("status never reached the expected state: " + last);
  }

  private static List<JsonNode> completed(Path state) throws IOException {
    List<JsonNode> lines = new ArrayList<>();
    Path log = state.resolve("completed.log");
    if (Files.exists(log)) {
      for (String l : Files.readAllLines(log)) {
        if (!l.isBlank()) {
          lines.add(ServiceHarness.JSON.readTree(l));
        }
      }
    }
    return lines;
  }
}
