package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.MapReduceBase;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * A job whose mapper or combiner writes another value class than the job declares fails as the
 * same plain Hadoop job does, with Hadoop's own message, instead of shuffling bytes that the
 * reduce side would read as the declared class. Hadoop's jobs are the oracle.
 */
class MapOutputValueClassTest {
  @TempDir
  Path tmp;

  /** Writes each word with a Text count: the job declares IntWritable (a common slip). */
  public static class TextCountMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, new Text("1"));
    }
  }

  public static class ProvTextCountMapper
      extends ProvenanceMapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, new Text("1"));
    }
  }

  public static class OneMapper extends Mapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, new IntWritable(1));
    }
  }

  public static class ProvOneMapper
      extends ProvenanceMapper<LongWritable, Text, Text, IntWritable> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      context.write(line, new IntWritable(1));
    }
  }

  /** Sums into a LongWritable: right for the output, wrong as a combiner of IntWritables. */
  public static class LongSum extends Reducer<Text, IntWritable, Text, LongWritable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.write(key, sum(values));
    }
  }

  private static LongWritable sum(Iterable<IntWritable> values) {
    long sum = 0;
    for (IntWritable v : values) {
      sum += v.get();
    }
    return new LongWritable(sum);
  }

  public static class ProvLongSum
      extends ProvenanceReducer<Text, IntWritable, Text, LongWritable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.write(key, sum(values));
    }
  }

  /**
   * Sums into an IntWritable for one value and a LongWritable for more: every map task's own
   * combine (one value per key) writes the declared class, and only a combine of the values of
   * several map tasks, which a reduce task's merge would be, would write the wrong one.
   */
  public static class LongWhenMerged extends Reducer<Text, IntWritable, Text, Writable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.write(key, merged(values));
    }
  }

  private static Writable merged(Iterable<IntWritable> values) {
    LongWritable sum = sum(values);
    return sum.get() == 1 ? new IntWritable(1) : sum;
  }

  public static class ProvLongWhenMerged
      extends ProvenanceReducer<Text, IntWritable, Text, Writable> {
    @Override
    protected void reduce(Text key, Iterable<IntWritable> values, Context context)
        throws IOException, InterruptedException {
      context.write(key, merged(values));
    }
  }

  private Job job(String name, Class<? extends Mapper> mapper, Class<? extends Reducer> reducer,
      boolean combine) throws IOException {
    Configuration conf = TestData.localConf(tmp);
    Path in = tmp.resolve("in.txt");
    if (!Files.exists(in)) {
      Files.write(in, List.of("a", "b", "a", "c"));
    }
    Job job = Job.getInstance(conf, name);
    job.setMapperClass(mapper);
    job.setReducerClass(reducer);
    if (combine) {
      job.setCombinerClass(reducer);
      job.setMapOutputValueClass(IntWritable.class);
    }
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(combine ? LongWritable.class : IntWritable.class);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(in.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve(name)
        .toUri()));
    return job;
  }

  /** Runs the job, which must fail, and returns the summary of its task's exception. */
  private String failure(Job job) throws Exception {
    assertFalse(job.waitForCompletion(false), job.getJobName() + " must fail");
    assertFalse(Files.exists(tmp.resolve(job.getJobName()).resolve("_SUCCESS")),
        "nothing committed");
    return JobFailures.of(job).summary();
  }

  @Test
  void aMapperWritingAnotherValueClassFailsWithHadoopsMessage() throws Exception {
    String plain = failure(job("plain-map", TextCountMapper.class, Reducer.class, false));
    assertEquals("java.io.IOException: Type mismatch in value from map: expected"
        + " org.apache.hadoop.io.IntWritable, received org.apache.hadoop.io.Text", plain,
        "the oracle: Hadoop's map output buffer");

    Job prov = job("provmr-map", ProvTextCountMapper.class, ProvenanceReducer.class, false);
    ProvenanceJob.configure(prov);
    String provmr = failure(prov);
    assertTrue(provmr.startsWith(plain + " (the mapper must write"), provmr);
    assertTrue(provmr.endsWith("Job.setMapOutputValueClass)"), provmr);
  }

  @Test
  void aCombinerWritingAnotherValueClassFailsWithHadoopsMessage() throws Exception {
    String plain = failure(job("plain-combine", OneMapper.class, LongSum.class, true));
    assertEquals("java.io.IOException: wrong value class: class"
        + " org.apache.hadoop.io.LongWritable is not class org.apache.hadoop.io.IntWritable",
        plain, "the oracle: Hadoop's IFile writer");

    Job prov = job("provmr-combine", ProvOneMapper.class, ProvLongSum.class, true);
    ProvenanceJob.configure(prov);
    String provmr = failure(prov);
    assertTrue(provmr.startsWith(plain + " (the combiner must write"), provmr);
  }

  /**
   * Three map tasks each write every key once, and the reduce task's shuffle has so little
   * memory that it merges the first map outputs it holds before the others arrive
   * (MergeManagerImpl's in-memory merger), which may combine values of several map tasks.
   */
  private Job mergingJob(String name, Class<? extends Mapper> mapper) throws IOException {
    Path in = tmp.resolve(name + "-in");
    Files.createDirectories(in);
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      keys.add("key-" + i);
    }
    for (int m = 0; m < 3; m++) {
      Files.write(in.resolve("part-" + m + ".txt"), keys);
    }
    Job job = job(name, mapper, Reducer.class, false);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(in.toUri()));
    Configuration conf = job.getConfiguration();
    // Shuffle memory 7,000 bytes: a map output (about 0.5 KB) goes to memory (under 0.1 of
    // it) and two of them pass the merge threshold (just over 0.1), which starts the merge.
    conf.setLong("mapreduce.reduce.memory.totalbytes", 10_000);
    conf.setFloat("mapreduce.reduce.shuffle.input.buffer.percent", 0.7f);
    conf.setFloat("mapreduce.reduce.shuffle.memory.limit.percent", 0.1f);
    conf.setFloat("mapreduce.reduce.shuffle.merge.percent", 0.101f);
    return job;
  }

  /** An old-API sum, the only kind of combiner Hadoop's reduce task runs in its merge. */
  public static class OldApiIntSum extends MapReduceBase
      implements org.apache.hadoop.mapred.Reducer<Text, IntWritable, Text, IntWritable> {
    @Override
    public void reduce(Text key, Iterator<IntWritable> values,
        OutputCollector<Text, IntWritable> out, Reporter reporter) throws IOException {
      int sum = 0;
      while (values.hasNext()) {
        sum += values.next().get();
      }
      out.collect(key, new IntWritable(sum));
    }
  }

  /**
   * The oracle for the next test: with these settings the reduce task does merge map outputs
   * in memory, and runs the job's combiner there when it is an old-API one (ReduceTask takes
   * it from {@code JobConf.getCombinerClass()}, {@code mapred.combiner.class}).
   */
  @Test
  void hadoopsReduceTaskMergeRunsAnOldApiCombiner() throws Exception {
    Job plain = mergingJob("plain-merge-old", OneMapper.class);
    plain.getConfiguration().setClass("mapred.combiner.class", OldApiIntSum.class,
        org.apache.hadoop.mapred.Reducer.class);
    assertTrue(plain.waitForCompletion(false));
    assertEquals(120, counter(plain, TaskCounter.MAP_OUTPUT_RECORDS));
    assertTrue(counter(plain, TaskCounter.COMBINE_INPUT_RECORDS) > 120,
        "the reduce task's in-memory merge combined too: " + plain.getCounters());
    assertTrue(counter(plain, TaskCounter.REDUCE_INPUT_RECORDS) < 120,
        "fewer records reach reduce()");
  }

  /**
   * A new-API combiner, the only kind a ProvMR job has (the old API's keys are refused, and
   * `wrap --api mapred` drives old-API classes from new-API ones), never runs in the reduce
   * task's merge: the same merge as above combines nothing, in Hadoop's job and in ProvMR's.
   * So a combiner's every output passes the map side's class check (TracedValue.declare); this
   * one, which would write a LongWritable for values merged from several map tasks, never
   * gets such values, and both jobs succeed alike.
   */
  @Test
  void aNewApiCombinerNeverRunsInTheReducesMergeInHadoopOrProvmr() throws Exception {
    Job plain = mergingJob("plain-merge-new", OneMapper.class);
    plain.setCombinerClass(LongWhenMerged.class);
    assertTrue(plain.waitForCompletion(false));
    Job prov = mergingJob("provmr-merge-new", ProvOneMapper.class);
    prov.setCombinerClass(ProvLongWhenMerged.class);
    ProvenanceJob.configure(prov);
    assertTrue(prov.waitForCompletion(false), "the ProvMR job succeeds as the plain one does");
    for (Job j : List.of(plain, prov)) {
      assertEquals(120, counter(j, TaskCounter.MAP_OUTPUT_RECORDS), j.getJobName());
      assertEquals(120, counter(j, TaskCounter.COMBINE_INPUT_RECORDS),
          j.getJobName() + ": map side only");
      assertEquals(120, counter(j, TaskCounter.REDUCE_INPUT_RECORDS), j.getJobName());
      assertEquals(120, counter(j, TaskCounter.REDUCE_OUTPUT_RECORDS), j.getJobName());
      assertEquals(40, counter(j, TaskCounter.REDUCE_INPUT_GROUPS), j.getJobName());
    }
  }

  private static long counter(Job j, TaskCounter c) throws IOException {
    return j.getCounters().findCounter(c).getValue();
  }

  @Test
  void theSameJobsWithTheDeclaredClassesRunAndAgreeWithHadoop() throws Exception {
    Job plain = job("plain-ok", OneMapper.class, Reducer.class, false);
    assertTrue(plain.waitForCompletion(false));
    Job prov = job("provmr-ok", ProvOneMapper.class, ProvenanceReducer.class, false);
    ProvenanceJob.configure(prov);
    assertTrue(prov.waitForCompletion(false));
    assertEquals(counter(plain, TaskCounter.REDUCE_OUTPUT_RECORDS),
        counter(prov, TaskCounter.REDUCE_OUTPUT_RECORDS));
    assertEquals(4, counter(prov, TaskCounter.REDUCE_OUTPUT_RECORDS));
  }
}
