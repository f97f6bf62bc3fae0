package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.output.LazyOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;

/** Settings capture would drop are refused in the driver, all of them in one message. */
class UnsupportedSettingsTest {

  private static Job job() throws Exception {
    Job job = Job.getInstance(new Configuration(false));
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    return job;
  }

  @Test
  void textAndSequenceFileOutputFormatsAreReplacedByTheProvenanceOutput() throws Exception {
    for (Class<?> format : new Class<?>[] {TextOutputFormat.class,
        SequenceFileOutputFormat.class}) {
      Job job = job();
      job.getConfiguration().setClass("mapreduce.job.outputformat.class", format, Object.class);
      ProvenanceJob.configure(job);
      assertEquals(ProvenanceOutputFormat.class, job.getOutputFormatClass());
    }
  }

  @Test
  void everySettingCaptureWouldDropIsNamedInOneMessage() throws Exception {
    Job job = job();
    MultipleOutputs.addNamedOutput(job, "side",
        org.apache.hadoop.mapreduce.lib.output.MapFileOutputFormat.class, Text.class,
        IntWritable.class);
    LazyOutputFormat.setOutputFormatClass(job, TextOutputFormat.class);
    // MultipleInputs is captured, but not with a combined format for one of the inputs.
    MultipleInputs.addInputPath(job, new Path("/in/a"),
        org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat.class);
    job.getConfiguration().set("stream.map.streamprocessor", "cat");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> ProvenanceJob.configure(job));
    String m = e.getMessage();
    assertTrue(m.startsWith("Not supported under provenance, nothing was submitted (5):"), m);
    for (String named : new String[] {
        "mapreduce.job.outputformat.class=org.apache.hadoop.mapreduce.lib.output"
            + ".LazyOutputFormat",
        "mapreduce.output.lazyoutputformat.outputformat=org.apache.hadoop.mapreduce.lib"
            + ".output.TextOutputFormat (LazyOutputFormat)",
        "mapreduce.multipleoutputs.namedOutput.side.format=org.apache.hadoop.mapreduce.lib"
            + ".output.MapFileOutputFormat (MultipleOutputs named output 'side')",
        "mapreduce.input.multipleinputs.dir.formats: /in/a is read by org.apache.hadoop"
            + ".mapreduce.lib.input.CombineTextInputFormat (a CombineFileInputFormat)",
        "stream.map.streamprocessor=cat (Hadoop Streaming)"}) {
      assertTrue(m.contains(named), "'" + named + "' not in: " + m);
    }
    assertEquals(null, job.getConfiguration().get("provenance.enabled"), "not enabled");
  }

  @Test
  void anOldApiMapperSetOnAJobConfIsRefusedNotRunInsteadOfCapture() throws Exception {
    org.apache.hadoop.mapred.JobConf old = new org.apache.hadoop.mapred.JobConf(false);
    old.setMapperClass(org.apache.hadoop.mapred.lib.IdentityMapper.class);
    Job job = Job.getInstance(old);
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(0);
    assertRefused(job, "mapred.mapper.class=org.apache.hadoop.mapred.lib.IdentityMapper");
  }

  /**
   * The one kind of combiner a reduce task's merge would run (MapOutputValueClassTest), and
   * which ProvMR's class check would not see there, never reaches a ProvMR job.
   */
  @Test
  void anOldApiCombinerSetOnAJobConfIsRefused() throws Exception {
    org.apache.hadoop.mapred.JobConf old = new org.apache.hadoop.mapred.JobConf(false);
    old.setCombinerClass(org.apache.hadoop.mapred.lib.LongSumReducer.class);
    Job job = Job.getInstance(old);
    job.setMapperClass(ProvenanceMapper.class);
    job.setReducerClass(ProvenanceReducer.class);
    assertRefused(job, "mapred.combiner.class=org.apache.hadoop.mapred.lib.LongSumReducer");
  }

  /** configure refuses {@code job}, naming {@code setting} as an old-API class. */
  private static void assertRefused(Job job, String setting) {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> ProvenanceJob.configure(job));
    assertTrue(e.getMessage().contains(setting + " (the old org.apache.hadoop.mapred API"),
        e.getMessage());
  }
}
