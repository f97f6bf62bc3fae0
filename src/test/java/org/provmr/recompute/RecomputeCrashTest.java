package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A crash at every step of the commit (an exception, and a killed JVM) loses nothing: each
 * part is always there, old or new, and running recompute again finishes the job.
 */
class RecomputeCrashTest {
  static final String PART = DamagedWordCount.PART;
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path cleanOutput;
  static List<String> cleanPayload;

  @TempDir
  Path tmp;
  Path wc;
  byte[] corrupted;

  @BeforeAll
  static void captureOnce() throws Exception {
    conf = TestData.localConf(shared);
    cleanOutput = DamagedWordCount.capture(conf, shared);
    cleanPayload = Outputs.payload(conf, cleanOutput);
  }

  @BeforeEach
  void damagedCopy() throws Exception {
    wc = DamagedWordCount.damagedCopy(conf, cleanOutput, tmp);
    corrupted = Files.readAllBytes(wc.resolve(PART));
  }

  private void assertNothingLost() throws IOException {
    for (String p : new String[] {"part-r-00000", PART, "part-r-00002"}) {
      assertTrue(Files.exists(wc.resolve(p)), p + " must exist, old or new");
    }
  }

  private void assertRerunCompletes() throws Exception {
    Run again = TestData.provmr(conf, "recompute", "--alerts", tmp.resolve("alerts").toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("after").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
    assertEquals(cleanPayload, Outputs.payload(conf, wc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal", "backup:" + PART, "swap:" + PART, "store", "done"})
  void crashAfterEachCommitStepLosesNothingAndARerunFinishes(String step) throws Exception {
    AlertLog log = AlertLog.read(conf, new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri()));
    List<String> seen = new ArrayList<>();
    RecomputeResult result = new RecomputeManager(conf, RecomputePolicy.defaults(), s -> {
      seen.add(s);
      if (s.equals(step)) {
        throw new IOException("injected crash after " + s);
      }
    }).run(log.alerts(), List.of(), List.of(), false);
    assertTrue(seen.contains(step), "the step happened: " + seen);
    assertFalse(result.succeeded());
    assertTrue(result.failed().values().iterator().next().contains("injected crash"));
    assertNothingLost();
    if (step.equals("journal") || step.startsWith("backup")) {
      assertArrayEquals(corrupted, Files.readAllBytes(wc.resolve(PART)), "not swapped yet");
    }
    assertRerunCompletes();
  }

  @Test
  void refusalBeforeAnySubJobLeavesTheOutputUntouched() throws Exception {
    AlertLog log = AlertLog.read(conf, new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri()));
    // An allow-list without Hadoop's classes: refused before any staging exists.
    Configuration strict = new Configuration(conf);
    strict.set("provenance.recompute.allowed.classes", "org.provmr.*");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(RefusedClassException.class,
        () -> new RecomputeManager(strict, RecomputePolicy.defaults())
            .run(log.alerts(), List.of(), List.of(), false));
    assertTrue(e.getMessage().contains("org.apache.hadoop"), e.getMessage());
    assertArrayEquals(corrupted, Files.readAllBytes(wc.resolve(PART)));
    assertFalse(Files.exists(wc.resolve("_provenance/recompute")));
    assertRerunCompletes();
  }

  @Test
  void killedJvmInTheMiddleOfTheSwapIsFinishedByTheNextRun() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator
        + "java";
    Process p = new ProcessBuilder(java, "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "--add-opens", "java.base/java.util=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), HaltingRecompute.class.getName(),
        tmp.resolve("scratch").toString(), tmp.resolve("alerts").toUri().toString(),
        "swap:" + PART)
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child finished");
    assertEquals(HaltingRecompute.HALTED, p.exitValue(), Files.readString(tmp.resolve(
        "child.log")));
    assertNothingLost();
    Path journals = wc.resolve("_provenance/recompute");
    assertTrue(Files.exists(journals) && Files.list(journals).findAny().isPresent(),
        "the killed run left its journal");
    // and its lock: the next run is busy until the lock is stale (aged here, as if
    // provenance.lock.stale.timeout had passed), then takes it over and finishes the commit
    Run busy = TestData.provmr(conf, "recompute", "--alerts", tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.BUSY, busy.exitCode(), busy.out() + busy.err());
    assertTrue(busy.err().contains("(pid " + p.pid() + ", "), busy.err());
    try (Stream<Path> locks = Files.list(wc.resolve("_provenance/lock"))) {
      for (Path l : locks.toList()) {
        Files.setLastModifiedTime(l, FileTime.fromMillis(
            System.currentTimeMillis() - 11 * 60_000));
      }
    }
    assertRerunCompletes();
  }

  /**
   * A run that stalls in its commit for longer than the lock's timeout: another run takes the
   * lock over as stale (and would finish this very journal). When the first wakes it must not
   * go on swapping parts and writing the store next to the new holder.
   */
  @Test
  void runWhoseLockIsTakenOverInTheMiddleOfItsCommitStopsAtItsNextStep() throws Exception {
    AlertLog log = AlertLog.read(conf, new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri()));
    Path lockDir = wc.resolve("_provenance/lock");
    List<org.provmr.store.OutputLocks> taker = new ArrayList<>();
    RecomputeResult result = new RecomputeManager(conf, RecomputePolicy.defaults(), s -> {
      if (s.equals("backup:" + PART)) { // stalled here: its lock ages, another takes it over
        try (Stream<Path> locks = Files.list(lockDir)) {
          for (Path l : locks.toList()) {
            Files.setLastModifiedTime(l, FileTime.fromMillis(
                System.currentTimeMillis() - 11 * 60_000));
          }
        }
        taker.add(org.provmr.store.OutputLocks.acquire(conf,
            List.of(new org.apache.hadoop.fs.Path(wc.toUri())), "recompute (took over)"));
      }
    }).run(log.alerts(), List.of(), List.of(), false);
    assertEquals(1, taker.size(), "the lock was taken over during the commit");
    assertFalse(result.succeeded());
    String why = result.failed().values().iterator().next();
    assertTrue(why.contains("Lost the lock on ") && why.contains("another command took it"
        + " over"), why);
    assertArrayEquals(corrupted, Files.readAllBytes(wc.resolve(PART)),
        "not swapped in after the lock was lost");
    assertTrue(Files.list(wc.resolve("_provenance/recompute")).findAny().isPresent(),
        "the journal is left for the holder of the lock to finish");
    taker.get(0).close();
    assertNothingLost();
    assertRerunCompletes();
  }
}
