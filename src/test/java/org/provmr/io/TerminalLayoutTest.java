package org.provmr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.log4j.Appender;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/**
 * Log lines quote what outputs and requests say: every appender of the command line's and the
 * service's log4j configuration writes them escaped, one line an event.
 */
class TerminalLayoutTest {
  private static final String HOSTILE = "evil.Cls\u001b]0;owned\u0007 \u009b2J\n12:00:00 INFO"
      + " forged";

  /** A WARN as RecomputeManager logs a refusal, with a cause quoting the store too. */
  private static LoggingEvent refusal() {
    Logger l = Logger.getLogger("org.provmr.recompute.RecomputeManager");
    return new LoggingEvent(Logger.class.getName(), l, Level.WARN, "Recompute run r1: the"
        + " store names class " + HOSTILE, new IOException("caused by " + HOSTILE));
  }

  @Test
  void theCommandLinesStandardErrorAppendersEscapeMessagesAndStackTraces() {
    for (Appender a : List.of(Logger.getRootLogger().getAppender("stderr"),
        Logger.getLogger("org.apache.hadoop.mapred.LocalJobRunner").getAppender("stderrerrors"))) {
      assertTrue(a.getLayout() instanceof TerminalLayout, a.getName() + ": " + a.getLayout());
      String written = a.getLayout().format(refusal());
      assertFalse(written.contains("\u001b") || written.contains("\u0007")
          || written.contains("\u009b"), written);
      List<String> lines = written.lines().toList();
      assertTrue(lines.get(0).endsWith("WARN RecomputeManager: Recompute run r1: the store names"
          + " class evil.Cls\\u001B]0;owned\\u0007 \\u009B2J\\u000A12:00:00 INFO forged"),
          lines.get(0));
      assertEquals("java.io.IOException: caused by evil.Cls\\u001B]0;owned\\u0007 \\u009B2J"
          + "\\u000A12:00:00 INFO forged", lines.get(1));
      assertTrue(lines.get(2).startsWith("\tat org.provmr.io.TerminalLayoutTest.refusal"),
          lines.get(2));
      assertFalse(a.getLayout().ignoresThrowable(), "the appender would add the raw trace");
    }
  }

  @Test
  void theServicesRollingLogUsesTheEscapingLayout() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(Path.of("conf/provmr-serve-log4j.properties"))) {
      p.load(in);
    }
    assertEquals(TerminalLayout.class.getName(), p.getProperty("log4j.appender.RFA.layout"));
  }
}
