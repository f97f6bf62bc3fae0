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
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * A ProvMR part is a SequenceFile whose header names the job's output key and value classes. A
 * record of another class would leave the part unreadable after a job that succeeded, so the
 * task fails as a plain job writing a SequenceFile fails (the oracle), naming the fix.
 */
class OutputClassesTest {
  private static final String MODE = "test.record.mode";

  @TempDir
  Path tmp;

  /** What a map-only task writes for each line, by {@link #MODE}. */
  private static void write(Mapper<LongWritable, Text, Object, Object>.Context context,
      LongWritable offset, Text line) throws IOException, InterruptedException {
    switch (context.getConfiguration().get(MODE)) {
      case "long key" -> context.write(new LongWritable(offset.get()), line);
      case "null key" -> context.write(NullWritable.get(), line);
      case "int value" -> context.write(line, new IntWritable(7));
      case "null value" -> context.write(line, null);
      default -> context.write(line, line);
    }
  }

  public static class PlainWriter extends Mapper<LongWritable, Text, Object, Object> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      write(context, k, line);
    }
  }

  public static class ProvWriter extends ProvenanceMapper<LongWritable, Text, Object, Object> {
    @Override
    protected void map(LongWritable k, Text line, Context context)
        throws IOException, InterruptedException {
      write(context, k, line);
    }
  }

  /** A map-only job declaring Text keys and values; ProvMR's or plain SequenceFile output. */
  private Job job(String mode, boolean provmr) throws IOException {
    Configuration conf = TestData.localConf(tmp);
    conf.set(MODE, mode);
    Path in = tmp.resolve("in.txt");
    if (!Files.exists(in)) {
      Files.write(in, List.of("a", "b"));
    }
    String name = (provmr ? "provmr " : "plain ") + mode;
    Job job = Job.getInstance(conf, name);
    job.setMapperClass(provmr ? ProvWriter.class : PlainWriter.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(in.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out(job).toUri()));
    if (provmr) {
      ProvenanceJob.configure(job);
    } else {
      job.setOutputFormatClass(SequenceFileOutputFormat.class);
    }
    return job;
  }

  private Path out(Job job) {
    return tmp.resolve(job.getJobName().replace(' ', '-'));
  }

  /** The plain job's failure, and ProvMR's, which must start with it. */
  private String failsAsHadoopDoes(String mode) throws Exception {
    Job plain = job(mode, false);
    assertFalse(plain.waitForCompletion(false));
    String hadoop = JobFailures.of(plain).summary();
    Job prov = job(mode, true);
    assertFalse(prov.waitForCompletion(false), mode + ": the ProvMR job must fail");
    String provmr = JobFailures.of(prov).summary();
    assertTrue(provmr.startsWith(hadoop + " in "), "Hadoop: " + hadoop + "\nProvMR: " + provmr);
    // ProvMR's abort removes the output it created, so no half-written part stays behind.
    assertFalse(Files.exists(out(prov)), "the failed job's output is gone");
    return provmr;
  }

  @Test
  void aKeyOfAnotherClassThanTheJobsFailsTheTaskNamingBothClassesAndTheFix() throws Exception {
    String why = failsAsHadoopDoes("long key");
    assertTrue(why.startsWith("java.io.IOException: wrong key class:"
        + " org.apache.hadoop.io.LongWritable is not class org.apache.hadoop.io.Text in "), why);
    assertTrue(why.contains("Job.setOutputKeyClass"), why);
  }

  @Test
  void aNullWritableKeyNeedsItsClassDeclaredAsInASequenceFile() throws Exception {
    String why = failsAsHadoopDoes("null key");
    assertTrue(why.contains("org.apache.hadoop.io.NullWritable is not class"), why);
  }

  @Test
  void aValueOfAnotherClassThanTheJobsFailsTheTaskNamingBothClassesAndTheFix()
      throws Exception {
    String why = failsAsHadoopDoes("int value");
    assertTrue(why.startsWith("java.io.IOException: wrong value class:"
        + " org.apache.hadoop.io.IntWritable is not class org.apache.hadoop.io.Text in "), why);
    assertTrue(why.contains("Job.setOutputValueClass"), why);
  }

  @Test
  void nullValuesAndTheDeclaredClassesStillWriteAReadableOutput() throws Exception {
    Job nulls = job("null value", true);
    assertTrue(nulls.waitForCompletion(false), "as TextOutputFormat, the key alone");
    assertEquals(List.of("a", "b"), Outputs.payload(nulls.getConfiguration(), out(nulls)));
    Job same = job("same classes", true);
    assertTrue(same.waitForCompletion(false));
    assertEquals(List.of("a\ta", "b\tb"), Outputs.payload(same.getConfiguration(), out(same)));
  }
}
