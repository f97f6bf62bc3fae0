package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * What {@code kill -9} of a run leaves (task output under _temporary, committed parts, a store
 * without job.json, no _SUCCESS) is named for what it is, blocks nothing silently, and is
 * removed by --overwrite-incomplete only; validate refuses it and refuses alerts inside inputs.
 */
class KilledRunTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;
  static Path committed;
  static List<String> cleanPayload;

  @TempDir
  Path tmp;
  Path killed;

  @BeforeAll
  static void runOnce() throws Exception {
    conf = TestData.localConf(shared);
    text = shared.resolve("text");
    TestData.text(conf, text, 16 * 1024, 1);
    committed = shared.resolve("wc");
    Run r = TestData.provmr(conf, "run", "wordcount", "--input", text.toString(), "--output",
        committed.toString(), "--reduces", "2");
    assertEquals(0, r.exitCode(), r.err());
    cleanPayload = Outputs.payload(conf, committed);
  }

  /** The committed output, made to look like a run killed in the middle of its job commit. */
  @BeforeEach
  void killedRun() throws IOException {
    killed = tmp.resolve("wc");
    FileUtils.copyDirectory(committed.toFile(), killed.toFile());
    Files.delete(killed.resolve("_SUCCESS"));
    Files.delete(killed.resolve("_provenance/job.json"));
    Path attempt = killed.resolve("_temporary/0/_temporary/attempt_local1_0001_r_000001_0");
    Files.createDirectories(attempt);
    Files.move(killed.resolve("part-r-00001"), attempt.resolve("part-r-00001"));
  }

  private Run rerun(String... extra) throws Exception {
    String[] base = {"run", "wordcount", "--input", text.toString(), "--output",
        killed.toString()};
    String[] all = new String[base.length + extra.length];
    all[0] = base[0];
    System.arraycopy(extra, 0, all, 1, extra.length); // generic options come first
    System.arraycopy(base, 1, all, 1 + extra.length, base.length - 1);
    return TestData.provmr(conf, all);
  }

  private void makeQuiet() throws IOException {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 5 * 60_000);
    try (Stream<Path> all = Files.walk(killed)) {
      for (Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  @Test
  void rerunOverAKilledRunSaysWhatIsThereAndHowToClearIt() throws Exception {
    Map<String, Integer> before = Outputs.snapshot(killed);
    Run r = rerun();
    assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
    for (String s : new String[] {"has no lineage store (_provenance/job.json) and no _SUCCESS",
        "an incomplete output holding _temporary/ (1 files of task attempts)",
        "1 part (part-r-00000)", "_provenance/ without job.json", "A killed run leaves this",
        "hadoop fs -rm -r", "--overwrite-incomplete"}) {
      assertTrue(r.err().contains(s), "'" + s + "' not in: " + r.err());
    }
    assertEquals(before, Outputs.snapshot(killed), "nothing touched");
  }

  @Test
  void overwriteIncompleteRemovesTheKilledRunAndTheRerunCommits() throws Exception {
    makeQuiet();
    Run r = rerun("--overwrite-incomplete");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("Removed incomplete output"), r.out());
    assertFalse(Files.exists(killed.resolve("_temporary")));
    assertEquals(cleanPayload, Outputs.payload(conf, killed));
    Run v = TestData.provmr(conf, "validate", "--output", killed.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
  }

  @Test
  void overwriteIncompleteRefusesAnOutputThatChangedJustNow() throws Exception {
    Map<String, Integer> before = Outputs.snapshot(killed);
    Run r = rerun("--overwrite-incomplete");
    assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains("--overwrite-incomplete: Not deleting"), r.err());
    assertTrue(r.err().contains("a job may still be writing it"), r.err());
    assertEquals(before, Outputs.snapshot(killed), "nothing touched");
  }

  @Test
  void overwriteIncompleteNeverRemovesACommittedOrForeignDirectory() throws Exception {
    Path done = tmp.resolve("done");
    FileUtils.copyDirectory(committed.toFile(), done.toFile());
    Map<String, Integer> before = Outputs.snapshot(done);
    Run r = TestData.provmr(conf, "run", "-D", "provenance.output.incomplete.quiet.period=0",
        "wordcount", "--input", text.toString(), "--output", done.toString(),
        "--overwrite-incomplete");
    assertEquals(ExitCodes.USAGE, r.exitCode(), r.err());
    assertTrue(r.err().contains("already exists (it holds a lineage store)"), r.err());
    assertTrue(r.err().contains("--overwrite-incomplete removes only"), r.err());
    assertEquals(before, Outputs.snapshot(done));

    Files.writeString(killed.resolve("README"), "someone's notes");
    makeQuiet();
    Run mine = rerun("-D", "provenance.output.incomplete.quiet.period=0",
        "--overwrite-incomplete");
    assertEquals(ExitCodes.USAGE, mine.exitCode(), mine.err());
    assertTrue(mine.err().contains("entries no job writes: README"), mine.err());
    assertTrue(Files.exists(killed.resolve("README")));
  }

  @Test
  void wrapNamesTheKilledRunAndTakesTheSameOption() throws Exception {
    String[] wrap = {"wrap", "--mapper",
        org.apache.hadoop.examples.WordCount.TokenizerMapper.class.getName(), "--input",
        text.toString(), "--output", killed.toString()};
    Run without = TestData.provmr(conf, wrap);
    assertEquals(ExitCodes.USAGE, without.exitCode(), without.err());
    assertTrue(without.err().contains("an incomplete output holding"), without.err());
    String[] with = java.util.Arrays.copyOf(wrap, wrap.length + 1);
    with[wrap.length] = "--overwrite-incomplete";
    Run recent = TestData.provmr(conf, with);
    assertEquals(ExitCodes.USAGE, recent.exitCode(), recent.err());
    assertTrue(recent.err().contains("--overwrite-incomplete: Not deleting"), recent.err());
    assertTrue(Files.exists(killed.resolve("part-r-00000")));
  }

  @Test
  void validateAndSweepOfAKilledRunNameItAndTheFix() throws Exception {
    Run v = TestData.provmr(conf, "validate", "--output", killed.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.USAGE, v.exitCode(), v.err());
    assertTrue(v.err().contains("an incomplete output holding _temporary/"), v.err());
    assertTrue(v.err().contains("there is nothing to validate in it"), v.err());
    assertTrue(v.err().contains("--overwrite-incomplete"), v.err());
    assertFalse(Files.exists(tmp.resolve("alerts")));
    Run s = TestData.provmr(conf, "sweep", "--output", killed.toString(), "--alerts-root",
        tmp.resolve("sweeps").toString());
    assertEquals(ExitCodes.USAGE, s.exitCode(), s.err());
    assertTrue(s.err().contains("an incomplete output"), s.err());
  }

  @Test
  void alertsInsideTheValidatedOutputOrItsInputAreRefusedNamingBothPaths() throws Exception {
    Run inOutput = TestData.provmr(conf, "validate", "--output", committed.toString(),
        "--alerts", committed.resolve("alerts").toString());
    assertEquals(ExitCodes.USAGE, inOutput.exitCode(), inOutput.err());
    assertTrue(inOutput.err().contains(committed.resolve("alerts") + " is inside the output"
        + " file:" + committed + ", which later jobs read"), inOutput.err());
    assertFalse(Files.exists(committed.resolve("alerts")));

    Run inInput = TestData.provmr(conf, "validate", "--output", committed.toString(),
        "--alerts", text.resolve("alerts").toString());
    assertEquals(ExitCodes.USAGE, inInput.exitCode(), inInput.err());
    assertTrue(inInput.err().contains(text.resolve("alerts") + " is inside file:" + text
        + ", an input of the output file:" + committed), inInput.err());
    assertFalse(Files.exists(text.resolve("alerts")));
    // the input is still readable by the next job
    Run next = TestData.provmr(conf, "run", "grep", "--input", text.toString(), "--output",
        tmp.resolve("g").toString(), "--regex", "a");
    assertEquals(0, next.exitCode(), next.err());
  }
}
