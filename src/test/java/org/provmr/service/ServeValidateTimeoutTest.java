package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.progress.JobProgress;
import org.provmr.store.OutputLocks;
import org.provmr.testing.LogLines;
import org.provmr.testing.SlowOpeningFileSystem;
import org.provmr.testing.TestData;

/**
 * provenance.serve.validate.timeout: a validation that outlives the limit is stopped (the
 * in-process check at its next unit, a validation job killed), leaves no alerts or report
 * behind and releases the output's lock; the worker goes on with the next output, and the
 * output is tried again like a failure, then recorded {@code timed_out}. Real wordcount
 * outputs, real validations, the real sweep; the service reads them through a local file
 * system whose every open of a part takes 200 ms, so each validation outlives its limit on any machine
 * (a whole sweep of a small output took under a second on an idle one).
 */
class ServeValidateTimeoutTest {
  /** The key by name: the test is older than the constant. */
  private static final String KEY = "provenance.serve.validate.timeout";
  private static final String TIMED_OUT = "provmr_serve_validations_timed_out_total";

  @TempDir
  Path tmp;

  @Test
  void anInProcessCheckPastTheLimitIsStoppedAndTheWorkerTakesTheNextOutput() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_MAX_CONCURRENT, "1"); // one worker: b waits for a's worker
    conf.set(KEY, "1ms");
    List<Path> outputs = wordcounts(conf, 4, "a", "b");
    SlowOpeningFileSystem.install(conf); // the service's reads, not the outputs' writing
    try (ServiceHarness h = new ServiceHarness(tmp, conf);
        LogLines warn = LogLines.of(ProvenanceService.class, Level.WARN, "Validation of ")) {
      h.start();
      Map<String, ObjectNode> last = lastResults(h, 2);
      for (Path out : outputs) {
        ObjectNode r = last.get(out.getFileName().toString());
        assertEquals("timed_out", r.path("result").asText(), r.toString());
        assertTrue(r.path("error").asText().contains(KEY), r.toString());
      }
      // Each tried three times (the failure rule), each attempt stopped and counted.
      assertEquals(6.0, h.metric(TIMED_OUT));
      assertTrue(h.get("/metrics").body().contains("# HELP " + TIMED_OUT + " "));
      assertEquals(6, warn.lines().size(), String.join("\n", warn.lines()));
      for (String line : warn.lines()) {
        assertTrue(line.contains("1 ms") && line.contains(KEY)
            && (line.contains("/data/a") || line.contains("/data/b")), line);
      }
      // At once: the checking threads were waited for before the lock was released.
      assertEquals(List.of(), validationThreads(), "checking threads still running");
      assertStopped(conf, h, outputs);
      assertEquals(0.0, h.metric("provmr_serve_validations_total{mode=\"direct\"}"),
          "no in-process check counted as done");
    }
  }

  @Test
  void aValidationJobPastTheLimitIsKilledAndLeavesNoRunBehind() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_MAX_CONCURRENT, "1");
    conf.set(ProvenanceKeys.SERVE_DIRECT_MAX_BYTES, "0"); // swept,
    conf.set(ProvenanceKeys.VALIDATE_DIRECT_MAX_BYTES, "0"); // its validation as a job
    // One map task a unit: 24 parts, the source and the store, run one after the other by
    // LocalJobRunner.
    conf.set(ProvenanceKeys.VALIDATE_SPLIT_BYTES, "1");
    conf.set(KEY, "1s");
    List<Path> outputs = wordcounts(conf, 24, "c");
    SlowOpeningFileSystem.install(conf); // 24 parts: about 5 s of opens in the job
    try (ServiceHarness h = new ServiceHarness(tmp, conf);
        LogLines kills = LogLines.of(JobProgress.class, Level.WARN, "Interrupted while waiting")) {
      h.start();
      ObjectNode r = lastResults(h, 1).get("c");
      assertEquals("timed_out", r.path("result").asText(), r.toString());
      assertEquals(3.0, h.metric(TIMED_OUT));
      assertStopped(conf, h, outputs);
      assertTrue(kills.lines().stream().anyMatch(l -> l.contains("(provmr validate): killing")),
          "no attempt's validation job was killed: " + kills.lines());
    }
  }

  @Test
  void aNegativeLimitIsRefusedNamingTheKey() {
    Configuration conf = new Configuration();
    conf.set(KEY, "-1s");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> ServeSettings.of(conf, List.of(tmp.toUri().toString())));
    assertTrue(e.getMessage().contains(KEY + "='-1s'") && e.getMessage().contains("0 for no"),
        e.getMessage());
  }

  private List<Path> wordcounts(Configuration conf, int parts, String... names)
      throws Exception {
    String text = TestData.text(conf, tmp.resolve("text"), 64 * 1024, 1).toString();
    List<Path> made = new java.util.ArrayList<>();
    for (String name : names) {
      Path out = tmp.resolve("data").resolve(name);
      TestData.Run run = TestData.provmr(conf, "run", "wordcount", "-D",
          "mapreduce.job.reduces=" + parts, "--input", text, "--output", out.toString());
      assertEquals(0, run.exitCode(), run.err());
      made.add(out);
    }
    return made;
  }

  /** The final result of each of {@code n} outputs, by name (attempts before it are retries). */
  private static Map<String, ObjectNode> lastResults(ServiceHarness h, int n) throws Exception {
    Map<String, ObjectNode> byName = new HashMap<>();
    while (byName.size() < n) {
      ObjectNode r = h.next();
      byName.put(new org.apache.hadoop.fs.Path(r.path("output").asText()).getName(), r);
    }
    assertTrue(h.service.awaitIdle(60_000));
    return byName;
  }

  /**
   * Nothing of the stopped validations goes on or stays: no validation or job thread alive, no
   * file under the alerts root (no partial alerts or report), each output's lock free, no work
   * entry left and the worker still alive (the service answers and is idle).
   */
  private void assertStopped(Configuration conf, ServiceHarness h, List<Path> outputs)
      throws Exception {
    long until = System.currentTimeMillis() + 20_000;
    List<String> alive = validationThreads();
    while (!alive.isEmpty() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
      alive = validationThreads();
    }
    assertEquals(List.of(), alive, "validation threads still running");
    assertEquals(List.of(), files(tmp.resolve("alerts")), "left in the alerts root");
    for (Path out : outputs) {
      OutputLocks.acquire(conf, List.of(new org.apache.hadoop.fs.Path(out.toUri())), "test")
          .close();
    }
    assertEquals(List.of(), h.service.journal().workKeys());
    assertEquals("ok\n", h.get("/health").body());
  }

  private static List<String> validationThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("provmr-validate-") || n.startsWith("LocalJobRunner"))
        .toList();
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
