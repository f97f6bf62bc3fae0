package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.testing.TestData;

/**
 * On YARN, Hadoop 3.4's MRAppMaster calls abortJob(KILLED) from its shutdown hook every time
 * the AM exits, also after a successful commit (seen on MiniMRYarnCluster: every committed
 * output vanished a few seconds after its job). A committed output must survive that; the
 * output of a job that did not commit is still removed.
 */
class ProvenanceOutputCommitterAbortTest {
  @TempDir
  Path tmp;

  @Test
  void abortAfterThisJobCommittedKeepsTheOutputButAnUncommittedOneIsRemoved() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.writeString(tmp.resolve("in.txt"), "to be or not to be\n");
    String out = tmp.resolve("wc").toUri().toString();
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", out).exitCode());
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out);
    JobID committed = JobID.forName(LineageStore.read(conf, output).job().jobId());

    abort(conf, output, committed);
    FileSystem fs = output.getFileSystem(conf);
    assertTrue(fs.exists(new org.apache.hadoop.fs.Path(output, "part-r-00000")));
    assertTrue(LineageStore.exists(conf, output));

    abort(conf, output, new JobID("other", 7));
    assertFalse(fs.exists(output), "another job's abort treats the output as its own");
  }

  private static void abort(Configuration conf, org.apache.hadoop.fs.Path output, JobID job)
      throws Exception {
    ProvenanceOutputCommitter committer = new ProvenanceOutputCommitter(output,
        new TaskAttemptContextImpl(conf, new TaskAttemptID(job.getJtIdentifier(), job.getId(),
            TaskType.JOB_CLEANUP, 0, 0)));
    committer.abortJob(new JobContextImpl(conf, job), JobStatus.State.KILLED);
  }
}
