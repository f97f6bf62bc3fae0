package org.provmr.store;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output at a time, across processes and machines: the locks a recompute or a
 * sweep holds on every output it may write, {@code <output>/_provenance/lock/lock-<n>}.
 *
 * <p>The state of an output's lock is its highest-numbered lock file: held by the owner it
 * names, or free when it is a release marker or stale. Taking the lock means creating the next
 * number with {@link ExclusiveFiles#createNew} (atomic on HDFS and the local file system): of
 * any contenders for one number exactly one succeeds, so taking over a stale lock needs no
 * rename and no second step that could race. A file is only ever deleted when a higher number
 * exists (release writes a marker with the next number rather than deleting), so the highest
 * number never goes down, and a contender that stalled between looking and creating finds a
 * higher number than its own when it looks again, and backs off.
 *
 * <p>The holder touches its file's modification time (the heartbeat) every quarter of
 * {@code provenance.lock.stale.timeout}; a lock whose heartbeat is older than that is stale
 * (its holder was killed or cut off) and the next command takes it over.
 * {@link #checkHeld} tells a holder that stalled for longer that it lost the lock.
 *
 * <p>Outputs are locked in one order (their qualified URIs, sorted), all or none, without
 * waiting: a command that finds one busy releases what it took and fails with
 * {@link OutputBusyException}, so two commands can neither deadlock nor both lose.
 *
 * <p>A command run by another in the same process (sweep runs validate and recompute) gets
 * the holder's token through {@link #passTo} and treats the holder's locks as its own.
 */
public final class OutputLocks implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLocks.class);
  /** Internal: the token of the locks the command that started this one holds. */
  private static final String HELD_TOKEN = "provenance.lock.held.token";
  static final String DIR = "lock";
  private static final String PREFIX = "lock-";
  /** Contenders that keep taking the number we tried: give up as busy rather than spin. */
  private static final int ATTEMPTS = 10;

  private final String token;
  private final List<Held> held;
  private final ScheduledExecutorService heartbeat;
  private volatile IOException lost;
  private boolean closed;

  private OutputLocks(String token, List<Held> held, long timeoutMs) {
    this.token = token;
    this.held = held;
    if (held.isEmpty()) {
      this.heartbeat = null;
      return;
    }
    this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "provmr-lock-heartbeat");
      t.setDaemon(true);
      return t;
    });
    long every = Math.max(1, timeoutMs / 4);
    heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * Locks every output in {@code outputs} (each must have a lineage store directory), in
   * sorted order, or none.
   *
   * @param command what the holder is doing, shown to whoever finds the outputs busy
   * @throws OutputBusyException when another command holds one of them
   */
  public static OutputLocks acquire(Configuration conf, Collection<Path> outputs, String command)
      throws IOException {
    long timeout = staleTimeout(conf);
    TreeMap<String, Path> sorted = new TreeMap<>();
    for (Path p : outputs) {
      Path q = p.getFileSystem(conf).makeQualified(p);
      sorted.put(q.toString(), q);
    }
    String inherited = conf.get(HELD_TOKEN);
    String token = inherited != null ? inherited : UUID.randomUUID().toString();
    LockOwner me = LockOwner.current(token, command);
    List<Held> taken = new ArrayList<>();
    try {
      for (Path output : sorted.values()) {
        Held h = take(output.getFileSystem(conf), output, me, timeout);
        if (h != null) {
          taken.add(h);
        }
      }
    } catch (IOException | RuntimeException e) {
      release(taken, token);
      throw e;
    }
    return new OutputLocks(token, taken, timeout);
  }

  /**
   * Fails with {@link OutputBusyException} when another command holds a live lock on
   * {@code output}: for readers whose result would be wrong while a writer commits
   * (validation).
   */
  public static void requireNotBusy(Configuration conf, Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path q = fs.makeQualified(output);
    Current cur = current(fs, lockDir(q));
    if (cur != null && !cur.isReleased() && !isMine(cur, conf.get(HELD_TOKEN))
        && !cur.isStale(staleTimeout(conf))) {
      throw busy(q, cur, staleTimeout(conf));
    }
  }

  /** Lets commands run with {@code child} (a copy of this command's configuration) share the locks. */
  public void passTo(Configuration child) {
    child.set(HELD_TOKEN, token);
  }

  /**
   * Heartbeats every lock now and fails if one was taken over (this process stalled for longer
   * than the stale timeout): call it before changing anything live.
   */
  public void checkHeld() throws IOException {
    beat();
    if (lost != null) {
      throw lost;
    }
  }

  /** Releases the locks this instance took (not those of the command that started it). */
  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (heartbeat != null) {
      heartbeat.shutdownNow();
    }
    release(held, token);
  }

  private synchronized void beat() {
    if (closed) {
      return;
    }
    for (Held h : held) {
      try {
        Current cur = current(h.fs, h.file.getParent());
        if (cur == null || cur.number != h.number || cur.isReleased()) {
          throw new IOException("Lost the lock on " + h.output + ": "
              + (cur == null ? "its lock file " + h.file + " is gone"
                  : "another command took it over (" + cur.file + ")")
              + ". This process stalled for longer than " + ProvenanceKeys.LOCK_STALE_TIMEOUT
              + "; stopping before changing the output.");
        }
        h.fs.setTimes(h.file, System.currentTimeMillis(), -1);
      } catch (IOException e) {
        if (lost == null) {
          lost = e;
          LOG.error("{}", e.getMessage());
        }
      }
    }
  }

  private static Held take(FileSystem fs, Path output, LockOwner me, long timeout)
      throws IOException {
    if (!fs.exists(LineageStore.dir(output))) {
      throw new FileNotFoundException("No lineage store in " + output + " to lock");
    }
    Path dir = lockDir(output);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Current cur = current(fs, dir);
      long next = 1;
      if (cur != null && cur.isReleased()) {
        next = cur.number + 1;
      } else if (cur != null) {
        if (isMine(cur, me.token())) {
          return null; // held by the command that started this one
        }
        if (!cur.isStale(timeout)) {
          throw busy(output, cur, timeout);
        }
        LOG.warn("Taking over the stale lock {} of {}: {}, last heartbeat {} s ago (timeout {}"
            + " s)", cur.file, output, cur.owner == null ? "owner unknown"
            : cur.owner.describe(), cur.ageMs() / 1000, timeout / 1000);
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
      return new Held(fs, output, mine, next);
    }
    throw new OutputBusyException(output + " is contended: other commands kept taking its lock ("
        + dir + "). Nothing was done; run again later.");
  }

  private static void release(List<Held> held, String token) throws IOException {
    IOException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      Held h = held.get(i);
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
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static OutputBusyException busy(Path output, Current cur, long timeout) {
    return new OutputBusyException(output + " is locked by "
        + (cur.owner == null ? "a command whose lock file is still being written"
            : cur.owner.describe())
        + ", last heartbeat " + cur.ageMs() / 1000 + " s ago (" + cur.file + "). Nothing was"
        + " done; run again when it has finished. A lock whose heartbeat is older than "
        + ProvenanceKeys.LOCK_STALE_TIMEOUT + " (" + timeout / 1000 + " s) is taken over.");
  }

  private static boolean isMine(Current cur, String token) {
    return token != null && cur.owner != null && !cur.owner.released()
        && token.equals(cur.owner.token());
  }

  private static String name(long number) {
    return String.format("%s%010d", PREFIX, number);
  }

  static Path lockDir(Path output) {
    return new Path(LineageStore.dir(output), DIR);
  }

  static long staleTimeout(Configuration conf) {
    long ms = conf.getTimeDuration(ProvenanceKeys.LOCK_STALE_TIMEOUT,
        ProvenanceKeys.LOCK_STALE_TIMEOUT_DEFAULT, TimeUnit.MILLISECONDS);
    if (ms <= 0) {
      throw new BadConfigurationException(ProvenanceKeys.LOCK_STALE_TIMEOUT,
          conf.get(ProvenanceKeys.LOCK_STALE_TIMEOUT), "use a positive duration such as 10m");
    }
    return ms;
  }

  /** The highest-numbered lock file, or null; retried if it vanishes while being read. */
  private static Current current(FileSystem fs, Path dir) throws IOException {
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
    try (InputStream in = fs.open(file)) {
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

  private record Current(Path file, long number, long modified, LockOwner owner) {
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

  private record Held(FileSystem fs, Path output, Path file, long number) {
  }
}
