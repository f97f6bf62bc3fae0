package org.provmr.validate;

import java.io.IOException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

/**
 * Alert files {@code alerts-r-NNNNN.jsonl}, one JSON object a line, committed by the job's
 * committer: tasks write under {@code _temporary} and nothing is visible until the job commits
 * (the driver forces FileOutputCommitter algorithm 1 for that). An aborted job removes the
 * alerts directory, which did not exist before it ran.
 */
public class AlertOutputFormat extends TextOutputFormat<NullWritable, Text> {
  /** The base name of alert files. */
  public static final String BASE_NAME = "alerts";
  public static final String EXTENSION = ".jsonl";

  private FileOutputCommitter committer;

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
