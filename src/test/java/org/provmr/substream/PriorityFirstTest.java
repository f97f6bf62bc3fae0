package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.JobPriority;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.TopK;
import org.provmr.mapreduce.PriorityPhases;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Priority first on LocalJobRunner (docs/substreams.md): a downstream topk over a wordcount
 * whose recomputed partition is in priority/ runs as a priority phase over priority/ only,
 * then a main phase over the whole output, which equals a plain topk.
 */
class PriorityFirstTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path wc;
  static Path clean;

  @TempDir
  Path tmp;

  @BeforeAll
  static void wordcountWithARecomputedPartition() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    Path text = shared.resolve("text");
    TestData.text(conf, text, 4 * 32 * 1024, 4);
    wc = shared.resolve("wc");
    clean = shared.resolve("clean");
    ok("run", "wordcount", "--input", text.toString(), "--output", wc.toString(), "--reduces",
        "3", "-D", "provenance.substream.by=confidence");
    ok("run", "wordcount", "--input", text.toString(), "--output", clean.toString(),
        "--reduces", "3");
    Outputs.corrupt(wc.resolve("part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(conf, "validate", "--alerts",
        shared.resolve("a").toString(), "--output", wc.toString()).exitCode());
    ok("recompute", "--alerts", shared.resolve("a").toString());
    assertTrue(Files.exists(wc.resolve("priority/part-r-00001")));
  }

  private static Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void topkRunsThePriorityPhaseFirstAndTheMainPhaseEqualsAPlainRun() throws Exception {
    Run r = ok("run", "topk", "--input", wc.toString(), "--output", tmp.resolve("topk")
        .toString(), "--k", "40", "--priority-first", tmp.resolve("early").toString());
    int p = r.out().indexOf("Priority phase: job ");
    int m = r.out().indexOf("Main phase: job ");
    assertTrue(p >= 0 && m > p, r.out());
    ok("run", "topk", "--input", clean.toString(), "--output", tmp.resolve("plain").toString(),
        "--k", "40");
    assertEquals(Outputs.payload(conf, tmp.resolve("plain")),
        Outputs.payload(conf, tmp.resolve("topk")), "the main phase is a plain topk");
    ok("run", "topk", "--input", wc.toString(), "--output", tmp.resolve("only").toString(),
        "--k", "40", "-D", "provenance.input.substream=priority");
    assertEquals(Outputs.payload(conf, tmp.resolve("only")),
        Outputs.payload(conf, tmp.resolve("early")), "the priority phase read priority/ only");
  }

  @Test
  void everyPriorityTaskStartsBeforeAnyMainTask() throws Exception {
    List<long[]> starts = new java.util.ArrayList<>();
    PriorityPhases.Phases phases = PriorityPhases.run(conf,
        new org.apache.hadoop.fs.Path(tmp.resolve("early").toUri()),
        new org.apache.hadoop.fs.Path(tmp.resolve("topk").toUri()),
        (c, out) -> TopK.createJob(c, new org.apache.hadoop.fs.Path(wc.toUri()), out, 40),
        j -> j.waitForCompletion(false));
    assertTrue(phases.succeeded());
    assertNotNull(phases.priority());
    assertEquals(JobPriority.VERY_HIGH.name(),
        phases.priority().getConfiguration().get(MRJobConfig.PRIORITY));
    assertEquals("priority",
        phases.priority().getConfiguration().get(ProvenanceKeys.INPUT_SUBSTREAM));
    // LocalJobRunner keeps no task reports; its job status has the job's start and finish.
    long priorityStart = phases.priority().getStatus().getStartTime();
    long priorityEnd = phases.priority().getStatus().getFinishTime();
    long mainStart = phases.main().getStatus().getStartTime();
    System.out.println("priority " + priorityStart + ".." + priorityEnd + " main " + mainStart
        + " finished " + phases.priorityFinished() + " submitted " + phases.mainSubmitted());
    assertTrue(phases.priorityFinished() <= phases.mainSubmitted());
  }

  /**
   * A wrapped third-party job (Hadoop's InverseMapper, map-only) over the same output, on
   * LocalJobRunner, which keeps no task reports: each map task's start is the time its part
   * writer was created, which the part's store entry records (its timestamp base).
   */
  @Test
  void aWrappedThirdPartyJobsPriorityMapTasksStartBeforeAnyMainMapTask() throws Exception {
    org.apache.hadoop.fs.Path early = new org.apache.hadoop.fs.Path(tmp.resolve("early")
        .toUri());
    org.apache.hadoop.fs.Path all = new org.apache.hadoop.fs.Path(tmp.resolve("all").toUri());
    PriorityPhases.Phases phases = PriorityPhases.run(conf, early, all, (c, out) -> {
      org.apache.hadoop.mapreduce.Job j = org.apache.hadoop.mapreduce.Job.getInstance(c);
      j.setInputFormatClass(org.provmr.mapreduce.PayloadInputFormat.class);
      FileInputFormat.addInputPath(j, new org.apache.hadoop.fs.Path(wc.toUri()));
      org.apache.hadoop.mapreduce.lib.output.FileOutputFormat.setOutputPath(j, out);
      org.provmr.wrap.WrappedJob.configure(j, new org.provmr.wrap.WrapSpec()
          .mapper(org.apache.hadoop.mapreduce.lib.map.InverseMapper.class.getName())
          .reduces(0).outputKeyClass(org.apache.hadoop.io.IntWritable.class.getName())
          .outputValueClass(org.apache.hadoop.io.Text.class.getName()));
      return j;
    }, j -> j.waitForCompletion(false));
    assertTrue(phases.succeeded());
    List<org.provmr.store.PartEntry> p = org.provmr.store.LineageStore.read(conf, early).parts();
    List<org.provmr.store.PartEntry> m = org.provmr.store.LineageStore.read(conf, all).parts();
    // One map task (and part) per split: of priority/part-r-00001, then of the whole output.
    assertTrue(p.size() >= 1 && m.size() > p.size(), p.size() + " " + m.size());
    long lastPriority = p.stream().mapToLong(org.provmr.store.PartEntry::timestampBase).max()
        .getAsLong();
    long firstMain = m.stream().mapToLong(org.provmr.store.PartEntry::timestampBase).min()
        .getAsLong();
    assertTrue(lastPriority > 0 && lastPriority < firstMain, lastPriority + " " + firstMain);
    long wcRecords = org.provmr.store.LineageStore.read(conf, new org.apache.hadoop.fs.Path(
        wc.toUri())).parts().stream().mapToLong(org.provmr.store.PartEntry::records).sum();
    assertEquals(wcRecords, m.stream().mapToLong(org.provmr.store.PartEntry::records).sum(),
        "the main phase read the whole output");
  }
}
