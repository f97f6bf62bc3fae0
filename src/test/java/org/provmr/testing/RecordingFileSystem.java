package org.provmr.testing;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The local file system, recording the path of every file opened for reading, in every task
 * of a local job (they run in this JVM): a test asserts on what was actually read, not only on
 * the result. Installed with {@link #install} as {@code fs.file.impl}, uncached so that no
 * plain LocalFileSystem cached earlier in the JVM is used instead.
 */
public class RecordingFileSystem extends OpenWatchingFileSystem {
  private static final Set<String> OPENED = ConcurrentHashMap.newKeySet();

  public static void install(Configuration conf) {
    install(conf, RecordingFileSystem.class);
  }

  /** Local paths opened since the last {@link #clear}, sorted. */
  public static Set<String> opened() {
    return new TreeSet<>(OPENED);
  }

  public static void clear() {
    OPENED.clear();
  }

  @Override
  protected void opening(Path f) {
    OPENED.add(makeQualified(f).toUri().getPath());
  }
}
