package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * 1,000 notifications at once from 8 threads: duplicates of three real jobs (by job id and by
 * output), unknown jobs, paths outside the root or of another scheme, malformed requests and
 * failed jobs. Each real output is validated exactly once; every malformed request gets 400,
 * every refused one 403, and the counters say so; a real output outside the root is never
 * touched.
 */
class ServeBurstTest {
  @TempDir
  Path tmp;

  @Test
  void burstOfAThousandNotificationsValidatesEachRealOutputExactlyOnce() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    try (ServiceHarness h = new ServiceHarness(tmp, conf).start()) {
      String text = TestData.text(conf, tmp.resolve("text"), 32 * 1024, 1).toString();
      List<Path> outputs = List.of(h.root.resolve("a/grep"), h.root.resolve("b/wc"),
          h.root.resolve("c/d/grep2"));
      run(conf, "run", "grep", "--input", text, "--output", outputs.get(0).toString(),
          "--regex", "^[a-m]");
      run(conf, "run", "wordcount", "--input", text, "--output", outputs.get(1).toString());
      run(conf, "run", "grep", "--input", text, "--output", outputs.get(2).toString(),
          "--regex", "^[n-z]");
      Path outside = tmp.resolve("outside/wc"); // a real output, but not under the root
      run(conf, "run", "wordcount", "--input", text, "--output", outside.toString());

      List<String> requests = new ArrayList<>();
      Map<String, Integer> expected = new TreeMap<>();
      for (Path o : outputs) {
        String job = ServiceHarness.jobId(o);
        for (int i = 0; i < 200; i++) {
          requests.add("/notify?jobId=" + job + "&jobStatus=SUCCEEDED");
        }
        for (int i = 0; i < 50; i++) {
          requests.add("/notify?jobId=" + job + "&jobStatus=SUCCEEDED&output="
              + enc("file:" + o));
        }
      }
      expected.put("ok", requests.size()); // 750
      for (int i = 0; i < 50; i++) {
        requests.add("/notify?jobId=job_1700000000000_" + (9000 + i) + "&jobStatus=SUCCEEDED");
      }
      expected.merge("ok", 50, Integer::sum);
      String[] refused = {"file:" + outside, "file:" + h.root + "/../outside/wc",
          "hdfs://nn:8020" + h.root + "/a/grep", h.root + "/a/grep", "file:/etc"};
      for (int i = 0; i < 50; i++) {
        requests.add("/notify?jobId=job_1_1&jobStatus=SUCCEEDED&output="
            + enc(refused[i % refused.length]));
      }
      expected.put("refused", 50);
      String[] malformed = {"/notify", "/notify?jobId=job_1_1", "/notify?jobStatus=SUCCEEDED",
          "/notify?jobId=rm%20-rf&jobStatus=SUCCEEDED", "/notify?jobId=job_1_1&jobStatus=DONE",
          "/notify?jobId=job_1_1&jobStatus=SUCCEEDED&output",
          "/notify?jobId=job_1_1&jobId=job_1_2&jobStatus=SUCCEEDED", "/notify?&&"};
      for (int i = 0; i < 100; i++) {
        requests.add(malformed[i % malformed.length]);
      }
      expected.put("malformed", 100);
      for (int i = 0; i < 50; i++) {
        requests.add("/notify?jobId=job_1_" + i + "&jobStatus=FAILED");
      }
      expected.merge("ok", 50, Integer::sum);
      assertEquals(1000, requests.size());
      Collections.shuffle(requests, new Random(13));

      Map<Integer, AtomicInteger> codes = new ConcurrentHashMap<>();
      ExecutorService senders = Executors.newFixedThreadPool(8);
      List<Future<?>> sent = new ArrayList<>();
      for (String r : requests) {
        sent.add(senders.submit(() -> {
          int code = h.get(r).code();
          codes.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
          return null;
        }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
      senders.shutdown();
      assertTrue(h.service.awaitIdle(120_000), "the service worked through the burst");

      assertEquals(expected.get("ok"), codes.get(200).get(), codes.toString());
      assertEquals(expected.get("refused"), codes.get(403).get(), codes.toString());
      assertEquals(expected.get("malformed"), codes.get(400).get(), codes.toString());
      Map<String, Integer> validated = new TreeMap<>();
      for (ObjectNode r : h.results) {
        validated.merge(r.path("output").asText(), 1, Integer::sum);
        assertEquals("clean", r.path("result").asText(), r.toString());
      }
      Map<String, Integer> once = new TreeMap<>();
      outputs.forEach(o -> once.put("file:" + o, 1));
      assertEquals(once, validated, "each real output validated exactly once");
      assertEquals(1000.0, h.metric("provmr_serve_events_received_total"));
      assertEquals(100.0, h.metric("provmr_serve_events_malformed_total"));
      assertEquals(50.0, h.metric("provmr_serve_events_refused_total"));
      assertEquals(50.0, h.metric("provmr_serve_events_ignored_total"));
      assertTrue(h.metric("provmr_serve_events_unknown_job_total") >= 1);
      assertEquals(3.0, h.metric("provmr_serve_outputs_completed_total"));
      assertEquals(0.0, h.metric("provmr_serve_queue_depth"));
      assertFalse(Files.exists(outside.resolve("_provenance/lock")),
          "the output outside the root was never locked, let alone read");
      assertEquals("ok\n", h.get("/health").body(), "the service stays up");
    }
  }

  private static void run(Configuration conf, String... args) throws Exception {
    TestData.Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), r.err());
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
