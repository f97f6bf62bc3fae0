package org.provmr.wrap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.streaming.StreamJob;
import org.provmr.conf.BadConfigurationException;

/**
 * Hadoop Streaming's own option parsing ({@code -input -output -mapper CMD -reducer CMD
 * -numReduceTasks N -file F -cmdenv K=V ...}, hadoop-streaming's StreamJob) building the
 * JobConf it would submit, which {@link StreamingWrap} then turns into a provenance job. So a
 * streaming command line means under {@code provmr streaming} what it means under {@code
 * hadoop jar hadoop-streaming.jar}.
 */
public final class StreamingJob extends StreamJob {
  private JobConf prepared;

  private StreamingJob() {
  }

  /** Everything StreamJob.run does except the submission: keep the JobConf instead. */
  @Override
  public int submitAndMonitorJob() {
    prepared = jobConf_;
    return 0;
  }

  /**
   * The provenance job for a streaming command line, over {@code conf} (generic options
   * applied), not submitted. StreamJob prints its own complaints about the options on
   * standard error.
   *
   * @return null when the options asked for help (StreamJob printed it)
   * @throws BadConfigurationException if StreamJob refused the options, or provenance cannot
   *     capture what they set
   */
  public static JobConf prepare(Configuration conf, String[] argv) throws Exception {
    StreamingJob job = new StreamingJob();
    job.setConf(conf);
    int rc = job.run(argv);
    if (job.prepared == null) {
      if (rc == 0) {
        return null;
      }
      throw new BadConfigurationException("hadoop-streaming refused the options (its message"
          + " is above): " + String.join(" ", argv));
    }
    StreamingWrap.configure(job.prepared);
    return job.prepared;
  }
}
