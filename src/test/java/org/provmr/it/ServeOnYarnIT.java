package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.service.ProvenanceService;
import org.provmr.service.ServeSettings;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * provmr serve next to a real cluster: the job-end notification URL is set in the cluster
 * configuration the client submits with (what a line of mapred-site.xml does), so the
 * MRAppMaster, in its YARN container, calls the service when the job ends. The service validates
 * the HDFS output with no command run; a part corrupted on HDFS and the next notification lead
 * to findings, a sweep (its jobs in the service's JVM, over HDFS), and a payload identical to
 * the clean run.
 */
class ServeOnYarnIT {
  static MiniClusters clusters;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws IOException {
    clusters = MiniClusters.shared(ServeOnYarnIT.class);
  }

  @AfterAll
  static void stop() throws IOException {
    clusters.close();
  }

  @Test
  void theApplicationMasterNotifiesTheServiceWhichValidatesAndRecomputesOnHdfs()
      throws Exception {
    Configuration conf = clusters.conf();
    String text = clusters.path("text");
    Run gen = TestData.provmr(conf, "generate", "--output", text, "--size", "64k", "--files",
        "2");
    assertEquals(0, gen.exitCode(), gen.err());

    Configuration serve = clusters.conf();
    serve.set(ProvenanceKeys.SERVE_PORT, "0");
    serve.set(ProvenanceKeys.SERVE_STATE_DIR, tmp.resolve("state").toString());
    serve.set(ProvenanceKeys.SERVE_ALERTS_ROOT, clusters.path("alerts"));
    serve.set(ProvenanceKeys.SERVE_WATCH_INTERVAL, "1h"); // only the AM's notification counts
    String data = clusters.path("data");
    clusters.fs().mkdirs(new org.apache.hadoop.fs.Path(data));
    BlockingQueue<ObjectNode> results = new LinkedBlockingQueue<>();
    ProvenanceService service = new ProvenanceService(serve,
        ServeSettings.of(serve, List.of(data)), (c, output, alerts) -> {
          // The sweep's three jobs (validate, recompute, revalidate) run in the service's JVM
          // over HDFS: on YARN they take a minute each on this small machine, and
          // CaptureOnYarnIT already recomputes in containers. The AM's notification is real.
          Configuration local = new Configuration(c);
          local.set(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME);
          local.setInt(org.apache.hadoop.mapreduce.Job.COMPLETION_POLL_INTERVAL_KEY, 100);
          Run sweep = TestData.provmr(local, "sweep", "--output", output.toString(),
              "--alerts-root", alerts.toString());
          System.err.println(sweep.out() + sweep.err());
          return sweep.exitCode();
        });
    service.onCompleted(results::add);
    service.start();
    try {
      String base = "http://127.0.0.1:" + service.port();
      // The cluster's setting (mapred-site.xml), not an option of the command.
      conf.set(MRJobConfig.MR_JOB_END_NOTIFICATION_URL,
          base + "/notify?jobId=$jobId&jobStatus=$jobStatus");
      String wc = data + "/wc";
      Run run = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output", wc,
          "--reduces", "2");
      assertEquals(0, run.exitCode(), run.err());

      ObjectNode first = next(results);
      assertEquals(wc, first.path("output").asText(), first.toString());
      assertEquals("clean", first.path("result").asText(), first.toString());
      assertEquals("direct", first.path("mode").asText());
      assertEquals(1.0, metric(base, "provmr_serve_events_received_total"), "the AM called");
      List<String> clean = payload(conf, wc);
      assertTrue(clean.size() > 100, "a real vocabulary: " + clean.size());

      org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(wc, "part-r-00001");
      FileSystem fs = clusters.fs();
      byte[] bytes = new byte[(int) fs.getFileStatus(part).getLen()];
      try (FSDataInputStream in = fs.open(part)) {
        in.readFully(bytes);
      }
      bytes[bytes.length / 2] ^= 0x5A;
      try (FSDataOutputStream out = fs.create(part, true)) {
        out.write(bytes);
      }
      String job = jobId(wc);
      assertTrue(job.matches("job_[0-9]+_[0-9]+"), "a YARN job id: " + job);
      assertEquals(200, get(base + "/notify?jobId=" + job + "&jobStatus=SUCCEEDED"));
      ObjectNode second = next(results);
      assertEquals("direct+sweep", second.path("mode").asText(), second.toString());
      assertTrue(second.path("findings").path("checksum_mismatch").asLong() > 0,
          second.toString());
      assertEquals(0, second.path("sweepExit").asInt(), "recomputed: " + second);
      assertEquals(clean, payload(conf, wc), "payload identical to the clean run");
      assertEquals(1.0, metric(base, "provmr_serve_recomputes_total"));
    } finally {
      service.stop();
    }
  }

  private static ObjectNode next(BlockingQueue<ObjectNode> results) throws InterruptedException {
    ObjectNode r = results.poll(120, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no result within 120 s");
    }
    return r;
  }

  private static String jobId(String output) throws IOException {
    try (java.io.InputStream in = clusters.fs().open(
        new org.apache.hadoop.fs.Path(output, "_provenance/job.json"))) {
      return new com.fasterxml.jackson.databind.ObjectMapper().readTree(in).path("jobId")
          .asText();
    }
  }

  private static List<String> payload(Configuration conf, String output) throws Exception {
    Run payload = TestData.provmr(conf, "inspect", output, "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    return Arrays.stream(payload.out().split("\n")).filter(l -> !l.isEmpty()).sorted()
        .collect(Collectors.toList());
  }

  private static int get(String url) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
    c.setRequestProperty("Connection", "close");
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }

  private static double metric(String base, String name) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(base + "/metrics").openConnection();
    c.setRequestProperty("Connection", "close");
    try (java.io.InputStream in = c.getInputStream()) {
      for (String line : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
          .split("\n")) {
        if (line.startsWith(name + " ")) {
          return Double.parseDouble(line.substring(name.length() + 1));
        }
      }
    } finally {
      c.disconnect();
    }
    throw new AssertionError("no metric " + name);
  }
}
