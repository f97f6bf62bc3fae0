package org.provmr.store;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.provmr.io.UntrustedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The numbered lock files of one output, {@code <output>/_provenance/lock/lock-<n>}: taking
 * the next number, reading the current one, releasing. The protocol is described in
 * {@link OutputLocks}; this class is only its file operations.
 */
final class LockFiles {
  private static final Logger LOG = LoggerFactory.getLogger(LockFiles.class);
  private static final String DIR = "lock";
  private static final String PREFIX = "lock-";
  /** Contenders that keep taking the number we tried: give up as busy rather than spin. */
  private static final int ATTEMPTS = 10;

  private LockFiles() {
  }

  static Path dir(Path output) {
    return new Path(LineageStore.dir(output), DIR);
  }

  /**
   * Takes the lock of {@code output}, or finds it held by {@code me}'s token already (an
   * {@link Held#inherited} lock, of the command that started this one).
   */
  static Held take(FileSystem fs, Path output, LockOwner me, long timeout)
      throws IOException {
    if (!fs.exists(LineageStore.dir(output))) {
      throw new FileNotFoundException("No lineage store in " + output + " to lock");
    }
    Path dir = dir(output);
    refuseLink(fs, LineageStore.dir(output));
    refuseLink(fs, dir);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Current cur = current(fs, dir);
      long next = 1;
      if (cur != null && cur.isReleased()) {
        next = cur.number + 1;
      } else if (cur != null) {
        if (isMine(cur, me.token())) {
          // Held by the command that started this one: shared, checked, never released here.
          return new Held(fs, output, cur.file, cur.number, true);
        }
        if (!cur.isStale(timeout)) {
          throw busy(output, cur, timeout);
        }
        // At WARN, so on the terminal of recompute and sweep: the holder is what the lock
        // file in the output says, escaped.
        LOG.warn("Taking over the stale lock {} of {}: {}, last heartbeat {} s ago (timeout {}"
            + " s)", cur.file, output, cur.owner == null ? "owner unknown"
            : TerminalText.escape(cur.owner.describe()), cur.ageMs() / 1000, timeout / 1000);
        next = cur.number + 1;
      }
      Path mine = new Path(dir, name(next));
      if (!ExclusiveFiles.createNew(fs, mine, StoreJson.mapper().writeValueAsBytes(me))) {
        continue; // another command took this number first: look again
      }
      Current after = current(fs, dir);
      if (after == null || after.number != next) {
        fs.delete(mine, false); // a newer number exists (we were slow): it is the lock
        continue;
      }
      for (FileStatus old : fs.listStatus(dir)) {
        long n = number(old.getPath().getName());
        if (n >= 0 && n < next) {
          fs.delete(old.getPath(), false);
        }
      }
      return new Held(fs, output, mine, next, false);
    }
    throw new OutputBusyException(output + " is contended: other commands kept taking its lock ("
        + dir + "). Nothing was done; run again later.");
  }

  /**
   * An output's owner could make its lock directory a link to another output's: commands on
   * the two would then share one lock, and a long recompute of one would keep the other's
   * writers out. A lock is only ever taken in the output's own directory.
   */
  private static void refuseLink(FileSystem fs, Path p) throws IOException {
    if (UntrustedFiles.isLocalLink(fs, p)) {
      throw new IOException(p + " is a symbolic link; ProvMR locks an output only in its own"
          + " " + LineageStore.DIR + "/" + DIR + " directory, never through a link found in"
          + " an output. Nothing was done. Remove the link and retry.");
    }
  }

  /** Releases {@code h} if it is still this token's: the next number, as a release marker. */
  static void release(Held h, String token) throws IOException {
    if (h.inherited) {
      return; // the command that started this one releases it
    }
    try {
      LockOwner owner = readOwner(h.fs, h.file);
      if (owner != null && token.equals(owner.token())) {
        Path marker = new Path(h.file.getParent(), name(h.number + 1));
        if (ExclusiveFiles.createNew(h.fs, marker,
            StoreJson.mapper().writeValueAsBytes(owner.asReleased()))) {
          h.fs.delete(h.file, false);
        } // else someone took the next number: the lock was already taken over
      }
    } catch (FileNotFoundException e) {
      // taken over and cleaned up by the next holder: nothing of ours to release
    }
  }

  static OutputBusyException busy(Path output, Current cur, long timeout) {
    return new OutputBusyException(output + " is locked by "
        + (cur.owner == null ? "a command whose lock file is still being written"
            : cur.owner.describe())
        + ", last heartbeat " + cur.ageMs() / 1000 + " s ago (" + cur.file + "). Nothing was"
        + " done; run again when it has finished. A lock whose heartbeat is older than "
        + ProvenanceKeys.LOCK_STALE_TIMEOUT + " (" + timeout / 1000 + " s) is taken over.");
  }

  static boolean isMine(Current cur, String token) {
    return token != null && cur.owner != null && !cur.owner.released()
        && token.equals(cur.owner.token());
  }

  private static String name(long number) {
    return String.format("%s%010d", PREFIX, number);
  }

  /** The highest-numbered lock file, or null; retried if it vanishes while being read. */
  static Current current(FileSystem fs, Path dir) throws IOException {
    for (int attempt = 0; ; attempt++) {
      FileStatus top = null;
      long topNumber = -1;
      FileStatus[] files;
      try {
        files = fs.listStatus(dir);
      } catch (FileNotFoundException e) {
        return null;
      }
      for (FileStatus f : files) {
        long n = number(f.getPath().getName());
        if (n > topNumber) {
          top = f;
          topNumber = n;
        }
      }
      if (top == null) {
        return null;
      }
      try {
        return new Current(top.getPath(), topNumber, top.getModificationTime(),
            readOwner(fs, top.getPath()));
      } catch (FileNotFoundException e) {
        if (attempt >= ATTEMPTS) {
          throw e;
        }
        // released while we looked: list again
      }
    }
  }

  private static LockOwner readOwner(FileSystem fs, Path file) throws IOException {
    try (InputStream in = UntrustedFiles.openRegularFile(fs, file)) {
      byte[] bytes = in.readNBytes(64 * 1024);
      return bytes.length == 0 ? null : StoreJson.mapper().readValue(bytes, LockOwner.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      return null; // being written (HDFS shows nothing until close) or damaged: owner unknown
    }
  }

  private static long number(String name) {
    if (!name.startsWith(PREFIX)) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  record Current(Path file, long number, long modified, LockOwner owner) {
    long ageMs() {
      return Math.max(0, System.currentTimeMillis() - modified);
    }

    boolean isStale(long timeout) {
      return ageMs() > timeout;
    }

    boolean isReleased() {
      return owner != null && owner.released();
    }
  }

  /**
   * A lock a command holds.
   *
   * @param inherited held by the command that started this one (same token): this command
   *     checks that it is still held, but neither beats nor releases it
   */
  record Held(FileSystem fs, Path output, Path file, long number, boolean inherited) {
  }
}
