package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * What the service does beyond "a new output, validate it": the priority/ sub-stream of an
 * output is checked first and its findings start the sweep before the main parts are read;
 * an output whose lineage reads another is queued after it and processed again when it
 * changes; an unchanged output is checked again after provenance.serve.revalidate.interval.
 */
class ServeFollowTest {
  @TempDir
  Path tmp;

  @Test
  void thePrioritySubstreamIsValidatedFirstAndItsFindingsStartTheSweep() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    String text = TestData.text(conf, tmp.resolve("text"), 32 * 1024, 2).toString();
    try (ServiceHarness h = new ServiceHarness(tmp, conf).start()) {
      Path wc = h.root.resolve("wc");
      // Fresh input: every record is younger than the first age band, so all go to priority/.
      TestData.Run run = TestData.provmr(conf, "run", "wordcount", "-D",
          "provenance.substream.by=age", "-D", "mapreduce.job.end-notification.url="
              + h.notificationUrl(), "--input", text, "--output", wc.toString());
      assertEquals(0, run.exitCode(), run.err());
      Path part = wc.resolve("priority/part-r-00000");
      assertTrue(Files.size(part) > 0, "the job routed its records to priority/");

      ObjectNode first = h.next();
      assertEquals("priority+direct", first.path("mode").asText(), first.toString());
      assertTrue(first.path("priority").path("partBytes").asLong() > 0, first.toString());
      assertEquals(0, first.path("priority").path("findings").asLong());
      assertEquals("clean", first.path("result").asText());
      assertEquals(1.0, h.metric("provmr_serve_validations_total{mode=\"priority\"}"));
      List<String> clean = Outputs.payload(conf, wc);

      Outputs.corrupt(part);
      assertEquals(200, h.get("/notify?jobId=" + ServiceHarness.jobId(wc)
          + "&jobStatus=SUCCEEDED").code());
      ObjectNode second = h.next();
      // The main parts were not read in the service: the priority findings went straight on.
      assertEquals("priority+sweep", second.path("mode").asText(), second.toString());
      assertTrue(second.path("priority").path("findings").asLong() > 0, second.toString());
      assertTrue(second.path("findings").path("checksum_mismatch").asLong() > 0);
      assertEquals(0, second.path("sweepExit").asInt(), "recomputed and clean: " + second);
      assertEquals(clean, Outputs.payload(conf, wc));
      assertEquals(1.0, h.metric("provmr_serve_validations_total{mode=\"direct\"}"));
    }
  }

  @Test
  void aDownstreamOutputIsQueuedAfterItsUpstreamAndFollowsItsChange() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_MAX_CONCURRENT, "2"); // room to run both at once
    String text = TestData.text(conf, tmp.resolve("text"), 32 * 1024, 2).toString();
    Path data = tmp.resolve("data");
    Path wc = data.resolve("wc");
    Path top = data.resolve("top");
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        wc.toString()).exitCode());
    assertEquals(0, TestData.provmr(conf, "run", "topk", "--input", wc.toString(), "--output",
        top.toString(), "--k", "5").exitCode());
    try (ServiceHarness h = new ServiceHarness(tmp, conf).start()) {
      // The start-up scan finds both; top reads wc, so it waits for wc's result.
      ObjectNode a = h.next();
      ObjectNode b = h.next();
      assertEquals("file:" + wc, a.path("output").asText(), "upstream first: " + a);
      assertEquals("file:" + top, b.path("output").asText());
      assertTrue(b.path("started").asLong() >= a.path("completed").asLong(),
          "top started after wc was done: " + a + " " + b);
      assertEquals("clean", a.path("result").asText(), a.toString());
      assertEquals("clean", b.path("result").asText(), b.toString());

      // wc is damaged and recomputed: top, unchanged itself, is processed again after it.
      Outputs.corrupt(wc.resolve("part-r-00000"));
      assertEquals(200, h.get("/notify?jobId=" + ServiceHarness.jobId(wc)
          + "&jobStatus=SUCCEEDED").code());
      ObjectNode c = h.next();
      assertEquals("file:" + wc, c.path("output").asText(), c.toString());
      assertEquals(0, c.path("sweepExit").asInt(), c.toString());
      ObjectNode d = h.next();
      assertEquals("file:" + top, d.path("output").asText(), d.toString());
      assertEquals("upstream changed: file:" + wc, d.path("reason").asText(), d.toString());
      assertTrue(d.path("started").asLong() >= c.path("completed").asLong());
      assertFalse(d.has("lagMillis"), "not a new version: no job-end lag");
      assertEquals(1.0, h.metric("provmr_serve_downstream_followed_total"));
      assertTrue(h.service.awaitIdle(60_000));
      assertEquals(4.0, h.metric("provmr_serve_outputs_completed_total"));
    }
  }

  @Test
  void anUnchangedOutputIsRevalidatedOnScheduleAndDamageThatKeepsItsIdentityIsFound()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_WATCH_INTERVAL, "200ms");
    conf.set(ProvenanceKeys.SERVE_REVALIDATE_INTERVAL, "3s");
    String text = TestData.text(conf, tmp.resolve("text"), 32 * 1024, 2).toString();
    Path wc = tmp.resolve("data").resolve("wc");
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
        wc.toString()).exitCode());
    try (ServiceHarness h = new ServiceHarness(tmp, conf).start()) {
      ObjectNode first = h.next();
      assertEquals("clean", first.path("result").asText(), first.toString());
      assertFalse(first.has("reason"));
      // Damage with the same length and modification time: the identity does not change, so
      // only the schedule brings the output back.
      Path part = wc.resolve("part-r-00000");
      FileTime mtime = Files.getLastModifiedTime(part);
      Outputs.corrupt(part);
      Files.setLastModifiedTime(part, mtime);
      long deadline = System.currentTimeMillis() + 30_000;
      while (h.metric("provmr_serve_outputs_duplicate_total") == 0
          && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      assertTrue(h.metric("provmr_serve_outputs_duplicate_total") > 0, "scans saw it unchanged");
      ObjectNode again = h.next();
      assertEquals("revalidate", again.path("reason").asText(), again.toString());
      assertTrue(again.path("started").asLong() - first.path("completed").asLong() >= 3000,
          "not before the interval: " + again);
      assertTrue(again.path("findings").path("checksum_mismatch").asLong() > 0, again.toString());
      assertEquals(0, again.path("sweepExit").asInt(), "recomputed: " + again);
      assertTrue(h.metric("provmr_serve_revalidations_total") >= 1);
    }
  }
}
