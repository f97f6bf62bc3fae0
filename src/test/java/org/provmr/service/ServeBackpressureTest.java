package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;

/**
 * Bounded concurrency and backpressure: with provenance.serve.max.concurrent=2 never more than
 * two outputs are processed at once; with the queue at provenance.serve.queue.max a notification
 * is answered 429 with Retry-After (Hadoop's notifier retries it) and counted; once the queue
 * drains the same notification is accepted; every output is processed exactly once.
 */
class ServeBackpressureTest {
  private static final int OUTPUTS = 6;

  @TempDir
  Path tmp;

  @Test
  void aFullQueueAnswers429WithRetryAfterAndNoMoreThanMaxConcurrentRun() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_MAX_CONCURRENT, "2");
    conf.set(ProvenanceKeys.SERVE_QUEUE_MAX, "3");
    conf.set(ProvenanceKeys.SERVE_DIRECT_MAX_BYTES, "0"); // every output to the (held) sweep
    String text = TestData.text(conf, tmp.resolve("text"), 16 * 1024, 1).toString();
    Path data = tmp.resolve("data");
    Path first = data.resolve("wc0");
    TestData.Run run = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        first.toString());
    assertEquals(0, run.exitCode(), run.err());
    for (int i = 1; i < OUTPUTS; i++) {
      copy(first, data.resolve("wc" + i));
    }

    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger sweeps = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    OutputProcessor held = (c, output, alerts) -> {
      maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
      sweeps.incrementAndGet();
      try {
        release.await(60, TimeUnit.SECONDS);
      } finally {
        running.decrementAndGet();
      }
      return 0;
    };
    try (ServiceHarness h = new ServiceHarness(tmp, conf, held).start()) {
      // The start-up scan queues all six; two run, four wait: more than queue.max.
      long deadline = System.currentTimeMillis() + 60_000;
      while ((h.metric("provmr_serve_running") < 2 || h.metric("provmr_serve_queue_depth") < 4)
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertEquals(2.0, h.metric("provmr_serve_running"));
      assertEquals(4.0, h.metric("provmr_serve_queue_depth"));

      String notify = "/notify?jobId=" + ServiceHarness.jobId(first) + "&jobStatus=SUCCEEDED";
      HttpURLConnection c = (HttpURLConnection) new URL(h.base() + notify).openConnection();
      c.setRequestProperty("Connection", "close");
      assertEquals(429, c.getResponseCode());
      assertEquals("5", c.getHeaderField("Retry-After"));
      c.disconnect();
      assertEquals(1.0, h.metric("provmr_serve_events_rejected_busy_total"));
      assertTrue(h.get("/metrics").body().contains("# HELP provmr_serve_events_rejected_busy_total"
          + " Notifications answered 429 (queue full)\n"), "the help names the status sent");
      assertEquals(0.0, h.metric("provmr_serve_inbox_depth"), "a refused one is not journaled");
      Thread.sleep(300);
      assertEquals(2, running.get(), "the other four wait for a worker");

      release.countDown();
      Set<String> done = new HashSet<>();
      for (int i = 0; i < OUTPUTS; i++) {
        ObjectNode r = h.next();
        assertEquals("clean", r.path("result").asText(), r.toString());
        assertTrue(done.add(r.path("output").asText()), "processed twice: " + r);
      }
      assertTrue(h.service.awaitIdle(30_000));
      assertEquals(2, maxRunning.get(), "bounded by provenance.serve.max.concurrent");
      assertEquals(OUTPUTS, sweeps.get());

      // Drained: the same notification is accepted; the outputs are unchanged, nothing re-runs.
      assertEquals(200, h.get(notify).code());
      assertTrue(h.service.awaitIdle(30_000));
      assertEquals(OUTPUTS, sweeps.get());
      assertEquals((double) OUTPUTS, h.metric("provmr_serve_outputs_completed_total"));
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(t);
        } else {
          Files.copy(p, t, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
