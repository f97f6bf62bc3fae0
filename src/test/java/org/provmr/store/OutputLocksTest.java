package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.log4j.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.LogLines;

/** The output lock on the local file system: exclusion, staleness, takeover, nesting. */
class OutputLocksTest {
  private static final long TEN_MINUTES = 10 * 60 * 1000L;

  @TempDir
  java.nio.file.Path tmp;
  Configuration conf;
  FileSystem fs;
  Path out;
  Path other;

  @BeforeEach
  void outputs() throws IOException {
    conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    // Not FileSystem.getLocal(conf): the JVM's cached local file system would keep this
    // configuration without Hadoop's defaults, and a later test class's FileContext rename
    // through it failed ("No AbstractFileSystem configured for scheme: file").
    fs = FileSystem.getLocal(new Configuration());
    out = output("a");
    other = output("b");
  }

  private Path output(String name) throws IOException {
    java.nio.file.Path dir = tmp.resolve(name);
    Files.createDirectories(dir.resolve(LineageStore.DIR));
    return new Path(dir.toUri());
  }

  private List<String> lockFiles(Path output) throws IOException {
    try (Stream<java.nio.file.Path> s = Files.list(java.nio.file.Path.of(
        OutputLocks.lockDir(output).toUri()))) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private void backdate(Path output, long ms) throws IOException {
    for (String f : lockFiles(output)) {
      fs.setTimes(new Path(OutputLocks.lockDir(output), f), System.currentTimeMillis() - ms, -1);
    }
  }

  @Test
  void takingOverAStaleLockLogsItsHolderEscaped() throws Exception {
    // The holder is what the lock file says, and an output's owner can write it.
    Files.createDirectories(java.nio.file.Path.of(OutputLocks.lockDir(out).toUri()));
    Files.writeString(java.nio.file.Path.of(OutputLocks.lockDir(out).toUri())
        .resolve("lock-0000000001"), "{\"token\":\"t\",\"host\":\"h\",\"pid\":1,"
        + "\"user\":\"etl\\u001b]0;owned\\u0007\\u009b2J\\nforged\",\"command\":\"recompute\","
        + "\"started\":0,\"released\":false}");
    backdate(out, 2 * TEN_MINUTES);
    try (LogLines log = LogLines.of(LockFiles.class, Level.WARN, "Taking over the stale lock");
         OutputLocks taken = OutputLocks.acquire(conf, List.of(out), "sweep")) {
      String line = String.join("|", log.lines());
      assertFalse(line.contains("\u001b") || line.contains("\u009b") || line.contains("\n"),
          line);
      assertTrue(line.contains("recompute on h (pid 1, user etl\\u001B]0;owned\\u0007\\u009B2J"
          + "\\u000Aforged)"), line);
    }
  }

  @Test
  void secondCommandIsBusyAndTheMessageNamesTheHolderAndTheLockFile() throws Exception {
    try (OutputLocks held = OutputLocks.acquire(conf, List.of(out), "recompute r1")) {
      OutputBusyException e = assertThrows(OutputBusyException.class,
          () -> OutputLocks.acquire(conf, List.of(out), "recompute r2"));
      String m = e.getMessage();
      assertTrue(m.contains("is locked by recompute r1 on "), m);
      assertTrue(m.contains("(pid " + ProcessHandle.current().pid() + ", user "), m);
      assertTrue(m.contains("lock-0000000001"), m);
      assertTrue(m.contains("Nothing was done"), m);
      assertTrue(m.contains(ProvenanceKeys.LOCK_STALE_TIMEOUT + " (600 s)"), m);
    }
  }

  @Test
  void releaseLeavesAMarkerWithTheNextNumberAndTheLockIsFreeAgain() throws Exception {
    OutputLocks.acquire(conf, List.of(out), "first").close();
    assertEquals(List.of("lock-0000000002"), lockFiles(out));
    try (OutputLocks second = OutputLocks.acquire(conf, List.of(out), "second")) {
      assertEquals(List.of("lock-0000000003"), lockFiles(out), "older numbers are cleaned up");
    }
    assertEquals(List.of("lock-0000000004"), lockFiles(out));
  }

  @Test
  void staleLockIsTakenOverAndItsHolderLearnsItLostTheLock() throws Exception {
    OutputLocks dead = OutputLocks.acquire(conf, List.of(out), "killed sweep");
    backdate(out, TEN_MINUTES + 60_000);
    try (OutputLocks next = OutputLocks.acquire(conf, List.of(out), "next sweep")) {
      assertEquals(List.of("lock-0000000002"), lockFiles(out));
      IOException lost = assertThrows(IOException.class, dead::checkHeld);
      assertTrue(lost.getMessage().contains("Lost the lock on " + fs.makeQualified(out)),
          lost.getMessage());
      dead.close(); // releasing a lost lock must not release the new holder's
      assertEquals(List.of("lock-0000000002"), lockFiles(out));
      assertThrows(OutputBusyException.class,
          () -> OutputLocks.acquire(conf, List.of(out), "third"));
    }
  }

  @Test
  void heartbeatKeepsALongRunningHolderFresh() throws Exception {
    try (OutputLocks held = OutputLocks.acquire(conf, List.of(out), "long recompute")) {
      backdate(out, 7 * 60_000); // a beat (every 2.5 minutes) late by 4.5 minutes
      held.checkHeld(); // beats
      long age = System.currentTimeMillis() - fs.getFileStatus(
          new Path(OutputLocks.lockDir(out), "lock-0000000001")).getModificationTime();
      assertTrue(age < 60_000, "touched " + age + " ms ago");
      assertThrows(OutputBusyException.class,
          () -> OutputLocks.acquire(conf, List.of(out), "would take over"));
    }
  }

  /** Runs {@link #afterLockListing} once, in the lister's thread, after it listed a lock directory. */
  public static class ListingHookFs extends LocalFileSystem {
    static volatile Runnable afterLockListing;

    @Override
    public FileStatus[] listStatus(Path f) throws IOException {
      FileStatus[] listed = super.listStatus(f);
      Runnable hook = afterLockListing;
      if (hook != null && f.getName().equals("lock")) {
        afterLockListing = null;
        hook.run();
      }
      return listed;
    }
  }

  /**
   * A holder that stalled past the timeout wakes while a contender, which has just seen its lock
   * stale, is about to take the next number: the holder must not beat the stale lock fresh and
   * go on committing, or both hold the output.
   */
  @Test
  void holderWhoseLockWentStaleLosesItEvenBeforeTheContenderTakesOver() throws Exception {
    OutputLocks holder = OutputLocks.acquire(conf, List.of(out), "stalled recompute");
    backdate(out, TEN_MINUTES + 60_000); // its whole process stalled: no heartbeat
    Configuration contenderConf = new Configuration(conf);
    contenderConf.setClass("fs.file.impl", ListingHookFs.class, FileSystem.class);
    contenderConf.setBoolean("fs.file.impl.disable.cache", true);
    List<IOException> holderCheck = new ArrayList<>();
    ListingHookFs.afterLockListing = () -> { // the contender has looked: the holder wakes
      try {
        holder.checkHeld();
        holderCheck.add(null);
      } catch (IOException e) {
        holderCheck.add(e);
      }
    };
    try (OutputLocks contender = OutputLocks.acquire(contenderConf, List.of(out), "sweep")) {
      assertEquals(List.of("lock-0000000002"), lockFiles(out), "the contender took over");
      assertEquals(1, holderCheck.size(), "the hook ran");
      assertTrue(holderCheck.get(0) != null, "the stalled holder's check passed while the"
          + " contender took the lock: both would commit");
      String m = holderCheck.get(0).getMessage();
      assertTrue(m.contains("Lost the lock on " + fs.makeQualified(out)) && m.contains(
          "lock-0000000001") && m.contains("stalled"), m);
      assertThrows(IOException.class, holder::checkHeld, "lost stays lost");
      contender.checkHeld();
    } finally {
      ListingHookFs.afterLockListing = null;
      holder.close();
    }
    assertEquals(List.of("lock-0000000003"), lockFiles(out), "the contender's release only");
  }

  @Test
  void lockFileStillBeingWrittenCountsAsHeldUntilItIsStale() throws Exception {
    Path empty = new Path(OutputLocks.lockDir(out), "lock-0000000007");
    assertTrue(ExclusiveFiles.createNew(fs, empty, new byte[0]));
    OutputBusyException e = assertThrows(OutputBusyException.class,
        () -> OutputLocks.acquire(conf, List.of(out), "x"));
    assertTrue(e.getMessage().contains("still being written"), e.getMessage());
    backdate(out, TEN_MINUTES + 60_000);
    OutputLocks.acquire(conf, List.of(out), "x").close();
    assertEquals(List.of("lock-0000000009"), lockFiles(out));
  }

  @Test
  void allOrNoneOneBusyOutputLeavesTheOthersUnlocked() throws Exception {
    try (OutputLocks b = OutputLocks.acquire(conf, List.of(other), "holder of b")) {
      assertThrows(OutputBusyException.class,
          () -> OutputLocks.acquire(conf, List.of(other, out), "wants a and b"));
      // a was taken first (sorted order) and released again
      assertDoesNotThrow(() -> OutputLocks.acquire(conf, List.of(out), "wants a").close());
    }
  }

  @Test
  void nestedCommandSharesItsParentsLocksAndDoesNotReleaseThem() throws Exception {
    try (OutputLocks sweep = OutputLocks.acquire(conf, List.of(out), "sweep")) {
      Configuration child = new Configuration(conf);
      sweep.passTo(child);
      OutputLocks.requireNotBusy(child, out);
      try (OutputLocks nested = OutputLocks.acquire(child, List.of(out, other), "recompute")) {
        assertEquals(List.of("lock-0000000001"), lockFiles(other), "other: newly taken");
      }
      assertEquals(List.of("lock-0000000001"), lockFiles(out), "still the sweep's");
      assertThrows(OutputBusyException.class, () -> OutputLocks.requireNotBusy(conf, out));
      assertThrows(OutputBusyException.class,
          () -> OutputLocks.acquire(conf, List.of(out), "another sweep"));
    }
    OutputLocks.requireNotBusy(conf, out);
  }

  /**
   * A sweep's recompute commits under the sweep's lock: if the sweep stalled and another command
   * took the lock over, the recompute's own check before committing must say so (it holds no
   * lock file of its own to look at).
   */
  @Test
  void nestedCommandLearnsThatItsParentsLockWasTakenOver() throws Exception {
    OutputLocks sweep = OutputLocks.acquire(conf, List.of(out), "sweep");
    Configuration child = new Configuration(conf);
    sweep.passTo(child);
    try (OutputLocks nested = OutputLocks.acquire(child, List.of(out), "recompute")) {
      nested.checkHeld(); // the sweep's, still held
      backdate(out, TEN_MINUTES + 60_000); // the sweep's process stalled
      try (OutputLocks next = OutputLocks.acquire(conf, List.of(out), "next sweep")) {
        IOException lost = assertThrows(IOException.class, nested::checkHeld);
        assertTrue(lost.getMessage().contains("Lost the lock on " + fs.makeQualified(out)
            + ": another command took it over (") && lost.getMessage().contains(
            "lock-0000000002"), lost.getMessage());
      }
    }
    assertEquals(List.of("lock-0000000003"), lockFiles(out), "next's release marker only");
    sweep.close();
    assertEquals(List.of("lock-0000000003"), lockFiles(out), "the lost lock is not released");
  }

  @Test
  void readersIgnoreStaleAndReleasedLocks() throws Exception {
    OutputLocks.requireNotBusy(conf, out); // never locked
    OutputLocks.acquire(conf, List.of(out), "done").close();
    OutputLocks.requireNotBusy(conf, out);
    OutputLocks dead = OutputLocks.acquire(conf, List.of(out), "killed");
    backdate(out, TEN_MINUTES + 1000);
    OutputLocks.requireNotBusy(conf, out);
    dead.close();
  }

  @Test
  void anOutputWithoutLineageStoreIsNotLockedAndNothingIsCreated() throws Exception {
    Path plain = new Path(tmp.resolve("plain").toUri());
    assertThrows(java.io.FileNotFoundException.class,
        () -> OutputLocks.acquire(conf, List.of(plain), "x"));
    assertFalse(Files.exists(tmp.resolve("plain")));
  }

  @Test
  void nonPositiveStaleTimeoutIsABadConfigurationNamingTheKey() {
    conf.set(ProvenanceKeys.LOCK_STALE_TIMEOUT, "0s");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> OutputLocks.acquire(conf, List.of(out), "x"));
    assertTrue(e.getMessage().contains(ProvenanceKeys.LOCK_STALE_TIMEOUT), e.getMessage());
  }

