package org.provmr.bench.headline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;

/** Runs jobs one at a time, timing each (wall and this JVM's CPU), and keeps the samples. */
final class JobRunner {
  /** One job run. */
  record Sample(int round, double wallSeconds, double cpuSeconds, long outputBytes,
      long mapOutputRecords, long shuffleBytes, double gcSeconds, double jitSeconds,
      double compilerCpuSeconds, double taskThreadCpuSeconds, long startMillis) {
    /** Process CPU without the JIT compiler threads' (the job's threads, GC and the VM's). */
    double cpuWithoutJit() {
      return compilerCpuSeconds < 0 ? cpuSeconds : cpuSeconds - compilerCpuSeconds;
    }
  }

  private final FileSystem fs;
  private final Map<String, List<Sample>> samples = new LinkedHashMap<>();

  JobRunner(FileSystem fs) {
    this.fs = fs;
  }

  /** Runs {@code job} (its output, if any, deleted first) and records it under {@code label}. */
  Sample run(String label, int round, Job job, Path out) throws Exception {
    if (out != null) {
      fs.delete(out, true);
    }
    System.gc(); // leave the previous job's garbage out of this job's time
    if (round > 0) {
      AsyncProfiling.start();
    }
    long gc0 = Stats.gcMillis();
    long jit0 = Stats.jitMillis();
    long comp0 = Stats.compilerCpuNanos();
    long cpu0 = Stats.processCpuNanos();
    long t0 = System.nanoTime();
    long startMillis = System.currentTimeMillis(); // to line the job up with a perf or JFR recording
    Stats.TaskThreads taskThreads = new Stats.TaskThreads();
    boolean ok = job.waitForCompletion(false);
    AsyncProfiling.stop(label, round);
    taskThreads.close();
    double wall = (System.nanoTime() - t0) / 1e9;
    // The job's process CPU, less the benchmark's own polling of the job's threads.
    double cpu = (Stats.processCpuNanos() - cpu0) / 1e9 - taskThreads.ownSeconds();
    long comp1 = Stats.compilerCpuNanos();
    double compiler = comp0 < 0 || comp1 < 0 ? -1 : (comp1 - comp0) / 1e9;
    // Where CPU outside the job's own threads can go: collections and compilation (their wall
    // time, as the JVM reports them), so a ratio can be told apart from GC or JIT noise.
    double gc = (Stats.gcMillis() - gc0) / 1e3;
    double jit = (Stats.jitMillis() - jit0) / 1e3;
    if (!ok) {
      throw new IOException("job " + label + " failed in round " + round);
    }
    Sample s = new Sample(round, wall, cpu, out == null ? 0 : partBytes(out),
        job.getCounters().findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue(),
        job.getCounters().findCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES).getValue(),
        gc, jit, compiler, taskThreads.seconds(), startMillis);
    if (round > 0) {
      samples.computeIfAbsent(label, x -> new ArrayList<>()).add(s);
    }
    System.out.printf(java.util.Locale.ROOT,
        "  %-8s %-22s wall %6.2f s  cpu %6.2f s (job threads %5.2f s, compiler threads %5.2f s)  gc %5.2f s"
        + "  jit %5.2f s  out %,d B  start %d  [%s]  (polling %.3f s, not in cpu)%n",
        round == 0 ? "warm-up" : "round " + round, label, wall, cpu, s.taskThreadCpuSeconds(), compiler, gc, jit,
        s.outputBytes(), startMillis, taskThreads.byPhase(), taskThreads.ownSeconds());
    return s;
  }

  /** Samples of jobs another JVM ran (a capture fork), as if run here. */
  void addAll(String label, List<Sample> more) {
    samples.computeIfAbsent(label, x -> new ArrayList<>()).addAll(more);
  }

  List<Sample> samples(String label) {
    return samples.getOrDefault(label, List.of());
  }

  Map<String, List<Sample>> all() {
    return samples;
  }

  /** Per-round ratios a/b of CPU (or wall) time: the two ran back to back. */
  List<Double> paired(String a, String b, boolean cpu) {
    return paired(a, b, cpu ? Sample::cpuSeconds : Sample::wallSeconds);
  }

  /** Per-round ratios a/b of one measure of the two jobs that ran back to back. */
  List<Double> paired(String a, String b, java.util.function.ToDoubleFunction<Sample> measure) {
    return Stats.paired(samples(a), samples(b), measure);
  }

  /** The bytes of the output's parts, its sub-streams' (priority/, age-*) included. */
  long partBytes(Path out) throws IOException {
    long n = 0;
    for (FileStatus st : fs.listStatus(out)) {
      String name = st.getPath().getName();
      if (st.isFile() && name.startsWith("part-")) {
        n += st.getLen();
      } else if (st.isDirectory() && org.provmr.store.StoreNames.isSubstreamDir(name)) {
        n += partBytes(st.getPath());
      }
    }
    return n;
  }
}
