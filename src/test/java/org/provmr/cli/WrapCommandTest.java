package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** {@code provmr wrap} refuses bad arguments before submitting: exit 2, naming value and fix. */
class WrapCommandTest {
  private static final String TOKENIZER = WordCount.TokenizerMapper.class.getName();
  private static final String INT_SUM = WordCount.IntSumReducer.class.getName();

  @TempDir
  Path tmp;
  Configuration conf;
  String input;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    input = Files.writeString(tmp.resolve("in.txt"), "a b\n").toString();
  }

  private Run wrap(String... args) throws Exception {
    String[] all = new String[args.length + 1];
    all[0] = "wrap";
    System.arraycopy(args, 0, all, 1, args.length);
    return TestData.provmr(conf, all);
  }

  private static void assertUsage(Run run, String... fragments) {
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    for (String f : fragments) {
      assertTrue(run.err().contains(f), "'" + f + "' not in: " + run.err());
    }
    assertTrue(run.err().contains("usage: provmr wrap"), run.err());
  }

  @Test
  void aMisspelledClassIsNamedAndANestedClassGetsAHint() throws Exception {
    assertUsage(wrap("--mapper", "org.example.NoSuchMapper", "--input", input, "--output",
        tmp.resolve("o").toString()), "--mapper org.example.NoSuchMapper: class not found",
        "--jar");
    String dotted = TOKENIZER.replace('$', '.');
    assertUsage(wrap("--mapper", dotted, "--input", input, "--output",
        tmp.resolve("o").toString()), "did you mean " + TOKENIZER + "?");
  }

  @Test
  void aReducerGivenAsMapperIsRefused() throws Exception {
    assertUsage(wrap("--mapper", INT_SUM, "--input", input, "--output",
        tmp.resolve("o").toString()),
        "--mapper " + INT_SUM + " is not a subclass of org.apache.hadoop.mapreduce.Mapper");
  }

  @Test
  void anOldApiMapperIsNamedAsSuch() throws Exception {
    assertUsage(wrap("--mapper", "org.apache.hadoop.mapred.lib.IdentityMapper", "--input",
        input, "--output", tmp.resolve("o").toString()),
        "old-API org.apache.hadoop.mapred.Mapper");
  }

  @Test
  void missingInputAndExistingOutputAreRefused() throws Exception {
    assertUsage(wrap("--mapper", TOKENIZER, "--input", tmp.resolve("nope").toString(),
        "--output", tmp.resolve("o").toString()), "nope does not exist");
    assertUsage(wrap("--mapper", TOKENIZER, "--input", input, "--output", tmp.toString()),
        "already exists");
  }

  @Test
  void aMissingOrBrokenJarIsRefused() throws Exception {
    assertUsage(wrap("--jar", tmp.resolve("none.jar").toString(), "--mapper", TOKENIZER,
        "--input", input, "--output", tmp.resolve("o").toString()),
        "none.jar does not exist");
    Path notAJar = Files.writeString(tmp.resolve("bad.jar"), "not a zip");
    assertUsage(wrap("--jar", notAJar.toString(), "--mapper", TOKENIZER, "--input", input,
        "--output", tmp.resolve("o").toString()), "bad.jar is not a readable jar");
  }

  @Test
  void aReducerOnAMapOnlyJobIsRefused() throws Exception {
    assertUsage(wrap("--mapper", TOKENIZER, "--reducer", INT_SUM, "--reduces", "0", "--input",
        input, "--output", tmp.resolve("o").toString()),
        "--reducer " + INT_SUM + " needs reduces");
  }

  @Test
  void typesThatCannotBeInferredAreAskedFor() throws Exception {
    // The identity mapper over a SequenceFile input: SequenceFileInputFormat<K, V> is generic.
    assertUsage(wrap("--mapper", "org.apache.hadoop.mapreduce.Mapper", "--input-format",
        "org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat", "--input", input,
        "--output", tmp.resolve("o").toString()),
        "cannot infer the map output key class from org.apache.hadoop.mapreduce.Mapper",
        "--map-output-key-class");
  }

  @Test
  void aMissingMapperIsAUsageError() throws Exception {
    assertUsage(wrap("--input", input, "--output", tmp.resolve("o").toString()),
        "Missing --mapper");
  }

  @Test
  void anOutputFormatOrMultipleOutputsSetWithDIsRefusedNamingTheSetting() throws Exception {
    Run run = wrap("-D", "mapreduce.job.outputformat.class="
        + "org.apache.hadoop.mapreduce.lib.output.NullOutputFormat",
        "-D", "mapreduce.multipleoutputs=extra",
        "-D", "mapreduce.multipleoutputs.namedOutput.extra.format="
            + "org.apache.hadoop.mapreduce.lib.output.MapFileOutputFormat",
        "--mapper", TOKENIZER, "--input", input, "--output", tmp.resolve("o").toString());
    // Named outputs in text or SequenceFile format run under provenance (docs/jobs.md); a
    // named output in any other format would be written without headers, so it is refused.
    assertUsage(run, "Not supported under provenance, nothing was submitted (2)",
        "mapreduce.job.outputformat.class=org.apache.hadoop.mapreduce.lib.output"
            + ".NullOutputFormat: ProvMR writes the output itself",
        "mapreduce.multipleoutputs.namedOutput.extra.format=org.apache.hadoop.mapreduce.lib"
            + ".output.MapFileOutputFormat (MultipleOutputs named output 'extra')");
    assertTrue(!Files.exists(tmp.resolve("o")), "nothing was submitted");
  }

  @Test
  void aMultithreadedMapperIsRefusedBecauseItsDataIdsWouldBeWrong() throws Exception {
    assertUsage(wrap("--mapper", "org.apache.hadoop.mapreduce.lib.map.MultithreadedMapper",
        "--map-output-key-class", "org.apache.hadoop.io.Text", "--map-output-value-class",
        "org.apache.hadoop.io.Text", "--input", input, "--output",
        tmp.resolve("o").toString()), "(MultithreadedMapper): it reads the split on several"
        + " threads");
  }

  @Test
  void aComparatorThatIsNoRawComparatorIsRefused() throws Exception {
    assertUsage(wrap("--mapper", TOKENIZER, "--reducer", INT_SUM, "--grouping-comparator",
        TOKENIZER, "--input", input, "--output", tmp.resolve("o").toString()),
        "--grouping-comparator " + TOKENIZER + " is not a subclass of "
            + "org.apache.hadoop.io.RawComparator");
    assertUsage(wrap("--mapper", TOKENIZER, "--sort-comparator",
        "org.apache.hadoop.io.Text$Comparator", "--input", input, "--output",
        tmp.resolve("o").toString()), "--sort-comparator org.apache.hadoop.io.Text$Comparator"
        + " needs reduces");
  }
}
