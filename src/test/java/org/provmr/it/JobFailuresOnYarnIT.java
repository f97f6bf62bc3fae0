package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.mapreduce.JobFailures;
import org.provmr.mapreduce.JobFailuresTest;

/**
 * On YARN, Hadoop's failure info is a count of failed tasks; the cause is in the failed
 * attempts' diagnostics, which is what a failed job must report.
 */
class JobFailuresOnYarnIT {
  static MiniClusters clusters;

  @BeforeAll
  static void start() throws IOException {
    clusters = MiniClusters.shared(JobFailuresOnYarnIT.class);
  }

  @AfterAll
  static void stop() throws IOException {
    if (clusters != null) {
      clusters.close();
    }
  }

  @Test
  void aFailedJobOnYarnReportsTheTasksExceptionFromItsDiagnostics() throws Exception {
    Configuration conf = clusters.conf();
    conf.setInt(MRJobConfig.MAP_MAX_ATTEMPTS, 1); // one failed attempt is enough to ask about
    Path in = new Path(clusters.path("failing-in/in.txt"));
    try (OutputStream out = clusters.fs().create(in)) {
      out.write("1\ntwo\n3\n".getBytes(StandardCharsets.UTF_8));
    }
    Job job = Job.getInstance(conf, "failing on yarn");
    job.setMapperClass(JobFailuresTest.FailingMapper.class);
    job.setNumReduceTasks(0);
    FileInputFormat.setInputPaths(job, in.getParent());
    FileOutputFormat.setOutputPath(job, new Path(clusters.path("failing-out")));
    assertFalse(job.waitForCompletion(false));

    JobFailures.Failure why = JobFailures.of(job);
    assertTrue(why.summary().contains("java.lang.IllegalStateException: cannot parse record 2:"
        + " 'two'") && why.summary().contains("attempt_"), why.summary());
    assertNull(why.cause(), "the task ran in another JVM: its exception is text");
  }
}
