package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
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

  @Test
  void theSameJobsWithTheDeclaredClassesRunAndAgreeWithHadoop() throws Exception {
    Job plain = job("plain-ok", OneMapper.class, Reducer.class, false);
    assertTrue(plain.waitForCompletion(false));
    Job prov = job("provmr-ok", ProvOneMapper.class, ProvenanceReducer.class, false);
    ProvenanceJob.configure(prov);
    assertTrue(prov.waitForCompletion(false));
    assertEquals(plain.getCounters().findCounter("org.apache.hadoop.mapreduce.TaskCounter",
        "REDUCE_OUTPUT_RECORDS").getValue(), prov.getCounters().findCounter(
        "org.apache.hadoop.mapreduce.TaskCounter", "REDUCE_OUTPUT_RECORDS").getValue());
    assertEquals(4, prov.getCounters().findCounter("org.apache.hadoop.mapreduce.TaskCounter",
        "REDUCE_OUTPUT_RECORDS").getValue());
  }
}
