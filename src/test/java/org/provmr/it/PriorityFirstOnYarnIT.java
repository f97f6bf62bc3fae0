package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
