package org.provmr.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.store.LineageStore;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/** The built-in examples are Tools: parameters from -D keys, input and output as arguments. */
class ExampleToolTest {
  @TempDir
  Path tmp;
  Configuration conf;
  Path input;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    input = Files.writeString(tmp.resolve("in.txt"), "kafka and kant\nhegel\nkant again\n");
  }

  @Test
  void grepRunsThroughToolRunnerWithItsRegexFromAGenericOption() throws Exception {
    Path out = tmp.resolve("grep");
    int rc = ToolRunner.run(conf, new Grep(), new String[] {"-D", Grep.REGEX + "=kant",
        input.toString(), out.toString()});
    assertEquals(0, rc);
    assertTrue(LineageStore.exists(conf, new org.apache.hadoop.fs.Path(out.toUri())));
    assertEquals(List.of("kafka and kant", "kant again"),
        Outputs.payload(conf, out));
  }

  @Test
  void wordcountReadsItsReducesFromTheJobKey() throws Exception {
    Path out = tmp.resolve("wc");
    assertEquals(0, ToolRunner.run(conf, new WordCount(), new String[] {"-D",
        "mapreduce.job.reduces=3", input.toString(), out.toString()}));
    assertTrue(Files.exists(out.resolve("part-r-00002")));
    assertTrue(Outputs.payload(conf, out).contains("kant\t2"));
  }

  @Test
  void aToolGivenTheWrongArgumentsPrintsUsageAndExitsTwo() throws Exception {
    assertEquals(2, ToolRunner.run(conf, new TopK(), new String[] {input.toString()}));
  }

  @Test
  void parametersAreCheckedWhenTheJobIsCreatedNamingKeyAndValue() {
    Configuration c = new Configuration(conf);
    c.set(TopK.K, "ten");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> new WordCount().createJob(withReduces(c, "0"), hadoopPath(input),
            hadoopPath(tmp.resolve("o"))));
    assertTrue(e.getMessage().contains("mapreduce.job.reduces") && e.getMessage().contains("0"),
        e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> new Grep().createJob(
        new Configuration(conf), hadoopPath(input), hadoopPath(tmp.resolve("o"))));
    assertTrue(e.getMessage().contains(Grep.REGEX), e.getMessage());
    e = assertThrows(BadConfigurationException.class, () -> new TopK().createJob(
        c, hadoopPath(input), hadoopPath(tmp.resolve("o"))));
    assertTrue(e.getMessage().contains("no lineage store"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("o")));
  }

  @Test
  void provmrRunRefusesAnOptionOfAnotherExample() throws Exception {
    TestData.Run run = TestData.provmr(conf, "run", "wordcount", "--input", input.toString(),
        "--output", tmp.resolve("o").toString(), "--regex", "a");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--regex is not an option of wordcount"), run.err());
  }

  private static Configuration withReduces(Configuration c, String n) {
    Configuration copy = new Configuration(c);
    copy.set("mapreduce.job.reduces", n);
    return copy;
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }
}
