package org.provmr.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.log4j.AppenderSkeleton;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.spi.LoggingEvent;

/**
 * The messages one class logs that start with a prefix, as rendered (what a terminal tailing
 * the log shows), while open; its logger is set to {@code level} meanwhile.
 */
public final class LogLines extends AppenderSkeleton implements AutoCloseable {
  private final Logger logger;
  private final Level before;
  private final String prefix;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch first = new CountDownLatch(1);

  private LogLines(Class<?> c, Level level, String prefix) {
    this.logger = Logger.getLogger(c);
    this.before = logger.getLevel();
    this.prefix = prefix;
    logger.setLevel(level);
    logger.addAppender(this);
  }

  public static LogLines of(Class<?> c, Level level, String prefix) {
    return new LogLines(c, level, prefix);
  }

  @Override
  protected void append(LoggingEvent event) {
    String m = event.getRenderedMessage();
    if (m != null && m.startsWith(prefix)) {
      lines.add(m);
      first.countDown();
    }
  }

  /** The matching messages so far. */
  public List<String> lines() {
    return List.copyOf(lines);
  }

  /** Waits for the first matching message; false if none came within {@code seconds}. */
  public boolean await(long seconds) throws InterruptedException {
    return first.await(seconds, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    logger.setLevel(before);
  }

  @Override
  public boolean requiresLayout() {
    return false;
  }
}
