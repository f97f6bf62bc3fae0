package org.provmr.store;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
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
 * the holder's token through {@link #passTo} and treats the holder's locks as its own: it
 * neither beats nor releases them, but {@link #checkHeld} checks them as it checks its own, so
 * that a sweep whose lock was taken over does not commit through the recompute it runs.
 */
public final class OutputLocks implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLocks.class);
  /** Internal: the token of the locks the command that started this one holds. */
  private static final String HELD_TOKEN = "provenance.lock.held.token";

  private final String token;
  private final List<LockFiles.Held> held;
  private final long timeoutMs;
  private final ScheduledExecutorService heartbeat;
  private volatile IOException lost;
  private boolean closed;

  private OutputLocks(String token, List<LockFiles.Held> held, long timeoutMs) {
    this.token = token;
    this.held = held;
    this.timeoutMs = timeoutMs;
    if (held.stream().allMatch(LockFiles.Held::inherited)) { // the parent beats those
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
    List<LockFiles.Held> taken = new ArrayList<>();
    try {
      for (Path output : sorted.values()) {
        taken.add(LockFiles.take(output.getFileSystem(conf), output, me, timeout));
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
    guardRead(conf, List.of(output));
  }

  /**
   * As {@link #requireNotBusy} for each of {@code outputs}, and returns what the reader checks
   * once it has read them: a writer that takes a lock after this check commits while the
   * reader reads.
   */
  public static ReadGuard guardRead(Configuration conf, Collection<Path> outputs)
      throws IOException {
    List<ReadGuard.Seen> seen = new ArrayList<>();
    for (Path output : outputs) {
      FileSystem fs = output.getFileSystem(conf);
      Path q = fs.makeQualified(output);
      LockFiles.Current cur = LockFiles.current(fs, lockDir(q));
      if (cur != null && !cur.isReleased() && !LockFiles.isMine(cur, conf.get(HELD_TOKEN))
          && !cur.isStale(staleTimeout(conf))) {
        throw LockFiles.busy(q, cur, staleTimeout(conf));
      }
      seen.add(new ReadGuard.Seen(fs, q, cur == null ? 0 : cur.number()));
    }
    return new ReadGuard(seen);
  }

  /**
   * Outputs' locks as a reader found them before reading: every take and every release adds a
   * number, so an unchanged number means no command held the lock since.
   */
  public static final class ReadGuard {
    private final List<Seen> seen;

    /** The highest lock file's number of {@code output} then, 0 for none. */
    private record Seen(FileSystem fs, Path output, long number) {
    }

    private ReadGuard(List<Seen> seen) {
      this.seen = List.copyOf(seen);
    }

    /**
     * Fails with {@link OutputBusyException} when another command took an output's lock since
     * {@link #guardRead}: the reader may have read some files before its commit and some after.
     */
    public void requireUnchanged() throws IOException {
      for (Seen s : seen) {
        LockFiles.Current cur = LockFiles.current(s.fs(), lockDir(s.output()));
        if ((cur == null ? 0 : cur.number()) != s.number()) {
          throw new OutputBusyException(s.output() + " was locked by " + (cur == null
              || cur.owner() == null ? "another command" : cur.owner().describe()) + " while"
              + " it was being read (" + (cur == null ? lockDir(s.output()) : cur.file())
              + "): what was read may mix the output before and after that command's commit,"
              + " so nothing of it is reported. Run again when that command has finished.");
        }
      }
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
  private static void release(List<LockFiles.Held> held, String token) throws IOException {
    IOException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        LockFiles.release(held.get(i), token);
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

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
    for (LockFiles.Held h : held) {
      try {
        LockFiles.Current cur = LockFiles.current(h.fs(), h.file().getParent());
        if (cur == null || cur.number() != h.number() || cur.isReleased()) {
          throw new IOException("Lost the lock on " + h.output() + ": "
              + (cur == null ? "its lock file " + h.file() + " is gone"
                  : "another command took it over (" + cur.file() + ")")
              + ". This process stalled for longer than " + ProvenanceKeys.LOCK_STALE_TIMEOUT
              + "; stopping before changing the output.");
        }
        // A contender that saw the lock stale may be about to take the next number; beating it
        // fresh now would not stop that, and both would commit. Three quarters of the timeout
        // (three missed beats) leaves a quarter as a margin for the contender's clock.
        if (cur.ageMs() > timeoutMs / 4 * 3) {
          throw new IOException("Lost the lock on " + h.output() + ": its heartbeat ("
              + cur.file() + ") is " + cur.ageMs() / 1000 + " s old, more than 3/4 of "
              + ProvenanceKeys.LOCK_STALE_TIMEOUT + " (" + timeoutMs / 1000 + " s). This"
              + " process stalled, and another command may be taking the lock over as stale;"
              + " stopping before changing the output. Run the command again.");
        }
        if (!h.inherited()) {
          h.fs().setTimes(h.file(), System.currentTimeMillis(), -1);
        }
      } catch (IOException e) {
        if (lost == null) {
          lost = e;
          LOG.error("{}", e.getMessage());
        }
      }
    }
  }

  static Path lockDir(Path output) {
    return LockFiles.dir(output);
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
}
