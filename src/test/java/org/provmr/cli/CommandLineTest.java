package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** Usage errors are exit 2 with a message naming the bad value; no job is started for them. */
class CommandLineTest {
  @TempDir
  Path tmp;
  Configuration conf;
  String input;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    input = TestData.text(conf, tmp.resolve("in"), 4096, 1).toString();
  }

  @Test
  void helpListsEveryCommandAndExitsZero() throws Exception {
    Run run = TestData.provmr(conf, "help");
    assertEquals(0, run.exitCode());
    for (String c : new String[] {"generate", "run", "inspect", "demo", "help"}) {
      assertTrue(run.out().contains("  " + c + " "), run.out());
    }
    assertTrue(run.out().contains("3 validation found problems"));
  }

  @Test
  void eachCommandHasHelp() throws Exception {
    for (String c : new String[] {"generate", "run", "inspect", "demo"}) {
      Run run = TestData.provmr(conf, c, "--help");
      assertEquals(0, run.exitCode(), c);
      assertTrue(run.out().startsWith("usage: provmr " + c), run.out());
    }
  }

  @Test
  void unknownCommandIsAUsageError() throws Exception {
    Run run = TestData.provmr(conf, "frobnicate");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("unknown command 'frobnicate'"), run.err());
    assertTrue(run.err().contains("usage: provmr <command>"), run.err());
  }

  @Test
  void unknownOptionIsAUsageErrorNamingIt() throws Exception {
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", input, "--output",
        tmp.resolve("o").toString(), "--reducers", "2");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("Unknown option --reducers"), run.err());
    assertTrue(run.err().contains("usage: provmr run"), run.err());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void missingInputIsAUsageErrorNamingThePath() throws Exception {
    Run run = TestData.provmr(conf, "run", "wordcount", "--input",
        tmp.resolve("nope").toString(), "--output", tmp.resolve("o").toString());
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("nope does not exist"), run.err());
  }

  @Test
  void existingOutputIsAUsageErrorAndIsLeftUntouched() throws Exception {
    Path existing = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(existing.resolve("keep.txt"), "precious");
    Run run = TestData.provmr(conf, "run", "grep", "--input", input, "--output",
        existing.toString(), "--regex", "a");
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("already exists"), run.err());
    assertEquals("precious", Files.readString(existing.resolve("keep.txt")));
  }

  @Test
  void badValuesAreUsageErrorsThatEchoTheValue() throws Exception {
    Run badChecksum = TestData.provmr(conf, "run", "grep", "--input", input, "--output",
        tmp.resolve("o1").toString(), "--regex", "a", "--checksum", "md5");
    assertEquals(ExitCodes.USAGE, badChecksum.exitCode());
    assertTrue(badChecksum.err().contains("'md5'"), badChecksum.err());

    Run badRegex = TestData.provmr(conf, "run", "grep", "--input", input, "--output",
        tmp.resolve("o2").toString(), "--regex", "(unclosed");
    assertEquals(ExitCodes.USAGE, badRegex.exitCode());
    assertTrue(badRegex.err().contains("(unclosed"), badRegex.err());

    Run badK = TestData.provmr(conf, "run", "topk", "--input", input, "--output",
        tmp.resolve("o3").toString(), "--k", "ten");
    assertEquals(ExitCodes.USAGE, badK.exitCode());

    Run badMode = TestData.provmr(conf, "run", "-D", "provenance.header.mode=tiny", "grep",
        "--input", input, "--output", tmp.resolve("o4").toString(), "--regex", "a");
    assertEquals(ExitCodes.USAGE, badMode.exitCode());
    assertTrue(badMode.err().contains("provenance.header.mode"), badMode.err());
    for (String o : new String[] {"o1", "o2", "o3", "o4"}) {
      assertFalse(Files.exists(tmp.resolve(o)), o + " must not be created");
    }
  }

  @Test
  void genericOptionsAfterTheJobsOptionsAreApplied() throws Exception {
    Run run = TestData.provmr(conf, "run", "grep", "--input", input, "--output",
        tmp.resolve("o").toString(), "--regex", "a", "-D",
        "provenance.header.mode=self-contained");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals("self-contained", org.provmr.store.LineageStore.read(conf,
        new org.apache.hadoop.fs.Path(tmp.resolve("o").toUri())).job().headerMode());
  }

  @Test
  void topkOverPlainTextIsRefusedBeforeAnyJobRuns() throws Exception {
    Run run = TestData.provmr(conf, "run", "topk", "--input", input, "--output",
        tmp.resolve("o").toString());
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("no lineage store"), run.err());
  }

  @Test
  void inspectOfAFileThatIsNotProvenanceOutputFailsNamingIt() throws Exception {
    Run run = TestData.provmr(conf, "inspect", input);
    assertEquals(ExitCodes.FAILURE, run.exitCode());
    assertTrue(run.err().contains("text-00000.txt"), run.err());
  }

  @Test
  void localModePollsFastEvenAfterHadoopLoadedItsDefaults() {
    new org.apache.hadoop.mapred.JobConf(); // adds mapred-default.xml to every Configuration
    Configuration c = new Configuration();
    assertEquals(5000, c.getInt(org.apache.hadoop.mapreduce.Job.COMPLETION_POLL_INTERVAL_KEY,
        -1), "Hadoop's default is visible");
    Command.useLocalDefaults(c);
    assertEquals(100, c.getInt(org.apache.hadoop.mapreduce.Job.COMPLETION_POLL_INTERVAL_KEY,
        -1));
    Configuration user = new Configuration();
    user.setInt(org.apache.hadoop.mapreduce.Job.COMPLETION_POLL_INTERVAL_KEY, 700);
    Command.useLocalDefaults(user);
    assertEquals(700, user.getInt(org.apache.hadoop.mapreduce.Job.COMPLETION_POLL_INTERVAL_KEY,
        -1), "a value the user chose is kept");
  }

  @Test
  void generateIsDeterministicForASeed() throws Exception {
    assertEquals(0, TestData.provmr(conf, "generate", "--output", tmp.resolve("g1").toString(),
        "--size", "20k", "--files", "2", "--seed", "5").exitCode());
    assertEquals(0, TestData.provmr(conf, "generate", "--output", tmp.resolve("g2").toString(),
        "--size", "20k", "--files", "2", "--seed", "5").exitCode());
    byte[] a = Files.readAllBytes(tmp.resolve("g1/text-00001.txt"));
    assertEquals(10 * 1024, a.length);
    assertTrue(java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("g2/text-00001.txt"))));
    assertEquals(ExitCodes.USAGE, TestData.provmr(conf, "generate", "--output",
        tmp.resolve("g3").toString(), "--size", "lots").exitCode());
  }
}
