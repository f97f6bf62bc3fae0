package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.TaskReport;
import org.apache.hadoop.mapreduce.TaskType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreNames;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Priority first on YARN (docs/substreams.md): topk with {@code --priority-first} over a
 * wordcount routed by age, proven from the MapReduce ApplicationMaster's task reports: every
 * map task of the priority phase started before any map task of the main phase.
 */
class PriorityFirstOnYarnIT {
  static MiniClusters clusters;
  static Configuration conf;

  @BeforeAll
  static void start() throws IOException {
    clusters = MiniClusters.shared(PriorityFirstOnYarnIT.class);
    conf = clusters.conf();
  }

  @AfterAll
  static void stop() throws IOException {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void everyPriorityPhaseMapTaskStartsBeforeAnyMainPhaseMapTask() throws Exception {
    String text = clusters.path("text");
    Run gen = TestData.provmr(conf, "generate", "--output", text, "--size", "128k", "--files",
        "2");
    assertEquals(0, gen.exitCode(), gen.err());
    // One file a month old: words only in it stay in the main parts, the rest are young.
    FileSystem fs = clusters.fs();
    FileStatus[] files = fs.listStatus(new Path(text), p -> p.getName().endsWith(".txt"));
    long month = System.currentTimeMillis() - 30L * 24 * 3600 * 1000;
    fs.setTimes(files[0].getPath(), month, month);
    String wc = clusters.path("wc");
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output", wc,
        "--reduces", "2", "-D", "provenance.substream.by=age");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    long priorityRecords = LineageStore.read(conf, new Path(wc)).parts().stream()
        .filter(p -> StoreNames.PRIORITY.equals(StoreNames.substreamOf(p.name())))
        .mapToLong(PartEntry::records).sum();
    assertTrue(priorityRecords > 0, "the young file's words are in priority/");

    Run topk = TestData.provmr(conf, "run", "topk", "--input", wc, "--output",
        clusters.path("topk"), "--k", "20", "--priority-first", clusters.path("early"));
    assertEquals(0, topk.exitCode(), topk.out() + topk.err());
    Job priority = job(topk.out(), "Priority phase");
    Job main = job(topk.out(), "Main phase");
    long[] p = starts(priority);
    long[] m = starts(main);
    assertTrue(p.length > 0 && m.length > 0, "map tasks in both phases");
    assertTrue(Arrays.stream(p).allMatch(t -> t > 0) && Arrays.stream(m).allMatch(t -> t > 0),
        Arrays.toString(p) + " " + Arrays.toString(m));
    long lastPriority = Arrays.stream(p).max().getAsLong();
    long firstMain = Arrays.stream(m).min().getAsLong();
    assertTrue(lastPriority < firstMain, "priority map starts " + Arrays.toString(p)
        + ", main map starts " + Arrays.toString(m));
    System.out.println("PriorityFirstOnYarnIT: priority phase map starts " + Arrays.toString(p)
        + ", main phase map starts " + Arrays.toString(m));
    // (That the main phase equals a plain topk is PriorityFirstTest's, on LocalJobRunner.)
  }

  /**
   * A downstream stage planned by recompute (docs/substreams.md, "Downstream stages of a
   * recompute"): wordcount's part 1 corrupted on HDFS and recomputed into its priority/; topk's
   * sub-job runs as a priority phase over that part's split, then a main phase that replays it
   * from the cache; every priority-phase map task started before any main-phase map task.
   */
  @Test
  void aRecomputedTopkMapsItsUpstreamsPrioritySplitsFirst() throws Exception {
    long began = System.currentTimeMillis();
    String text = clusters.path("text-r");
    Run gen = TestData.provmr(conf, "generate", "--output", text, "--size", "64k", "--files",
        "2");
    assertEquals(0, gen.exitCode(), gen.err());
    String wc = clusters.path("wc-r");
    String topk = clusters.path("topk-r");
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output", wc,
        "--reduces", "2", "-D", "provenance.substream.by=confidence");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    run = TestData.provmr(conf, "run", "topk", "--input", wc, "--output", topk, "--k", "20");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    FileSystem fs = clusters.fs();
    Path part = new Path(wc, "part-r-00001");
    byte[] bytes = new byte[(int) fs.getFileStatus(part).getLen()];
    try (org.apache.hadoop.fs.FSDataInputStream in = fs.open(part)) {
      in.readFully(bytes);
    }
    bytes[bytes.length / 2] ^= 0x5A;
    try (org.apache.hadoop.fs.FSDataOutputStream out = fs.create(part, true)) {
      out.write(bytes);
    }
    String alerts = clusters.path("alerts-r");
    Run validate = TestData.provmr(conf, "validate", "--output", wc, "--output", topk,
        "--alerts", alerts);
    assertEquals(3, validate.exitCode(), validate.out() + validate.err());
    Run recompute = TestData.provmr(conf, "recompute", "--alerts", alerts);
    assertEquals(0, recompute.exitCode(), recompute.out() + recompute.err());
    assertTrue(fs.exists(new Path(wc, "priority/part-r-00001")), recompute.out());
    long[] p = starts(ran(recompute.out(), "priority"));
    long[] m = starts(ran(recompute.out(), "main"));
    assertTrue(p.length > 0 && m.length > p.length, Arrays.toString(p) + " " + Arrays.toString(m));
    assertTrue(Arrays.stream(p).allMatch(t -> t > 0) && Arrays.stream(m).allMatch(t -> t > 0));
    long lastPriority = Arrays.stream(p).max().getAsLong();
    long firstMain = Arrays.stream(m).min().getAsLong();
    assertTrue(lastPriority < firstMain, "priority map starts " + Arrays.toString(p)
        + ", main map starts " + Arrays.toString(m));
    assertTrue(recompute.out().contains("in " + p.length + " cache hits"), recompute.out());
    System.out.println("PriorityFirstOnYarnIT: recompute of topk: priority phase map starts "
        + Arrays.toString(p) + ", main phase map starts " + Arrays.toString(m) + "; "
        + (System.currentTimeMillis() - began) + " ms");
  }

  /** The job of a recompute's phase, from its summary line "ran KIND (PHASE phase) JOB:". */
  private static Job ran(String out, String phase) throws Exception {
    Matcher m = Pattern.compile("ran [^\\n]*\\(" + phase + " phase\\) (job_\\S+):")
        .matcher(out);
    assertTrue(m.find(), out);
    assertFalse(m.group(1).startsWith("job_local"), "ran in YARN: " + out);
    Job j = new Cluster(conf).getJob(JobID.forName(m.group(1)));
    assertTrue(j != null, "job " + m.group(1) + " is known to the cluster");
    return j;
  }

  private static Job job(String out, String phase) throws Exception {
    Matcher m = Pattern.compile(phase + ": job (job_\\S+)").matcher(out);
    assertTrue(m.find(), out);
    Job j = new Cluster(conf).getJob(JobID.forName(m.group(1)));
    assertTrue(j != null, "job " + m.group(1) + " is known to the cluster");
    return j;
  }

  /** Start times of the job's map tasks, from its task reports. */
  private static long[] starts(Job job) throws Exception {
    TaskReport[] reports = job.getTaskReports(TaskType.MAP);
    return Arrays.stream(reports).mapToLong(TaskReport::getStartTime).toArray();
  }
}
