package org.provmr.cache;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;

/**
 * What {@code provmr cache stats|gc|clear} does. Safe next to running jobs: a task replays an
 * entry through the one stream it opened and checked it from (EntryReplay), one that is gone
 * before is mapped, and a writer's temporary file is removed only once it is older than
 * {@link #TEMPORARY_AGE_MILLIS}.
 */
public final class CacheMaintenance {
  /** A temporary entry this old belongs to a task that died: an hour is far beyond a flush. */
  public static final long TEMPORARY_AGE_MILLIS = 3_600_000L;

  /** What the cache holds. */
  public record Stats(String dir, long entries, long bytes, long temporaries, long maxBytes,
      long oldest, long newest) {
  }

  /** What a gc removed. */
  public record Gc(long evicted, long evictedBytes, long temporariesRemoved, long bytesLeft,
      long maxBytes) {
  }

  private CacheMaintenance() {
  }

  /** The size budget, {@code provenance.cache.max.bytes}, checked. */
  public static long maxBytes(Configuration conf) {
    String raw = conf.getTrimmed(ProvenanceKeys.CACHE_MAX_BYTES,
        ProvenanceKeys.CACHE_MAX_BYTES_DEFAULT);
    try {
      long v = ByteSizes.of(conf, ProvenanceKeys.CACHE_MAX_BYTES,
          ProvenanceKeys.CACHE_MAX_BYTES_DEFAULT);
      if (v >= 0) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new BadConfigurationException(ProvenanceKeys.CACHE_MAX_BYTES, raw,
        "use a size such as 500m or 10g");
  }

  public static Stats stats(Configuration conf, Path dir) throws IOException {
    long entries = 0;
    long bytes = 0;
    long temporaries = 0;
    long oldest = Long.MAX_VALUE;
    long newest = 0;
    for (FileStatus f : files(conf, dir)) {
      if (isEntry(f.getPath())) {
        entries++;
        bytes += f.getLen();
        oldest = Math.min(oldest, f.getModificationTime());
        newest = Math.max(newest, f.getModificationTime());
      } else if (isTemporary(f.getPath())) {
        temporaries++;
      }
    }
    return new Stats(dir.toString(), entries, bytes, temporaries, maxBytes(conf),
        entries == 0 ? 0 : oldest, newest);
  }

  /**
   * Evicts least recently used entries (a replay touches its entry's modification time) until
   * the cache fits its budget, and removes temporaries of dead tasks.
   */
  public static Gc gc(Configuration conf, Path dir, long now) throws IOException {
    long max = maxBytes(conf);
    FileSystem fs = dir.getFileSystem(conf);
    List<FileStatus> entries = new ArrayList<>();
    long total = 0;
    long temporaries = 0;
    for (FileStatus f : files(conf, dir)) {
      if (isEntry(f.getPath())) {
        entries.add(f);
        total += f.getLen();
      } else if (isTemporary(f.getPath())
          && now - f.getModificationTime() > TEMPORARY_AGE_MILLIS && fs.delete(f.getPath(),
          false)) {
        temporaries++;
      }
    }
    entries.sort(Comparator.comparingLong(FileStatus::getModificationTime));
    long evicted = 0;
    long evictedBytes = 0;
    for (FileStatus f : entries) {
      if (total <= max) {
        break;
      }
      if (fs.delete(f.getPath(), false)) {
        evicted++;
        evictedBytes += f.getLen();
        total -= f.getLen();
      }
    }
    return new Gc(evicted, evictedBytes, temporaries, total, max);
  }

  /** Removes every entry; returns how many there were. */
  public static long clear(Configuration conf, Path dir) throws IOException {
    long n = stats(conf, dir).entries();
    Path layout = new Path(dir, MapOutputCache.LAYOUT);
    FileSystem fs = layout.getFileSystem(conf);
    if (fs.exists(layout) && !fs.delete(layout, true)) {
      throw new IOException("Could not delete " + layout);
    }
    return n;
  }

  private static List<FileStatus> files(Configuration conf, Path dir) throws IOException {
    Path layout = new Path(dir, MapOutputCache.LAYOUT);
    FileSystem fs = layout.getFileSystem(conf);
    List<FileStatus> all = new ArrayList<>();
    try {
      FileStatus top = fs.getFileStatus(layout);
      if (top.isDirectory() && !UntrustedFiles.isLink(top)) {
        walk(fs, layout, all);
      }
    } catch (FileNotFoundException e) {
      // an empty cache
    }
    return all;
  }

  /**
   * The files below {@code dir}, never through a symbolic link: jobs (their owners) write the
   * cache, and gc deletes what it lists with the rights of whoever runs it. Hadoop's recursive
   * listFiles follows a link on the local file system into another directory.
   */
  private static void walk(FileSystem fs, Path dir, List<FileStatus> into) throws IOException {
    FileStatus[] children;
    try {
      children = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return; // removed meanwhile (clear, or a step's last entry evicted)
    }
    for (FileStatus c : children) {
      if (UntrustedFiles.isLink(c)) {
        continue;
      }
      if (c.isDirectory()) {
        walk(fs, c.getPath(), into);
      } else {
        into.add(c);
      }
    }
  }

  static boolean isEntry(Path p) {
    return p.getName().matches("[0-9a-f]{64}");
  }

  static boolean isTemporary(Path p) {
    return p.getName().startsWith(".") && p.getName().endsWith(".tmp");
  }
}
