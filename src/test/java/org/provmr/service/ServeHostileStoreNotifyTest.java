package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * A notification by job id is resolved by reading the job id of every output's store under the
 * roots, any owner's. A job.json of 200,000 nested arrays overflowed the dispatcher's stack
 * there: the error escaped the resolution, the notification stayed journaled for ever and so
 * did every later one (until /notify answered 429 to everyone). Now that store is read with
 * the store's bounded parser and counts as unreadable.
 */
class ServeHostileStoreNotifyTest {
  @TempDir
  Path tmp;

  @Test
  void aDeeplyNestedStoreUnderARootDoesNotStallTheNotificationsOfOtherJobs() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path hostile = Files.createDirectories(tmp.resolve("data/hostile/_provenance"));
    Files.writeString(hostile.resolveSibling("_SUCCESS"), "");
    Files.writeString(hostile.resolve("job.json"), "[".repeat(200_000));
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      String text = TestData.text(conf, tmp.resolve("text"), 4 * 1024, 1).toString();
      Path wc = h.root.resolve("wc");
      assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
          wc.toString()).exitCode());
      assertEquals(200, h.get("/notify?jobId=" + ServiceHarness.jobId(wc)
          + "&jobStatus=SUCCEEDED").code());
      for (ObjectNode r = h.next(); !r.path("output").asText().equals("file:" + wc); ) {
        r = h.next(); // the hostile output's own (failed) result may come first
      }
      assertTrue(h.service.awaitIdle(20_000), "the notification was never resolved");
      assertEquals(0.0, h.metric("provmr_serve_inbox_depth"), "nothing left journaled");
      assertEquals(0.0, h.metric("provmr_serve_events_unknown_job_total"), "wc's job found");
    }
  }
}
