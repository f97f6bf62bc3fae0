package org.provmr.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;

/**
 * MRUnit tests of the example mappers and reducers: their business logic as plain
 * Mapper/Reducer (how users unit-test a ProvenanceMapper), and with provenance enabled, the
 * DataIDs they stamp.
 */
class ExampleMapReduceUnitTest {

  @Test
  void tokenizerEmitsOnePerWordLikeHadoopsWordCount() throws IOException {
    MapDriver.newMapDriver(new WordCount.TokenizerMapper())
        .withInput(new LongWritable(0), new Text("to be or\tnot  to be"))
        .withOutput(new Text("to"), new IntWritable(1))
        .withOutput(new Text("be"), new IntWritable(1))
        .withOutput(new Text("or"), new IntWritable(1))
        .withOutput(new Text("not"), new IntWritable(1))
        .withOutput(new Text("to"), new IntWritable(1))
        .withOutput(new Text("be"), new IntWritable(1))
        .runTest();
  }

  @Test
  void intSumReducerSumsTheCounts() throws IOException {
    ReduceDriver.newReduceDriver(new WordCount.IntSumReducer())
        .withInput(new Text("be"), List.of(new IntWritable(2), new IntWritable(3)))
        .withOutput(new Text("be"), new IntWritable(5))
        .runTest();
  }

  @Test
  void grepEmitsOnlyMatchingLinesUnchanged() throws IOException {
    MapDriver<LongWritable, Text, Text, NullWritable> driver =
        MapDriver.newMapDriver(new Grep.GrepMapper());
    driver.getConfiguration().set(Grep.REGEX, "^ka");
    driver.withInput(new LongWritable(0), new Text("kalo mi"))
        .withInput(new LongWritable(8), new Text("mi kalo"))
        .withInput(new LongWritable(16), new Text("ka"))
        .withOutput(new Text("kalo mi"), NullWritable.get())
        .withOutput(new Text("ka"), NullWritable.get())
        .runTest();
  }

  @Test
  void topkKeepsTheKMostFrequentBreakingTiesByWord() throws IOException {
    ReduceDriver<Text, IntWritable, Text, IntWritable> driver =
        ReduceDriver.newReduceDriver(new TopK.TopKReducer());
    driver.getConfiguration().setInt(TopK.K, 2);
    driver.withInput(new Text("b"), List.of(new IntWritable(5)))
        .withInput(new Text("a"), List.of(new IntWritable(5)))
        .withInput(new Text("c"), List.of(new IntWritable(9)))
        .withInput(new Text("d"), List.of(new IntWritable(1), new IntWritable(2)))
        .withOutput(new Text("c"), new IntWritable(9))
        .withOutput(new Text("a"), new IntWritable(5))
        .runTest();
  }

  /** What ProvenanceJob.configure does to a wordcount job, copied into the driver's conf. */
  private static void enableProvenance(Configuration conf) throws IOException {
    Job job = Job.getInstance(new Configuration(false));
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    job.setMapOutputValueClass(IntWritable.class);
    ProvenanceJob.configure(job);
    for (java.util.Map.Entry<String, String> e : job.getConfiguration()) {
      conf.set(e.getKey(), e.getValue());
    }
  }

  @Test
  void withProvenanceTheMapperStampsEachValueWithItsSplitAsSource() throws IOException {
    MapDriver<Object, Text, Text, IntWritable> driver =
        MapDriver.newMapDriver(new WordCount.TokenizerMapper());
    enableProvenance(driver.getConfiguration());
    driver.withInput(new LongWritable(0), new Text("a b"))
        .withInput(new LongWritable(4), new Text("c"));
    List<Pair<Text, IntWritable>> out = driver.run();
    assertEquals(3, out.size());
    // MRUnit copies outputs through their serialization, which is the shuffle's wire form:
    // the value and its source set (the exact byte range stays in memory, for map-only jobs,
    // and is checked by CaptureJobTest's grep test).
    for (Pair<Text, IntWritable> p : out) {
      Object v = p.getSecond();
      assertTrue(v instanceof TracedValue, "values travel as TracedValue: " + v);
      TracedValue t = (TracedValue) v;
      assertEquals(new IntWritable(1), t.value());
      assertEquals(1, t.sources().size(), "one split, one source");
    }
    assertEquals(List.of("a", "b", "c"), out.stream().map(p -> p.getFirst().toString()).toList());
  }

  @Test
  void withProvenanceTheReducerCarriesTheUnionOfItsValuesSources() throws IOException {
    ReduceDriver<Text, IntWritable, Text, IntWritable> driver =
        ReduceDriver.newReduceDriver(new WordCount.IntSumReducer());
    enableProvenance(driver.getConfiguration());
    SourceSet s1 = new SourceSet();
    s1.add(4);
    SourceSet s2 = new SourceSet();
    s2.add(1);
    s2.add(4);
    @SuppressWarnings({"unchecked", "rawtypes"})
    List<IntWritable> values = (List) List.of(
        new TracedValue().setSources(new IntWritable(2), s1),
        new TracedValue().setSources(new IntWritable(3), s2));
    List<Pair<Text, IntWritable>> out = driver.withInput(new Text("be"), values).run();
    assertEquals(1, out.size());
    TracedValue v = (TracedValue) (Object) out.get(0).getSecond();
    assertEquals(new IntWritable(5), v.value());
    assertEquals("[1, 4]", v.sources().toString());
  }
}
