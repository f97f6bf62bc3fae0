package org.provmr.testing;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The local file system that interrupts the reading thread when a chosen file is opened for
 * the n-th time, as a time limit that passes while a check reads that file would: the read
 * itself goes on as Hadoop's local streams do, never noticing. Whether the check then stops
 * does not depend on timing. Installed with {@link #install} as {@code fs.file.impl},
 * uncached; being a subclass, it also keeps reads on Hadoop's stream path (not the JDK
 * channel of {@code LocalReads}, which an interrupt closes).
 */
public class InterruptingFileSystem extends OpenWatchingFileSystem {
  private static volatile String target;
  private static volatile int at;
  private static final AtomicInteger OPENS = new AtomicInteger();

  /**
   * @param pathContains the file to watch, by a part of its path
   * @param open which of its opens (1: the first) interrupts
   */
  public static void install(Configuration conf, String pathContains, int open) {
    install(conf, InterruptingFileSystem.class);
    target = pathContains;
    at = open;
    OPENS.set(0);
  }

  /** How many times the watched file was opened. */
  public static int opens() {
    return OPENS.get();
  }

  @Override
  protected void opening(Path f) {
    String t = target;
    if (t != null && f.toString().contains(t) && OPENS.incrementAndGet() == at) {
      Thread.currentThread().interrupt();
    }
  }
}
