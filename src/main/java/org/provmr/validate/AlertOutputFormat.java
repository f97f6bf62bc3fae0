package org.provmr.validate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.security.TokenCache;
import org.provmr.store.ExclusiveFiles;

/**
 * Alert files {@code alerts-r-NNNNN.jsonl}, one JSON object a line, committed by the job's
 * committer: tasks write under {@code _temporary} and nothing is visible until the job commits
 * (the driver forces FileOutputCommitter algorithm 1 for that). An aborted job removes the
 * alerts directory, which did not exist before it ran.
 *
 * <p>Two validations given the same new alerts directory would both pass Hadoop's "output
 * exists" check and write into one directory. {@link #claim} creates it first, atomically,
 * with a claim file only that job's checkOutputSpecs accepts, so the second is refused before
 * it starts.
 */
public class AlertOutputFormat extends TextOutputFormat<NullWritable, Text> {
  /** The base name of alert files. */
  public static final String BASE_NAME = "alerts";
  public static final String EXTENSION = ".jsonl";

  /** The claim file a validation leaves in its alerts directory. */
  public static final String CLAIM_FILE = "_claimed";
  /** Internal: the claim token of this job's alerts directory. */
  private static final String CLAIM_TOKEN = "provenance.validate.alerts.claim";

  private FileOutputCommitter committer;

  /**
   * Creates the job's (new) alerts directory holding a claim file that only this job accepts.
   *
   * @return false when the directory's claim file exists already (another validation's)
   */
  public static boolean claim(Job job) throws IOException {
    Configuration conf = job.getConfiguration();
    Path alerts = getOutputPath(job);
    String token = UUID.randomUUID().toString();
    if (!ExclusiveFiles.createNew(alerts.getFileSystem(conf), new Path(alerts, CLAIM_FILE),
        token.getBytes(StandardCharsets.UTF_8))) {
      return false;
    }
    conf.set(CLAIM_TOKEN, token);
    return true;
  }

  /** Accepts an existing alerts directory only when it holds nothing but this job's claim. */
  @Override
  public void checkOutputSpecs(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    Path out = getOutputPath(job);
    String token = conf.get(CLAIM_TOKEN);
    if (token != null && out != null && claimedBy(out.getFileSystem(conf), out, token)) {
      TokenCache.obtainTokensForNamenodes(job.getCredentials(), new Path[] {out}, conf);
      return;
    }
    super.checkOutputSpecs(job);
  }

  private static boolean claimedBy(FileSystem fs, Path dir, String token) throws IOException {
    if (!fs.exists(dir)) {
      return false;
    }
    FileStatus[] in = fs.listStatus(dir);
    if (in.length != 1 || !in[0].getPath().getName().equals(CLAIM_FILE)) {
      return false;
    }
    try (InputStream s = fs.open(in[0].getPath())) {
      return token.equals(new String(s.readNBytes(256), StandardCharsets.UTF_8));
    }
  }

  @Override
  public Path getDefaultWorkFile(TaskAttemptContext context, String extension)
      throws IOException {
    FileOutputCommitter c = (FileOutputCommitter) getOutputCommitter(context);
    return new Path(c.getWorkPath(), getUniqueFile(context, BASE_NAME,
        EXTENSION + extension));
  }

  @Override
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException {
    if (committer == null) {
      committer = new AlertCommitter(getOutputPath(context), context);
    }
    return committer;
  }

  /** FileOutputCommitter that leaves no alerts directory behind a failed job. */
  static final class AlertCommitter extends FileOutputCommitter {
    private final Path output;

    AlertCommitter(Path output, TaskAttemptContext context) throws IOException {
      super(output, context);
      this.output = output;
    }

    @Override
    public void abortJob(JobContext context, JobStatus.State state) throws IOException {
      super.abortJob(context, state);
      FileSystem fs = output.getFileSystem(context.getConfiguration());
      if (fs.exists(output) && !fs.delete(output, true)) {
        throw new IOException("Could not remove the alerts of failed validation job "
            + context.getJobID() + ": " + output);
      }
    }
  }
}
