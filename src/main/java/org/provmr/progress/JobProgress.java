package org.provmr.progress;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a job and reports it: {@code Submitted job_... (tracking URL: ...)} as soon as it is
 * submitted, {@code map 40% reduce 0%} whenever progress moves, and at the end a counter
 * summary (the usual task counters plus every ProvMR group). Quiet mode prints nothing and
 * polls as {@code waitForCompletion(false)} does.
 *
 * <p>Reports go to the stream given (the commands' standard error), so that a command's own
 * output on standard out stays clean for scripts.
 */
public final class JobProgress {
  /** Prints nothing. */
  public static final JobProgress SILENT = new JobProgress(null);

  private static final List<Enum<?>> SUMMARY = List.of(TaskCounter.MAP_INPUT_RECORDS,
      TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.REDUCE_INPUT_GROUPS,
      TaskCounter.REDUCE_OUTPUT_RECORDS, FileInputFormatCounter.BYTES_READ,
      FileOutputFormatCounter.BYTES_WRITTEN);
  private static final String PROVMR_GROUPS = "org.provmr.";

  /** How long an interrupted wait gives a killed job to end (YARNRunner itself waits 10 s). */
  private static final long KILL_WAIT_MS = 30_000;
  private static final Logger LOG = LoggerFactory.getLogger(JobProgress.class);

  private final PrintStream to;

  /** Reports to {@code to}; {@code null} for quiet. */
  public JobProgress(PrintStream to) {
    this.to = to;
  }

  public boolean quiet() {
    return to == null;
  }

  /** Reports a job its caller submitted until it ends, and says whether it succeeded. */
  public boolean follow(Job job) throws IOException, InterruptedException {
    submitted(job);
    boolean ok = await(job);
    finished(job, ok);
    return ok;
  }

  /** The job id and where to watch it, as soon as the job is submitted. */
  private void submitted(Job job) {
    if (to != null) {
      to.println("Submitted " + job.getJobID() + " (" + job.getJobName() + "), tracking URL: "
          + job.getTrackingURL());
    }
  }

  /**
   * Waits for a submitted job, printing map and reduce progress whenever it moves. Interrupted
   * (a service's time limit for the validation, its shutdown), it kills the job before it
   * gives up: nobody would read what the job goes on writing, and on a cluster it would hold
   * containers, and the next attempt would run beside it.
   */
  private boolean await(Job job) throws IOException, InterruptedException {
    long poll = Math.max(10, Job.getCompletionPollInterval(job.getConfiguration()));
    String last = "";
    try {
      while (!job.isComplete()) {
        last = report(job, last);
        Thread.sleep(poll);
      }
    } catch (InterruptedException e) {
      kill(job, poll);
      throw e;
    }
    report(job, last);
    return job.isSuccessful();
  }

  /** Kills {@code job} and waits, at most {@link #KILL_WAIT_MS}, until it has ended. */
  private static void kill(Job job, long poll) throws IOException {
    LOG.warn("Interrupted while waiting for {} ({}): killing it", job.getJobID(),
        job.getJobName());
    job.killJob();
    long until = System.currentTimeMillis() + KILL_WAIT_MS;
    try {
      while (!job.isComplete() && System.currentTimeMillis() < until) {
        Thread.sleep(poll);
      }
    } catch (InterruptedException again) {
      Thread.currentThread().interrupt(); // the caller rethrows the first one anyway
    }
  }

  private String report(Job job, String last) throws IOException {
    if (to == null) {
      return last;
    }
    String now = String.format(Locale.ROOT, "map %d%% reduce %d%%",
        Math.round(job.mapProgress() * 100), Math.round(job.reduceProgress() * 100));
    if (!now.equals(last)) {
      to.println("  " + job.getJobID() + ": " + now);
    }
    return now;
  }

  /** How the job ended and its counter summary. */
  private void finished(Job job, boolean ok) throws IOException {
    if (to == null) {
      return;
    }
    to.println((ok ? "Completed " : "Failed ") + job.getJobID() + " (" + job.getJobName()
        + ")");
    Counters counters = job.getCounters();
    if (counters == null) {
      return;
    }
    to.println("Counters:");
    for (Enum<?> e : SUMMARY) {
      Counter c = counters.findCounter(e);
      if (c.getValue() != 0) {
        to.println("  " + c.getDisplayName() + "=" + c.getValue());
      }
    }
    for (CounterGroup g : counters) {
      if (!g.getName().startsWith(PROVMR_GROUPS) || g.size() == 0) {
        continue;
      }
      to.println("  " + g.getDisplayName());
      for (Counter c : g) {
        to.println("    " + c.getDisplayName() + "=" + c.getValue());
      }
    }
  }
}
