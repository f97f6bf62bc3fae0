package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobPriority;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreNames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a consumer of sub-streamed outputs priority first (docs/substreams.md), as two jobs.
 *
 * <p>Hadoop does not keep the order of a job's splits: {@code JobSubmitter} sorts them by
 * length, largest first, before it writes the split meta-info, and LocalJobRunner and the
 * MapReduce ApplicationMaster then schedule map tasks in that order (the AM also by locality).
 * So "priority splits first" inside one job is not something a consumer can rely on. Instead:
 * <ol>
 *   <li>the <b>priority phase</b>: the job over the priority sub-stream of its inputs only
 *       ({@code provenance.input.substream=priority}) at {@code mapreduce.job.priority=
 *       VERY_HIGH}, into its own output: an early answer over fresh (recomputed, young) data;
 *   <li>then the <b>main phase</b>: the same job over its whole inputs (main and sub-streams),
 *       into the requested output, submitted only when the priority phase has finished.</li>
 * </ol>
 * Every map task of the priority phase therefore starts (and ends) before any map task of the
 * main phase, whatever the scheduler, and the main phase's output is exactly that of a plain
 * run. Inputs without a sub-stream directory skip the priority phase.
 */
public final class PriorityPhases {
  private static final Logger LOG = LoggerFactory.getLogger(PriorityPhases.class);

  /** Builds the consumer job for a configuration and an output directory. */
  @FunctionalInterface
  public interface JobFactory {
    Job create(Configuration conf, Path output) throws IOException;
  }

  /** Runs a job to completion; false when it failed. */
  @FunctionalInterface
  public interface Runner {
    boolean run(Job job) throws IOException, InterruptedException, ClassNotFoundException;
  }

  /**
   * What ran.
   *
   * @param priority the priority phase, or null when the inputs have no sub-stream
   * @param main the main phase, or null when the priority phase failed
   * @param priorityFinished when the priority phase had finished (ms)
   * @param mainSubmitted when the main phase was submitted (ms), or 0
   */
  public record Phases(Job priority, Job main, long priorityFinished, long mainSubmitted) {
    /** Whether every phase that ran succeeded. */
    public boolean succeeded() throws IOException {
      return main != null && main.isSuccessful()
          && (priority == null || priority.isSuccessful());
    }
  }

  private PriorityPhases() {
  }

  /**
   * Runs the priority phase into {@code priorityOutput}, then the main phase into
   * {@code output}.
   */
  public static Phases run(Configuration conf, Path priorityOutput, Path output,
      JobFactory factory, Runner runner)
      throws IOException, InterruptedException, ClassNotFoundException {
    Configuration main = new Configuration(conf);
    main.set(ProvenanceKeys.INPUT_SUBSTREAM, "all");
    Job mainJob = factory.create(main, output);
    Job priorityJob = null;
    long finished = 0;
    if (hasSubstream(mainJob)) {
      Configuration first = new Configuration(conf);
      first.set(ProvenanceKeys.INPUT_SUBSTREAM, "priority");
      first.set(MRJobConfig.PRIORITY, JobPriority.VERY_HIGH.name());
      priorityJob = factory.create(first, priorityOutput);
      priorityJob.setJobName(priorityJob.getJobName() + " (priority phase)");
      LOG.info("Priority phase of {}: the priority sub-streams of its inputs into {}",
          mainJob.getJobName(), priorityOutput);
      boolean ok = runner.run(priorityJob);
      finished = System.currentTimeMillis();
      if (!ok) {
        return new Phases(priorityJob, null, finished, 0);
      }
    } else {
      LOG.info("No sub-stream in the inputs of {}: no priority phase", mainJob.getJobName());
    }
    long submitted = System.currentTimeMillis();
    runner.run(mainJob);
    return new Phases(priorityJob, mainJob, finished, submitted);
  }

  /** Whether some input directory of the job has a sub-stream directory. */
  static boolean hasSubstream(Job job) throws IOException {
    for (Path in : FileInputFormat.getInputPaths(job)) {
      FileSystem fs = in.getFileSystem(job.getConfiguration());
      if (!fs.exists(in) || !fs.getFileStatus(in).isDirectory()) {
        continue;
      }
      for (FileStatus st : fs.listStatus(in)) {
        if (st.isDirectory() && StoreNames.isSubstreamDir(st.getPath().getName())) {
          return true;
        }
      }
    }
    return false;
  }
}
