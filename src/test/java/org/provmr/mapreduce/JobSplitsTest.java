package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/** Without a submitted job's split files, splits come in JobSubmitter's order. */
class JobSplitsTest {
  @TempDir
  Path tmp;

  @Test
  void recomputedSplitsAreInSubmissionOrderLargestFirstTiesAsListed() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path a = Files.writeString(tmp.resolve("a.txt"), "x\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "xxxxxxxx\n");
    Path c = Files.writeString(tmp.resolve("c.txt"), "yyyyyyyy\n");
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(a.toUri()),
        new org.apache.hadoop.fs.Path(b.toUri()), new org.apache.hadoop.fs.Path(c.toUri()));

    JobSplits splits = JobSplits.of(job.getConfiguration(), new JobID("t", 1));

    assertEquals(3, splits.size());
    assertEquals("b.txt", ((FileSplit) splits.byTask(0)).getPath().getName());
    assertEquals("c.txt", ((FileSplit) splits.byTask(1)).getPath().getName());
    assertEquals("a.txt", ((FileSplit) splits.bySource(2)).getPath().getName());
    assertNull(splits.bySource(3));
    assertNull(splits.byTask(-1));
  }
}