  /** Many threads at once, repeatedly: exactly one holder each round, on a free lock and a stale one. */
  @Test
  void contendersRacingForAFreeOrAStaleLockHaveExactlyOneWinner() throws Exception {
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 20; round++) {
        boolean stale = round % 2 == 1;
        OutputLocks old = null;
        if (stale) {
          old = OutputLocks.acquire(conf, List.of(out), "killed");
          backdate(out, TEN_MINUTES + 1000);
        }
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<OutputLocks>> tries = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          tries.add(pool.submit(() -> {
            start.await();
            try {
              return OutputLocks.acquire(conf, List.of(out), "contender");
            } catch (OutputBusyException e) {
              return null;
            }
          }));
        }
        List<OutputLocks> winners = new ArrayList<>();
        for (Future<OutputLocks> f : tries) {
          if (f.get() != null) {
            winners.add(f.get());
          }
        }
        assertEquals(1, winners.size(), "round " + round + (stale ? " (stale)" : " (free)"));
        winners.get(0).checkHeld();
        winners.get(0).close();
        if (old != null) {
          old.close();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void lockDirectoryThatIsALinkToAnotherOutputsIsRefusedAndNothingIsWrittenThere()
      throws Exception {
    java.nio.file.Path otherLocks = java.nio.file.Path.of(OutputLocks.lockDir(other).toUri());
    Files.createDirectories(otherLocks);
    Files.createSymbolicLink(java.nio.file.Path.of(OutputLocks.lockDir(out).toUri()),
        otherLocks);
    IOException e = assertThrows(IOException.class,
        () -> OutputLocks.acquire(conf, List.of(out), "recompute"));
    assertTrue(e.getMessage().contains("is a symbolic link") && e.getMessage().contains(
        "Remove the link"), e.getMessage());
    assertEquals(List.of(), lockFiles(other), "no lock taken in the other output");
    try (OutputLocks o = OutputLocks.acquire(conf, List.of(other), "validate")) {
      assertEquals(List.of("lock-0000000001"), lockFiles(other), "the other output is free");
    }
  }
}
