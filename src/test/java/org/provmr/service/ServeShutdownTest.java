package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;

/**
 * The graceful stop SIGTERM runs: of two outputs running, the one that ends within
 * provenance.serve.shutdown.grace is recorded done; the one that does not is interrupted and
 * stays in the journal; the next start processes it (and only it), once.
 */
class ServeShutdownTest {
  @TempDir
  Path tmp;

  @Test
  void stopFinishesWhatEndsWithinTheGraceAndRequeuesTheRest() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_MAX_CONCURRENT, "2");
    conf.set(ProvenanceKeys.SERVE_DIRECT_MAX_BYTES, "0");
    conf.set(ProvenanceKeys.SERVE_SHUTDOWN_GRACE, "3s");
    String text = TestData.text(conf, tmp.resolve("text"), 16 * 1024, 1).toString();
    Path quick = tmp.resolve("data/quick");
    Path slow = tmp.resolve("data/slow");
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        quick.toString()).exitCode());
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        slow.toString()).exitCode());

    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch stopping = new CountDownLatch(1);
    Map<String, AtomicInteger> sweeps = new ConcurrentHashMap<>();
    OutputProcessor firstRun = (c, output, alerts) -> {
      sweeps.computeIfAbsent(output.getName(), k -> new AtomicInteger()).incrementAndGet();
      bothRunning.countDown();
      stopping.await(60, TimeUnit.SECONDS);
      if (output.getName().equals("quick")) {
        Thread.sleep(300); // ends within the grace
        return 0;
      }
      new CountDownLatch(1).await(); // never ends by itself: interrupted after the grace
      return 0;
    };
    String slowKey;
    String quickKey;
    ServiceHarness h = new ServiceHarness(tmp, conf, firstRun).start();
    try {
      assertTrue(bothRunning.await(60, TimeUnit.SECONDS));
      slowKey = OutputIdentity.keyOf("file:" + slow);
      quickKey = OutputIdentity.keyOf("file:" + quick);
      stopping.countDown();
      long t0 = System.nanoTime();
      h.service.stop();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertTrue(ms >= 2_500 && ms < 30_000, "waited for the grace, then stopped: " + ms);
      ObjectNode done = h.service.journal().done(quickKey);
      assertNotNull(done, "the quick one finished within the grace");
      assertEquals("clean", done.path("result").asText());
      assertEquals(List.of(slowKey), h.service.journal().workKeys(), "the slow one re-queued");
      assertNull(h.service.journal().done(slowKey));
    } finally {
      h.close();
    }

    OutputProcessor secondRun = (c, output, alerts) -> {
      sweeps.computeIfAbsent(output.getName(), k -> new AtomicInteger()).incrementAndGet();
      return 0;
    };
    try (ServiceHarness again = new ServiceHarness(tmp, conf, secondRun).start()) {
      ObjectNode r = again.next();
      assertEquals("file:" + slow, r.path("output").asText(), r.toString());
      assertEquals("clean", r.path("result").asText());
      assertTrue(again.service.awaitIdle(30_000));
      assertEquals(2, sweeps.get("slow").get(), "interrupted once, then run to its end");
      assertEquals(1, sweeps.get("quick").get(), "not again after the restart");
      assertTrue(again.service.journal().workKeys().isEmpty());
      List<String> log = Files.readAllLines(tmp.resolve("state/completed.log"));
      assertEquals(2, log.size(), String.join("\n", log));
    }
  }
}
