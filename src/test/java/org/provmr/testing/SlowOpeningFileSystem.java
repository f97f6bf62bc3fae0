package org.provmr.testing;

import java.io.InterruptedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The local file system with every open of an output's part for reading taking
 * {@link #OPEN_MS}, as a far or busy store would: a validation of a few parts then takes
 * seconds on any machine, so a test of a time limit does not depend on how fast this one is,
 * while everything else (the lineage store, a job's set-up) opens at once. An interrupt
 * during the wait fails the open as an interrupted read does. Installed with {@link #install}
 * as {@code fs.file.impl}, uncached.
 */
public class SlowOpeningFileSystem extends OpenWatchingFileSystem {
  public static final long OPEN_MS = 200;

  public static void install(Configuration conf) {
    install(conf, SlowOpeningFileSystem.class);
  }

  @Override
  protected void opening(Path f) throws InterruptedIOException {
    if (!f.getName().startsWith("part-")) {
      return;
    }
    try {
      Thread.sleep(OPEN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while opening " + f);
    }
  }
}
