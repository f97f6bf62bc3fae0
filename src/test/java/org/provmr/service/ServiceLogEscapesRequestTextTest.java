package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.LogLines;
import org.provmr.testing.TestData;

/**
 * What a request or an output says reaches the service's log escaped: a refused /notify output
 * or a lock holder holding ESC sequences, an 8-bit CSI and line feeds neither acts on the
 * terminal that tails the log nor forges log lines.
 */
class ServiceLogEscapesRequestTextTest {
  @TempDir
  Path tmp;

  private static void assertNoRawControls(String logged) {
    assertFalse(logged.contains("\u001b") || logged.contains("\u009b")
        || logged.contains("\n"), logged);
  }

  @Test
  void refusedNotificationLogsTheRequestedOutputEscaped() throws Exception {
    String hostile = "file:/elsewhere/\u001b]0;owned\u0007\u009b2J\n2026-12-06 10:00:00,000"
        + " INFO forged line";
    try (LogLines log = LogLines.of(HttpEndpoints.class, Level.WARN, "Refused notification");
         ServiceHarness h = new ServiceHarness(tmp, new Configuration(), (c, o, a) -> 0)
             .start()) {
      ServiceHarness.Response r = h.get("/notify?jobId=job_1_0001&jobStatus=SUCCEEDED&output="
          + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
      assertEquals(403, r.code(), r.body());
      String line = String.join("\n", log.lines());
      assertNoRawControls(line);
      assertTrue(line.contains("output file:/elsewhere/\\u001B]0;owned\\u0007\\u009B2J\\u000A"
          + "2026-12-06 10:00:00,000 INFO forged line is not under a watched root"), line);
    }
  }

  @Test
  void busyOutputLogsTheHolderItsLockFileNamesEscaped() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    // At INFO, as with PROVMR_LOG_LEVEL=INFO.
    try (LogLines log = LogLines.of(ProvenanceService.class, Level.INFO, "Busy, retrying");
         ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      String text = TestData.text(conf, tmp.resolve("text"), 4096, 1).toString();
      Path wc = h.root.resolve("wc");
      assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output",
          wc.toString()).exitCode());
      // A live lock whose holder is the output owner's words: _provenance/ is theirs.
      Path lock = Files.createDirectories(wc.resolve("_provenance/lock"));
      Files.writeString(lock.resolve("lock-0000000001"), "{\"token\":\"t\",\"host\":\"h\","
          + "\"pid\":1,\"user\":\"etl\\u001b]0;owned\\u0007\\u009b2J\\nforged line\","
          + "\"command\":\"recompute\",\"started\":0,\"released\":false}");
      assertEquals(200, h.get("/notify?jobId=" + ServiceHarness.jobId(wc)
          + "&jobStatus=SUCCEEDED&output=" + wc.toUri()).code());
      assertTrue(log.await(60), "the output was never found busy");
      String line = log.lines().get(0);
      assertNoRawControls(line);
      assertTrue(line.contains("(pid 1, user etl\\u001B]0;owned\\u0007\\u009B2J"
          + "\\u000Aforged line)"), line);
    }
  }
}
