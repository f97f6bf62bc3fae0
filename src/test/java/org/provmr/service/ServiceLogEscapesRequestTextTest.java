package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a request says reaches the service's log escaped: a refused /notify output holding ESC
 * sequences, an 8-bit CSI and line feeds neither acts on the terminal that tails the log nor
 * forges log lines.
 */
class ServiceLogEscapesRequestTextTest {
  @TempDir
  Path tmp;

  @Test
  void refusedNotificationLogsTheRequestedOutputEscaped() throws Exception {
    String hostile = "file:/elsewhere/\u001b]0;owned\u0007\u009b2J\n2026-12-06 10:00:00,000"
        + " INFO forged line";
    StringWriter log = new StringWriter();
    WriterAppender appender = new WriterAppender(new PatternLayout("%m%n"), log);
    Logger logger = Logger.getLogger(HttpEndpoints.class);
    logger.addAppender(appender);
    try (ServiceHarness h = new ServiceHarness(tmp, new Configuration(), (c, o, a) -> 0)
        .start()) {
      ServiceHarness.Response r = h.get("/notify?jobId=job_1_0001&jobStatus=SUCCEEDED&output="
          + URLEncoder.encode(hostile, StandardCharsets.UTF_8));
      assertEquals(403, r.code(), r.body());
    } finally {
      logger.removeAppender(appender);
    }
    String line = log.toString().lines().filter(l -> l.startsWith("Refused notification"))
        .findFirst().orElseThrow(() -> new AssertionError(log.toString()));
    assertFalse(log.toString().contains("forged line\n") || log.toString().contains("\u001b")
        || log.toString().contains("\u009b"), log.toString());
    assertTrue(line.contains("output file:/elsewhere/\\u001B]0;owned\\u0007\\u009B2J\\u000A"
        + "2026-12-06 10:00:00,000 INFO forged line is not under a watched root"), line);
  }
}
