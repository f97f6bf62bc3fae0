package org.provmr.testing;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.impl.OpenFileParameters;

/**
 * The local file system with every open of an output's part for reading taking
 * {@link #OPEN_MS}, as a far or busy store would: a validation of a few parts then takes
 * seconds on any machine, so a test of a time limit does not depend on how fast this one is,
 * while everything else (the lineage store, a job's set-up) opens at once. An interrupt
 * during the wait fails the open as an interrupted read does. Installed with {@link #install} as {@code fs.file.impl},
 * uncached (see {@link RecordingFileSystem}).
 */
public class SlowOpeningFileSystem extends LocalFileSystem {
  public static final long OPEN_MS = 200;

  public static void install(Configuration conf) {
    conf.setClass("fs.file.impl", SlowOpeningFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  private static void pause(Path f) throws InterruptedIOException {
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

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    pause(f);
    return super.open(f, bufferSize);
  }

  @Override
  protected CompletableFuture<FSDataInputStream> openFileWithOptions(Path path,
      OpenFileParameters parameters) throws IOException {
    pause(path);
    return super.openFileWithOptions(path, parameters);
  }
}
