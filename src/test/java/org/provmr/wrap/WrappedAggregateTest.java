package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.AggregateWordCount;
import org.apache.hadoop.examples.AggregateWordHistogram;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.aggregate.ValueAggregatorJob;
import org.apache.hadoop.mapreduce.lib.aggregate.ValueAggregatorJobBase;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;
import org.provmr.validate.ValidationReport;

/**
 * Hadoop's aggregatewordcount and aggregatewordhist (the ValueAggregator framework: its
 * generic mapper, combiner and reducer, driven by a descriptor class named in the job's
 * configuration) through {@code wrap}, against Hadoop's own ValueAggregatorJob on the same
 * input; and the whole validate, one changed source byte, recompute loop, whose result must
 * equal a fresh plain run over the changed input.
 */
class WrappedAggregateTest {
  private static final String AGG = "org.apache.hadoop.mapreduce.lib.aggregate.";
  private static final String WORD_COUNT =
      "UserDefined," + AggregateWordCount.WordCountPlugInClass.class.getName();

  @TempDir
  static Path tmp;
  static Configuration conf;

  @BeforeAll
  static void setUp() {
    conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
  }

  private static String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  /** Hadoop's ValueAggregatorJob, as the examples' main methods build it. */
  private static List<String> plain(String descriptor, String input, String output)
      throws Exception {
    Configuration c = new Configuration(conf);
    c.setInt(ValueAggregatorJobBase.DESCRIPTOR_NUM, 1);
    c.set(ValueAggregatorJobBase.DESCRIPTOR + ".0", descriptor);
    Job job = ValueAggregatorJob.createValueAggregatorJob(c,
        new String[] {input, uri(output), "2", "textinputformat"});
    assertTrue(job.waitForCompletion(false), "plain ValueAggregatorJob failed");
    return Outputs.sortedTextParts(tmp.resolve(output));
  }

  private static Run wrap(String descriptor, String input, String output) throws Exception {
    return wrap(conf, descriptor, input, output);
  }

  private static Run wrap(Configuration c, String descriptor, String input, String output)
      throws Exception {
    Run run = TestData.provmr(c, "wrap",
        "-D", ValueAggregatorJobBase.DESCRIPTOR_NUM + "=1",
        "-D", ValueAggregatorJobBase.DESCRIPTOR + ".0=" + descriptor,
        "--mapper", AGG + "ValueAggregatorMapper", "--combiner", AGG + "ValueAggregatorCombiner",
        "--reducer", AGG + "ValueAggregatorReducer", "--reduces", "2",
        "--input", input, "--output", uri(output));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    return run;
  }

  private static Run provmr(int expected, String... args) throws Exception {
    Run run = TestData.provmr(conf, args);
    assertEquals(expected, run.exitCode(), String.join(" ", args) + "\n" + run.out() + run.err());
    return run;
  }

  @Test
  void aggregateWordHistMatchesHadoopsJob() throws Exception {
    String input = TestData.text(conf, tmp.resolve("hist-in"), 64 * 1024, 2).toString();
    String descriptor = "UserDefined,"
        + AggregateWordHistogram.AggregateWordHistogramPlugin.class.getName();
    List<String> expected = plain(descriptor, input, "hist-plain");
    assertEquals(1, expected.size(), "one histogram record: " + expected);
    wrap(descriptor, input, "hist-wrapped");
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("hist-wrapped")));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("hist-alerts"), "--output",
        uri("hist-wrapped"));
  }

  @Test
  void withTheMapOutputCacheTheHistogramDoesNotReplayTheWordCountsMapOutput() throws Exception {
    String input = TestData.text(conf, tmp.resolve("cache-in"), 64 * 1024, 2).toString();
    String histogram = "UserDefined,"
        + AggregateWordHistogram.AggregateWordHistogramPlugin.class.getName();
    Configuration cached = new Configuration(conf);
    cached.set("provenance.cache.dir", uri("cache"));
    // The same mapper class over the same splits; only the descriptor differs. It was not part
    // of the cache key, so the histogram job replayed the word count's map output.
    wrap(cached, WORD_COUNT, input, "cache-wc");
    wrap(cached, histogram, input, "cache-hist");
    assertEquals(plain(histogram, input, "cache-hist-plain"),
        Outputs.payload(conf, tmp.resolve("cache-hist")));
  }

  @Test
  void aChangedSourceByteIsFoundAndTheRecomputeEqualsAFreshPlainRun() throws Exception {
    String input = TestData.text(conf, tmp.resolve("wc-in"), 96 * 1024, 2).toString();
    List<String> before = plain(WORD_COUNT, input, "wc-plain");
    assertTrue(before.size() > 1000, "a real vocabulary: " + before.size());
    wrap(WORD_COUNT, input, "wc-wrapped");
    assertEquals(before, Outputs.payload(conf, tmp.resolve("wc-wrapped")));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("wc-a0"), "--output", uri("wc-wrapped"));

    // One letter of one word changes in the middle of the first file's first split.
    Path file;
    try (var files = Files.list(tmp.resolve("wc-in"))) {
      file = files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted()
          .findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(file);
    int at = 16 * 1024;
    while (bytes[at] < 'a' || bytes[at] > 'y') {
      at++;
    }
    bytes[at]++;
    Files.write(file, bytes);
    Outputs.dropCrc(file);
    long offset = at;
    Set<Integer> changedSplit = LineageStore.read(conf, new org.apache.hadoop.fs.Path(
        uri("wc-wrapped"))).sources().stream()
        .filter(s -> s.uri().equals(file.toUri().toString().replace("file:///", "file:/"))
            && s.start() <= offset && offset < s.start() + s.length())
        .map(SourceEntry::id).collect(Collectors.toSet());
    assertEquals(1, changedSplit.size(), "the split holding byte " + at);

    provmr(ExitCodes.FINDINGS, "validate", "--alerts", uri("wc-a1"), "--output",
        uri("wc-wrapped"));
    List<Alert> alerts = ValidationReport.readAlerts(conf,
        new org.apache.hadoop.fs.Path(uri("wc-a1")));
    assertTrue(alerts.stream().allMatch(a -> a.type() == AlertType.SOURCE_MISMATCH
        && changedSplit.contains(a.dataId().sourceId())), "only the changed split: " + alerts);

    provmr(ExitCodes.OK, "recompute", "--alerts", uri("wc-a1"));
    List<String> after = plain(WORD_COUNT, input, "wc-plain-after");
    assertNotEquals(before, after, "the changed byte changes a count");
    // Before the aggregate keys were replayed, the recompute ran ValueAggregatorMapper without
    // its descriptor, which then counts records: one "record_count" line, exit code 0.
    assertEquals(after, Outputs.payload(conf, tmp.resolve("wc-wrapped")));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("wc-a2"), "--output", uri("wc-wrapped"));
  }
}
