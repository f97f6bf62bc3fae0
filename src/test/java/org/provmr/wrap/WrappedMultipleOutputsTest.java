package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * MultipleOutputs under provenance: an unmodified reducer that writes every count to the job's
 * output and the frequent words also to a named output. The named parts (frequent-r-NNNNN)
 * get headers and store entries; the payload of all parts equals the plain job's files; a
 * damaged named part is found and recomputed.
 */
class WrappedMultipleOutputsTest {
  @TempDir
  Path tmp;

  /** Sums counts; words seen at least 20 times also go to the named output "frequent". */
  public static class FrequentSumReducer extends Reducer<Text, IntWritable, Text, IntWritable> {
    private final IntWritable sum = new IntWritable();
    private MultipleOutputs<Text, IntWritable> named;

    @Override
    protected void setup(Context context) {
      named = new MultipleOutputs<>(context);
    }

    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      int n = 0;
      for (IntWritable v : values) {
        n += v.get();
      }
      sum.set(n);
      context.write(key, sum);
      if (n >= 20) {
        named.write("frequent", key, sum);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      named.close();
    }
  }

  /** Map-only: every line to the job's output, lines with "ka" also to named output "hits". */
  public static class HitsMapper
      extends org.apache.hadoop.mapreduce.Mapper<org.apache.hadoop.io.LongWritable, Text,
          org.apache.hadoop.io.LongWritable, Text> {
    private MultipleOutputs<org.apache.hadoop.io.LongWritable, Text> named;

    @Override
    protected void setup(Context context) {
      named = new MultipleOutputs<>(context);
    }

    @Override
    protected void map(org.apache.hadoop.io.LongWritable key, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(key, line);
      if (line.toString().contains("ka")) {
        named.write("hits", key, line);
      }
    }

    @Override
    protected void cleanup(Context context) throws IOException, InterruptedException {
      named.close();
    }
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Job job(Configuration conf, String output) throws IOException {
    Job job = Job.getInstance(conf);
    job.setNumReduceTasks(2);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(uri("text")));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri(output)));
    // Declared before ProvenanceJob.configure (here inside WrappedJob.configure), which
    // replaces the named outputs' format.
    MultipleOutputs.addNamedOutput(job, "frequent", TextOutputFormat.class, Text.class,
        IntWritable.class);
    return job;
  }

  private static List<String> textParts(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(p -> p.getFileName().toString().matches("\\w+-[mr]-\\d+"))
          .toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    lines.sort(null);
    return lines;
  }

  private static boolean alertsName(Path alerts, String part) throws IOException {
    try (Stream<Path> files = Files.walk(alerts)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(part)) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void namedOutputsGetHeadersAndStoreEntriesAndAreRecomputed() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32 * 1024);
    TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2);

    Job plain = job(conf, "plain");
    plain.setMapperClass(WordCount.TokenizerMapper.class);
    plain.setReducerClass(FrequentSumReducer.class);
    plain.setOutputKeyClass(Text.class);
    plain.setOutputValueClass(IntWritable.class);
    assertTrue(plain.waitForCompletion(false));
    List<String> expected = textParts(tmp.resolve("plain"));
    assertTrue(Files.exists(tmp.resolve("plain/frequent-r-00001")), "named parts written");

    Job prov = job(conf, "prov");
    WrappedJob.configure(prov, new WrapSpec().mapper(WordCount.TokenizerMapper.class.getName())
        .reducer(FrequentSumReducer.class.getName()).reduces(2));
    assertTrue(prov.waitForCompletion(false));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("prov")));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("prov")));
    List<String> names = store.parts().stream().map(PartEntry::name).sorted().toList();
    assertEquals(List.of("frequent-r-00000", "frequent-r-00001", "part-r-00000",
        "part-r-00001"), names);
    for (PartEntry p : store.parts()) {
      assertTrue(p.records() > 0 && p.headerBytes() > 0, p.toString());
      assertTrue(!p.sources().isEmpty(), "named records carry their splits: " + p);
    }

    Run ok = TestData.provmr(conf, "validate", "--alerts", uri("a0"), "--output", uri("prov"));
    assertEquals(ExitCodes.OK, ok.exitCode(), ok.out() + ok.err());
    Outputs.corrupt(tmp.resolve("prov/frequent-r-00001"));
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("prov"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    assertTrue(alertsName(tmp.resolve("a1"), "frequent-r-00001"), "the alert names the part");
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = TestData.provmr(conf, "validate", "--alerts", uri("a2"), "--output",
        uri("prov"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("prov")));
  }

  @Test
  void aMapOnlyJobsNamedOutputIsRebuiltByItsMapTask() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32 * 1024);
    TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2);
    Job[] jobs = new Job[2];
    for (int i = 0; i < 2; i++) {
      Job job = Job.getInstance(conf);
      job.setNumReduceTasks(0);
      FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(uri("text")));
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri("out" + i)));
      MultipleOutputs.addNamedOutput(job, "hits", TextOutputFormat.class,
          org.apache.hadoop.io.LongWritable.class, Text.class);
      jobs[i] = job;
    }
    jobs[0].setMapperClass(HitsMapper.class);
    jobs[0].setOutputKeyClass(org.apache.hadoop.io.LongWritable.class);
    jobs[0].setOutputValueClass(Text.class);
    WrappedJob.configure(jobs[1], new WrapSpec().mapper(HitsMapper.class.getName()));
    assertTrue(jobs[0].waitForCompletion(false));
    assertTrue(jobs[1].waitForCompletion(false));
    List<String> expected = textParts(tmp.resolve("out0"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("out1")));
    assertTrue(Files.exists(tmp.resolve("out1/hits-m-00001")));

    Outputs.corrupt(tmp.resolve("out1/hits-m-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(conf, "validate", "--alerts", uri("a1"),
        "--output", uri("out1")).exitCode());
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = TestData.provmr(conf, "validate", "--alerts", uri("a2"), "--output",
        uri("out1"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("out1")));
  }

  @Test
  void aNamedPartOfACombinedSplitMapOnlyJobIsRebuiltWithItsGroup() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    // Six files of 16 KiB, three to a combined split: map tasks read several files each.
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 48 * 1024);
    TestData.text(conf, tmp.resolve("text"), 96 * 1024, 6);
    Job[] jobs = new Job[2];
    for (int i = 0; i < 2; i++) {
      Job job = Job.getInstance(conf);
      job.setNumReduceTasks(0);
      job.setInputFormatClass(
          org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat.class);
      FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(uri("text")));
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri("out" + i)));
      MultipleOutputs.addNamedOutput(job, "hits", TextOutputFormat.class,
          org.apache.hadoop.io.LongWritable.class, Text.class);
      jobs[i] = job;
    }
    jobs[0].setMapperClass(HitsMapper.class);
    jobs[0].setOutputKeyClass(org.apache.hadoop.io.LongWritable.class);
    jobs[0].setOutputValueClass(Text.class);
    WrappedJob.configure(jobs[1], new WrapSpec().mapper(HitsMapper.class.getName())
        .inputFormat(org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat.class
            .getName()));
    assertTrue(jobs[0].waitForCompletion(false));
    assertTrue(jobs[1].waitForCompletion(false));
    List<String> expected = textParts(tmp.resolve("out0"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("out1")));
    assertTrue(Files.exists(tmp.resolve("out1/hits-m-00001")), "two combined splits");
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("out1")));
    assertTrue(store.sources().size() > 2, "a source per file: " + store.sources());

    byte[] mainPart = Files.readAllBytes(tmp.resolve("out1/part-m-00000"));
    Outputs.corrupt(tmp.resolve("out1/hits-m-00001"));
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("out1"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    assertTrue(alertsName(tmp.resolve("a1"), "hits-m-00001"), "the alert names the part");
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = TestData.provmr(conf, "validate", "--alerts", uri("a2"), "--output",
        uri("out1"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("out1")));
    assertTrue(java.util.Arrays.equals(mainPart,
        Files.readAllBytes(tmp.resolve("out1/part-m-00000"))), "task 0's parts untouched");
  }
}
