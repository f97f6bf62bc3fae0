package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.IncompleteOutput.State;

/** Telling what a killed run leaves from everything else, and deleting only that. */
class IncompleteOutputTest {
  @TempDir
  java.nio.file.Path tmp;
  java.nio.file.Path dir;
  Configuration conf;

  @BeforeEach
  void setUp() {
    conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    dir = tmp.resolve("out");
  }

  private Path out() {
    return new Path(dir.toUri());
  }

  /** What a run killed during its job commit leaves: task output, some parts, a partial store. */
  private void killedRun() throws IOException {
    Files.createDirectories(dir.resolve("_temporary/0/_temporary/attempt_1_0001_r_000001_0"));
    Files.writeString(dir.resolve("_temporary/0/_temporary/attempt_1_0001_r_000001_0/"
        + "part-r-00001"), "x");
    Files.writeString(dir.resolve("part-r-00000"), "y");
    Files.writeString(dir.resolve("_provenance.part-r-00000.bin"), "committed task's fragment");
    Files.writeString(dir.resolve("_provenance.source-00000.bin"), "committed task's fragment");
    Files.createDirectories(dir.resolve("_provenance"));
    Files.writeString(dir.resolve("_provenance/.sources.bin.tmp"), "half a manifest");
  }

  private void ageEverything(long ms) throws IOException {
    FileTime old = FileTime.fromMillis(System.currentTimeMillis() - ms);
    try (Stream<java.nio.file.Path> all = Files.walk(dir)) {
      for (java.nio.file.Path p : all.toList()) {
        Files.setLastModifiedTime(p, old);
      }
    }
  }

  @Test
  void killedRunIsIncompleteAndTheDescriptionSaysWhatIsThere() throws Exception {
    killedRun();
    IncompleteOutput found = IncompleteOutput.inspect(conf, out());
    assertEquals(State.INCOMPLETE, found.state());
    String d = found.describe();
    assertTrue(d.contains("has no lineage store (_provenance/job.json) and no _SUCCESS"), d);
    assertTrue(d.contains("_temporary/ (1 files of task attempts)"), d);
    assertTrue(d.contains("1 part (part-r-00000)"), d);
    assertTrue(d.contains("2 task fragments (_provenance.*)"), d);
    assertTrue(d.contains("_provenance/ without job.json (.sources.bin.tmp)"), d);
  }

  @Test
  void killedRunOfAnEarlierBuildWithItsFragmentsInProvenanceTasksIsIncomplete()
      throws Exception {
    Files.createDirectories(dir.resolve("_provenance/tasks"));
    Files.writeString(dir.resolve("part-r-00000"), "y");
    Files.writeString(dir.resolve("_provenance/tasks/part-r-00000.json"), "{}");
    IncompleteOutput found = IncompleteOutput.inspect(conf, out());
    assertEquals(State.INCOMPLETE, found.state());
    assertTrue(found.describe().contains("_provenance/ without job.json (tasks)"),
        found.describe());
  }

  @Test
  void committedOutputsForeignOutputsAndOtherDirectoriesAreNotIncomplete() throws Exception {
    assertEquals(State.ABSENT, IncompleteOutput.inspect(conf, out()).state());
    killedRun();
    Files.writeString(dir.resolve("_provenance/job.json"), "{}");
    assertEquals(State.COMMITTED, IncompleteOutput.inspect(conf, out()).state());
    Files.delete(dir.resolve("_provenance/job.json"));
    Files.writeString(dir.resolve("_SUCCESS"), "");
    IncompleteOutput plain = IncompleteOutput.inspect(conf, out());
    assertEquals(State.OTHER, plain.state());
    assertTrue(plain.contents().contains("_SUCCESS without a lineage store"), plain.contents());
    Files.delete(dir.resolve("_SUCCESS"));
    Files.writeString(dir.resolve("notes.txt"), "mine");
    IncompleteOutput mine = IncompleteOutput.inspect(conf, out());
    assertEquals(State.OTHER, mine.state());
    assertTrue(mine.contents().contains("entries no job writes: notes.txt"), mine.contents());
  }

  @Test
  void aStoreDirectoryWithRecomputeHistoryButNoJobJsonIsNotIncomplete() throws Exception {
    killedRun();
    Files.createDirectories(dir.resolve("_provenance/backup/r1"));
    IncompleteOutput found = IncompleteOutput.inspect(conf, out());
    assertEquals(State.OTHER, found.state());
    assertTrue(found.contents().contains("_provenance/backup"), found.contents());
  }

  @Test
  void deleteRemovesAQuietIncompleteOutput() throws Exception {
    killedRun();
    ageEverything(5 * 60_000);
    IncompleteOutput.inspect(conf, out()).delete(conf);
    assertFalse(Files.exists(dir));
  }

  @Test
  void deleteRefusesAnOutputChangedWithinTheQuietPeriod() throws Exception {
    killedRun();
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> IncompleteOutput.inspect(conf, out()).delete(conf));
    assertTrue(e.getMessage().contains("a job may still be writing it"), e.getMessage());
    assertTrue(e.getMessage().contains(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD),
        e.getMessage());
    assertTrue(Files.exists(dir.resolve("part-r-00000")));
    conf.set(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD, "0");
    IncompleteOutput.inspect(conf, out()).delete(conf);
    assertFalse(Files.exists(dir));
  }

  @Test
  void deleteLooksAgainAndRefusesAnOutputThatCommittedMeanwhile() throws Exception {
    killedRun();
    ageEverything(5 * 60_000);
    IncompleteOutput found = IncompleteOutput.inspect(conf, out());
    Files.writeString(dir.resolve("_provenance/job.json"), "{}");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> found.delete(conf));
    assertTrue(e.getMessage().contains("only an incomplete output"), e.getMessage());
    assertTrue(Files.exists(dir.resolve("part-r-00000")));
  }
}
