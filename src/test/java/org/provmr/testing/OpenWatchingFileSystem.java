package org.provmr.testing;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.impl.OpenFileParameters;

/**
 * The local file system with a hook run before every open for reading, by either of the two
 * ways Hadoop opens a file (open, and the openFile builder): the base of the test file systems
 * that watch or slow what a command reads.
 */
public abstract class OpenWatchingFileSystem extends LocalFileSystem {
  /**
   * Makes {@code c} the {@code file:} file system of {@code conf}, uncached, so that no plain
   * LocalFileSystem cached earlier in the JVM is used instead.
   */
  static void install(Configuration conf, Class<? extends OpenWatchingFileSystem> c) {
    conf.setClass("fs.file.impl", c, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  /** Runs before {@code f} is opened for reading; throwing fails the open. */
  protected abstract void opening(Path f) throws IOException;

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    opening(f);
    return super.open(f, bufferSize);
  }

  @Override
  protected CompletableFuture<FSDataInputStream> openFileWithOptions(Path path,
      OpenFileParameters parameters) throws IOException {
    opening(path);
    return super.openFileWithOptions(path, parameters);
  }
}
