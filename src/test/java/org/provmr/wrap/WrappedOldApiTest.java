package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileOutputFormat;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.lib.LongSumReducer;
import org.apache.hadoop.mapred.lib.TokenCountMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * {@code wrap --api mapred}: Hadoop's old-API TokenCountMapper and LongSumReducer
 * (OutputCollector, Reporter, JobConf) under provenance, against the same classes run as a
 * plain old-API job through JobClient: same payload, validated, corrupted, recomputed.
 */
class WrappedOldApiTest {
  @TempDir
  Path tmp;

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  @Test
  void oldApiWordCountMatchesThePlainOldApiJobAndRecomputes() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32 * 1024);
    org.apache.hadoop.fs.Path text = TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2);

    JobConf plain = new JobConf(conf);
    plain.setJobName("old-api wordcount");
    plain.setMapperClass(TokenCountMapper.class);
    plain.setCombinerClass(LongSumReducer.class);
    plain.setReducerClass(LongSumReducer.class);
    plain.setOutputKeyClass(Text.class);
    plain.setOutputValueClass(LongWritable.class);
    plain.setNumReduceTasks(2);
    FileInputFormat.setInputPaths(plain, text);
    FileOutputFormat.setOutputPath(plain, new org.apache.hadoop.fs.Path(uri("plain")));
    assertTrue(JobClient.runJob(plain).isSuccessful());
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));
    assertTrue(expected.size() > 1000, "a real vocabulary: " + expected.size());

    String[] wrap = {"wrap", "--api", "mapred", "--mapper", TokenCountMapper.class.getName(),
        "--combiner", LongSumReducer.class.getName(), "--reducer",
        LongSumReducer.class.getName(), "--reduces", "2",
        "--map-output-key-class", "org.apache.hadoop.io.Text",
        "--map-output-value-class", "org.apache.hadoop.io.LongWritable",
        "--output-key-class", "org.apache.hadoop.io.Text",
        "--output-value-class", "org.apache.hadoop.io.LongWritable",
        "--input", text.toString(), "--output", uri("wrapped")};
    Run run = TestData.provmr(conf, wrap);
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
    List<Step> steps = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wrapped")))
        .job().lineage(0).lineage().steps();
    assertEquals(TokenCountMapper.class.getName(), steps.get(0).className());
    assertEquals(LongSumReducer.class.getName(), steps.get(1).className());

    assertEquals(ExitCodes.OK, TestData.provmr(conf, "validate", "--alerts", uri("a0"),
        "--output", uri("wrapped")).exitCode());
    Outputs.corrupt(tmp.resolve("wrapped/part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(conf, "validate", "--alerts", uri("a1"),
        "--output", uri("wrapped")).exitCode());
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = TestData.provmr(conf, "validate", "--alerts", uri("a2"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
  }

  @Test
  void anOldApiDriversJobConfGetsProvenanceWithOneCallAndRunsThroughJobClient()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path text = TestData.text(conf, tmp.resolve("text"), 48 * 1024, 1);
    JobConf[] jobs = new JobConf[2];
    for (int i = 0; i < 2; i++) {
      JobConf job = new JobConf(conf);
      job.setMapperClass(TokenCountMapper.class);
      job.setReducerClass(LongSumReducer.class);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(LongWritable.class);
      FileInputFormat.setInputPaths(job, text);
      FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri("out" + i)));
      jobs[i] = job;
    }
    WrappedJob.configure(jobs[1]); // the one new line in an old-API driver
    assertTrue(JobClient.runJob(jobs[0]).isSuccessful());
    assertTrue(JobClient.runJob(jobs[1]).isSuccessful());
    assertEquals(Outputs.sortedTextParts(tmp.resolve("out0")),
        Outputs.payload(conf, tmp.resolve("out1")));
    assertEquals(TokenCountMapper.class.getName(), LineageStore.read(conf,
        new org.apache.hadoop.fs.Path(uri("out1"))).job().lineage(0).lineage().steps().get(0)
        .className());
    assertEquals(ExitCodes.OK, TestData.provmr(conf, "validate", "--alerts", uri("a0"),
        "--output", uri("out1")).exitCode());
  }

  @Test
  void anUnknownApiIsAUsageError() throws Exception {
    Run run = TestData.provmr(TestData.localConf(tmp), "wrap", "--api", "streaming",
        "--mapper", TokenCountMapper.class.getName(), "--input", tmp.toString(), "--output",
        uri("o"));
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().contains("Bad value 'streaming' for --api: use mapreduce"), run.err());
  }
}
