package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * provmr serve in this JVM on a loopback port: a job that names the service in
 * mapreduce.job.end-notification.url is validated with no command run; a part corrupted later is
 * found on the next notification, recomputed by the sweep, and the payload is the clean one.
 */
class ServeEndToEndTest {
  @TempDir
  Path tmp;

  @Test
  void jobEndNotificationLeadsToValidationAndACorruptedPartToARecompute() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    try (ServiceHarness h = new ServiceHarness(tmp, conf).start()) {
      String text = TestData.text(conf, tmp.resolve("text"), 64 * 1024, 2).toString();
      Path wc = h.root.resolve("wc");
      TestData.Run run = TestData.provmr(conf, "run", "wordcount",
          "-D", "mapreduce.job.end-notification.url=" + h.notificationUrl(),
          "--input", text, "--output", wc.toString(), "--reduces", "2");
      assertEquals(0, run.exitCode(), run.err());

      // LocalJobRunner calls the URL at the job's end, as MRAppMaster does on a cluster.
      ObjectNode first = h.next();
      assertEquals("file:" + wc, first.path("output").asText());
      assertEquals("clean", first.path("result").asText(), first.toString());
      assertEquals("direct", first.path("mode").asText(), "small: checked in the service's JVM");
      assertEquals(1.0, h.metric("provmr_serve_events_received_total"));
      assertEquals(1.0, h.metric("provmr_serve_validations_total{mode=\"direct\"}"));
      assertEquals(0.0, h.metric("provmr_serve_validations_total{mode=\"sweep\"}"));
      List<String> clean = Outputs.payload(conf, wc);

      Outputs.corrupt(wc.resolve("part-r-00000"));
      String job = ServiceHarness.jobId(wc);
      assertEquals(200, h.get("/notify?jobId=" + job + "&jobStatus=SUCCEEDED").code());
      ObjectNode second = h.next();
      assertEquals("direct+sweep", second.path("mode").asText(), second.toString());
      assertTrue(second.path("findings").path("checksum_mismatch").asLong() > 0,
          second.toString());
      assertEquals(0, second.path("sweepExit").asInt(), "clean after recompute");
      assertEquals("clean", second.path("result").asText());
      assertEquals(clean, Outputs.payload(conf, wc), "payload identical to the clean run");
      assertEquals(1.0, h.metric("provmr_serve_recomputes_total"));
      assertTrue(h.metric("provmr_serve_findings_total{type=\"checksum_mismatch\"}") > 0);

      // The same notification again: the recomputed output is what the service recorded.
      assertEquals(200, h.get("/notify?jobId=" + job + "&jobStatus=SUCCEEDED").code());
      assertTrue(h.service.awaitIdle(60_000));
      assertEquals(2.0, h.metric("provmr_serve_outputs_completed_total"));
      assertTrue(h.metric("provmr_serve_outputs_duplicate_total") >= 1);
      assertEquals(2.0, h.metric("provmr_serve_lag_seconds_count"));
      assertEquals("ok\n", h.get("/health").body());
      assertEquals("clean", h.status().path("lastResults").path(first.path("output").asText())
          .path("result").asText());
    }
  }
}
