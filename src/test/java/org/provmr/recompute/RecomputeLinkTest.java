package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Recompute writes below an output's {@code _provenance/}: backups of the parts it replaces,
 * its journal and staged parts. The job owner writes that directory too: a symbolic link there
 * must not make the service user write (copies of the owner's parts, under names it picks)
 * into another directory.
 */
class RecomputeLinkTest {
  @TempDir
  Path tmp;

  @Test
  void backupDirectoryThatIsALinkIsRefusedAndNothingIsWrittenBehindIt() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path grep = Outputs.damagedAndValidatedGrep(conf, tmp);
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Files.createSymbolicLink(grep.resolve("_provenance/backup"), victim);
    Map<String, Integer> before = Outputs.snapshot(grep);

    Run r = recompute(conf);
    try (Stream<Path> written = Files.walk(victim)) {
      assertEquals(List.of(victim), written.toList(), "nothing written behind the link");
    }
    assertEquals(ExitCodes.FAILURE, r.exitCode(), r.out() + r.err());
    String said = r.out() + r.err();
    assertTrue(said.contains(grep.resolve("_provenance/backup").toString() + " is a symbolic"
        + " link") && said.contains("Remove the link and retry"), said);
    assertEquals(before, Outputs.snapshot(grep), "the output is unchanged");
  }

  @Test
  void recomputeDirectoryThatIsALinkIsRefusedAndNothingBehindItIsDiscarded()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path grep = Outputs.damagedAndValidatedGrep(conf, tmp);
    Path victim = Files.createDirectories(tmp.resolve("victim"));
    Path kept = Files.writeString(Files.createDirectories(victim.resolve("r1-data"))
        .resolve("precious"), "x");
    Files.createSymbolicLink(grep.resolve("_provenance/recompute"), victim);

    Run r = recompute(conf);
    assertTrue(Files.exists(kept), "a directory behind the link is not taken for a dead run");
    try (Stream<Path> written = Files.walk(victim)) {
      assertEquals(3, written.count(), "nothing staged behind the link");
    }
    assertEquals(ExitCodes.FAILURE, r.exitCode(), r.out() + r.err());
    assertTrue((r.out() + r.err()).contains("_provenance/recompute is a symbolic link"),
        r.out() + r.err());
  }

  private Run recompute(Configuration conf) {
    return assertTimeoutPreemptively(Duration.ofSeconds(120), () -> TestData.provmr(conf,
        "recompute", "--alerts", tmp.resolve("alerts").toString()));
  }
}
