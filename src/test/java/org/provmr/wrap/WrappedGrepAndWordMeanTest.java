package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.Grep;
import org.apache.hadoop.examples.WordMean;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * More of Hadoop's own examples through {@code wrap}, each against Hadoop's own driver on the
 * same input: Grep's two chained jobs (the second sorts with LongWritable's decreasing
 * comparator, given with {@code --sort-comparator}, over the first's provenance output) and
 * WordMean.
 */
class WrappedGrepAndWordMeanTest {
  private static final String LIB = "org.apache.hadoop.mapreduce.lib.";

  @TempDir
  Path tmp;
  Configuration conf;
  org.apache.hadoop.fs.Path text;

  @BeforeEach
  void input() throws Exception {
    conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    text = TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2);
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void grepsTwoChainedJobsMatchHadoopsGrepInOrderOfDecreasingCount() throws Exception {
    String regex = "ka[a-z]*";
    // Grep's constructor is private (its main exits the JVM): instantiate it as main does.
    java.lang.reflect.Constructor<Grep> grep = Grep.class.getDeclaredConstructor();
    grep.setAccessible(true);
    assertEquals(0, ToolRunner.run(new Configuration(conf), grep.newInstance(),
        new String[] {text.toString(), tmp.resolve("plain").toString(), regex}));
    List<String> plain = WrappedSecondarySortTest.partsInOrder(tmp.resolve("plain"));
    assertTrue(plain.size() > 5, "matches: " + plain);

    ok("wrap", "-D", "mapreduce.mapper.regex=" + regex, "--mapper", LIB + "map.RegexMapper",
        "--combiner", LIB + "reduce.LongSumReducer", "--reducer", LIB + "reduce.LongSumReducer",
        "--map-output-key-class", "org.apache.hadoop.io.Text",
        "--map-output-value-class", "org.apache.hadoop.io.LongWritable",
        "--output-key-class", "org.apache.hadoop.io.Text",
        "--output-value-class", "org.apache.hadoop.io.LongWritable",
        "--input", text.toString(), "--output", uri("search"));
    ok("wrap", "--input-format", "org.provmr.mapreduce.PayloadInputFormat",
        "--mapper", LIB + "map.InverseMapper", "--reduces", "1",
        "--sort-comparator", "org.apache.hadoop.io.LongWritable$DecreasingComparator",
        "--map-output-key-class", "org.apache.hadoop.io.LongWritable",
        "--map-output-value-class", "org.apache.hadoop.io.Text",
        "--input", uri("search"), "--output", uri("sorted"));

    List<String> wrapped = WrappedSecondarySortTest.lines(
        ok("inspect", uri("sorted"), "--payload").out());
    // Words with the same count may come in another order; the counts' order may not.
    assertEquals(counts(plain), counts(wrapped));
    assertEquals(sorted(plain), sorted(wrapped));
    List<Step> steps = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("sorted")))
        .job().lineage(0).lineage().allSteps();
    assertEquals(4, steps.size(), "the search's map and reduce, then the sort's: " + steps);
    assertEquals("org.apache.hadoop.io.LongWritable$DecreasingComparator",
        steps.get(3).params().get("sort.comparator"));
    ok("validate", "--alerts", uri("alerts"), "--output", uri("search"), "--output",
        uri("sorted"));
  }

  @Test
  void wordMeanMatchesHadoopsWordMean() throws Exception {
    assertEquals(0, ToolRunner.run(new Configuration(conf), new WordMean(),
        new String[] {text.toString(), tmp.resolve("plain").toString()}));
    String mean = WordMean.class.getName() + "$";
    ok("wrap", "--mapper", mean + "WordMeanMapper", "--combiner", mean + "WordMeanReducer",
        "--reducer", mean + "WordMeanReducer", "--input", text.toString(), "--output",
        uri("wrapped"));
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));
    assertEquals(2, expected.size(), "count and length: " + expected);
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
  }

  private static List<String> counts(List<String> lines) {
    return lines.stream().map(l -> l.substring(0, l.indexOf('\t'))).toList();
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }
}
