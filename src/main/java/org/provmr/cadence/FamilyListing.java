package org.provmr.cadence;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;

/**
 * A family glob listed level by level within a budget of directory entries. A family comes
 * from a source URI a store records (crafted input): {@code /data/1/2/3/4/f-1.log} makes
 * {@code /data/*&#47;*&#47;*&#47;*&#47;f-*.log}, and Hadoop's globStatus walks and holds every
 * directory of every level of {@code /data} before the survey keeps 10,000 files of it.
 */
final class FamilyListing {
  private FamilyListing() {
  }

  /** Directory entries the families of one survey may still look at, together. */
  static final class Budget {
    private long left;

    Budget(long total) {
      left = total;
    }

    boolean spent() {
      return left <= 0;
    }
  }

  static List<FileStatus> list(FileSystem fs, Path glob, long maxEntries) throws IOException {
    return list(fs, glob, maxEntries, new Budget(Long.MAX_VALUE));
  }

  /**
   * The files {@code glob} matches, or null once listing it has looked at more than
   * {@code maxEntries} directory entries, or more than {@code total} has left (what it looked
   * at is taken from {@code total} either way).
   */
  static List<FileStatus> list(FileSystem fs, Path glob, long maxEntries, Budget total)
      throws IOException {
    long[] seen = {0};
    try {
      return walk(fs, glob, Math.min(maxEntries, total.left), seen);
    } finally {
      total.left -= seen[0];
    }
  }

  private static List<FileStatus> walk(FileSystem fs, Path glob, long maxEntries, long[] seen)
      throws IOException {
    String path = glob.toUri().getPath();
    String[] parts = path.split("/");
    int first = 1;
    while (first < parts.length && !isPattern(parts[first])) {
      first++;
    }
    Path base = new Path(glob.toUri().getScheme(), glob.toUri().getAuthority(),
        first == 1 ? "/" : String.join("/", java.util.Arrays.copyOf(parts, first)));
    List<FileStatus> current = new ArrayList<>();
    try {
      current.add(fs.getFileStatus(base));
    } catch (FileNotFoundException none) {
      return List.of();
    }
    for (int i = first; i < parts.length; i++) {
      boolean last = i == parts.length - 1;
      GlobPattern pattern = new GlobPattern(parts[i]);
      List<FileStatus> next = new ArrayList<>();
      for (FileStatus dir : current) {
        if (!dir.isDirectory()) {
          continue;
        }
        FileStatus[] children;
        try {
          children = fs.listStatus(dir.getPath());
        } catch (FileNotFoundException gone) {
          continue;
        }
        seen[0] += children.length;
        if (seen[0] > maxEntries) {
          return null;
        }
        for (FileStatus c : children) {
          if (pattern.matches(c.getPath().getName()) && (last || c.isDirectory())) {
            next.add(c);
          }
        }
      }
      current = next;
    }
    return current;
  }

  /**
   * Whether the glob can be walked a component at a time: no brace group spans a '/' (Hadoop
   * expands those first; such a glob is left to globStatus).
   */
  static boolean walkable(Path glob) {
    for (String c : glob.toUri().getPath().split("/")) {
      int depth = 0;
      for (int i = 0; i < c.length(); i++) {
        char ch = c.charAt(i);
        if (ch == '\\') {
          i++;
        } else if (ch == '{') {
          depth++;
        } else if (ch == '}') {
          depth--;
        }
      }
      if (depth != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isPattern(String component) {
    for (char c : component.toCharArray()) {
      if ("*?[]{}\\".indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }
}
