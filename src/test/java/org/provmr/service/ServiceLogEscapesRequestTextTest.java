package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * What a request or an output says reaches the service's log escaped: a refused /notify output
 * or a lock holder holding ESC sequences, an 8-bit CSI and line feeds neither acts on the
 * terminal that tails the log nor forges log lines.
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

  @Test
  void busyOutputLogsTheHolderItsLockFileNamesEscaped() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    CountDownLatch busy = new CountDownLatch(1);
    StringBuilder seen = new StringBuilder();
    AppenderSkeleton appender = new AppenderSkeleton() {
      @Override
      protected void append(LoggingEvent event) {
        String m = event.getRenderedMessage();
        if (m.startsWith("Busy, retrying later")) {
          seen.append(m);
          busy.countDown();
        }
      }

      @Override
      public void close() {
      }

      @Override
      public boolean requiresLayout() {
        return false;
      }
    };
    Logger logger = Logger.getLogger(ProvenanceService.class);
    Level level = logger.getLevel();
    logger.setLevel(Level.INFO); // as with PROVMR_LOG_LEVEL=INFO: the line is at INFO
    logger.addAppender(appender);
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
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
      assertTrue(busy.await(60, TimeUnit.SECONDS), "the output was never found busy");
    } finally {
      logger.removeAppender(appender);
      logger.setLevel(level);
    }
    assertFalse(seen.toString().contains("\u001b") || seen.toString().contains("\u009b")
        || seen.toString().contains("\n"), seen.toString());
    assertTrue(seen.toString().contains("(pid 1, user etl\\u001B]0;owned\\u0007\\u009B2J"
        + "\\u000Aforged line)"), seen.toString());
  }
}
