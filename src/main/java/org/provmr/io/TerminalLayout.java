package org.provmr.io;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.spi.LoggingEvent;
import org.apache.log4j.spi.ThrowableInformation;

/**
 * log4j's PatternLayout with every log line passed through {@link TerminalText}: messages
 * quote what outputs, lock files, stores and requests say (a class name a store names, the
 * holder of a lock, an output a request names), and a log goes to the terminal of a command or
 * is tailed. A message's own line feeds are escaped, so one event is one line and no line can
 * be forged; a throwable is written escaped, one line per frame, as PatternLayout's appender
 * would write it.
 */
public final class TerminalLayout extends PatternLayout {
  private static final String NL = System.lineSeparator();

  @Override
  public String format(LoggingEvent event) {
    String line = super.format(event);
    boolean nl = line.endsWith(NL);
    StringBuilder s = new StringBuilder(TerminalText.escape(nl
        ? line.substring(0, line.length() - NL.length()) : line));
    if (nl) {
      s.append(NL);
    }
    ThrowableInformation t = event.getThrowableInformation();
    if (t != null && t.getThrowable() != null) {
      trace(s, t.getThrowable());
    }
    return s.toString();
  }

  /**
   * The throwable and its causes as printStackTrace writes them (without its "... n more"),
   * built here rather than split from printStackTrace's text: a line feed in a message would
   * split into a line of its own there, forged.
   */
  private static void trace(StringBuilder s, Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    String prefix = "";
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      s.append(prefix).append(TerminalText.escape(c.toString())).append(NL);
      for (StackTraceElement e : c.getStackTrace()) {
        s.append("\tat ").append(TerminalText.escape(e.toString())).append(NL);
      }
      prefix = "Caused by: ";
    }
  }

  /** The throwable is part of {@link #format}'s lines, escaped, not written raw after them. */
  @Override
  public boolean ignoresThrowable() {
    return false;
  }
}
