package org.provmr.testing;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.impl.OpenFileParameters;

/**
 * The local file system, recording the path of every file opened for reading, in every task
 * of a local job (they run in this JVM): a test asserts on what was actually read, not only on
 * the result. Installed with {@link #install} as {@code fs.file.impl}, uncached so that no
 * plain LocalFileSystem cached earlier in the JVM is used instead.
 */
public class RecordingFileSystem extends LocalFileSystem {
  private static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

  public static void install(Configuration conf) {
    conf.setClass("fs.file.impl", RecordingFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
  }

  /** Local paths opened since the last {@link #clear}, sorted. */
  public static Set<String> opened() {
    return new TreeSet<>(OPENED);
  }

  public static void clear() {
    OPENED.clear();
  }

  private void record(Path f) {
    OPENED.add(makeQualified(f).toUri().getPath());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    record(f);
    return super.open(f, bufferSize);
  }

  @Override
  protected CompletableFuture<FSDataInputStream> openFileWithOptions(Path path,
      OpenFileParameters parameters) throws IOException {
    record(path);
    return super.openFileWithOptions(path, parameters);
  }
}
