package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A FileOutputCommitter that also commits the lineage store.
 *
 * <p>Tasks leave store fragments in their work paths, so FileOutputCommitter moves them with
 * the parts (a failed or killed attempt's fragments are discarded with its output). At job
 * commit the fragments are merged into {@code _provenance/}, and only then is
 * {@code _SUCCESS} written: a reader that sees {@code _SUCCESS} sees a complete store. An
 * aborted job leaves no output directory at all.
 */
public class ProvenanceOutputCommitter extends FileOutputCommitter {
  private static final Logger LOG = LoggerFactory.getLogger(ProvenanceOutputCommitter.class);
  private final Path output;

  public ProvenanceOutputCommitter(Path output, TaskAttemptContext context) throws IOException {
    super(output, context);
    this.output = output;
  }

  @Override
  public void setupJob(JobContext context) throws IOException {
    super.setupJob(context);
    CaptureEvents.start(context, output);
  }

  @Override
  public void commitJob(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    boolean marker = conf.getBoolean(SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, true);
    // FileOutputCommitter writes _SUCCESS at the end of commitJob; hold it back until the
    // store is complete, then write it ourselves.
    conf.setBoolean(SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false);
    try {
      super.commitJob(context);
    } finally {
      conf.setBoolean(SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, marker);
    }
    FileSystem fs = output.getFileSystem(conf);
    LineageStore.commit(fs, output, jobRecord(context, fs), KeyedMode.jobKey(context));
    if (marker) {
      fs.create(new Path(output, SUCCEEDED_FILE_NAME), true).close();
    }
    // After the commit: the output stands whether or not its sources reach the history.
    CaptureHistory.record(context, output);
    CaptureEvents.complete(context, output);
    LOG.info("Job {} committed {} with its lineage store{}", context.getJobID(), output,
        marker ? ", then " + SUCCEEDED_FILE_NAME : " (no " + SUCCEEDED_FILE_NAME + ": "
        + SUCCESSFUL_JOB_OUTPUT_DIR_MARKER + "=false)");
  }

  private JobRecord jobRecord(JobContext context, FileSystem fs) throws IOException {
    Configuration conf = context.getConfiguration();
    String jobId = context.getJobID().toString();
    Lineage lineage = JobLineage.of(conf, jobId);
    List<String> inputs = new ArrayList<>();
    for (Path p : FileInputFormat.getInputPaths(context)) {
      inputs.add(p.getFileSystem(conf).makeQualified(p).toString());
    }
    return new JobRecord(JobRecord.FORMAT_VERSION, jobId, context.getJobName(),
        context.getUser(), System.currentTimeMillis(),
        ProvenanceJob.getHeaderMode(conf).configName(),
        ProvenanceJob.getChecksumAlgorithm(conf).configName(), inputs,
        List.of(new LineageEntry(0, lineage)), EffectiveConfiguration.of(conf));
  }

  @Override
  public void abortJob(JobContext context, JobStatus.State state) throws IOException {
    super.abortJob(context, state);
    // On YARN, Hadoop 3.4's MRAppMaster shutdown hook calls abortJob(KILLED) whenever the AM
    // JVM exits, after a successful commit too: an output whose store this job committed is
    // finished and must stay. (LocalJobRunner never does this.)
    if (committedByThisJob(context)) {
      LOG.info("abortJob({}) of job {} after its commit: keeping {}, whose lineage store this"
          + " job wrote", state, context.getJobID(), output);
      return;
    }
    // checkOutputSpecs guaranteed the directory did not exist before this job and claimed it
    // for this job (OutputClaim: no other job got past its check), so everything in it is
    // this job's: parts committed by tasks (algorithm v2), fragments, the store.
    FileSystem fs = output.getFileSystem(context.getConfiguration());
    LOG.info("Job {} aborted ({}): removing its output {} (created by this job, so nothing"
        + " else is lost)", context.getJobID(), state, output);
    try {
      if (fs.exists(output) && !fs.delete(output, true)) {
        throw new IOException("Could not remove the output of failed job "
            + context.getJobID() + ": " + output);
      }
    } finally {
      CaptureEvents.abort(context, output, state == JobStatus.State.KILLED);
    }
  }

  /** True when commitJob completed: the store's job.json (written last) names this job. */
  private boolean committedByThisJob(JobContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    return LineageStore.exists(conf, output) && LineageStore.read(conf, output).job().jobId()
        .equals(context.getJobID().toString());
  }
}
