package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/** A failed job's cause is the task's exception, not Hadoop's "NA". */
public class JobFailuresTest {
  @TempDir
  Path tmp;

  /** Fails on its second record, as a user's mapper with a bug would. */
  public static final class FailingMapper extends Mapper<LongWritable, Text, Text, Text> {
    private int records;

    @Override
    protected void map(LongWritable key, Text value, Context context) {
      if (++records == 2) {
        throw new IllegalStateException("cannot parse record 2: '" + value + "'",
            new NumberFormatException("For input string: \"" + value + "\""));
      }
    }
  }

  @Test
  void aFailedLocalJobReportsItsTasksExceptionAndCauses() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.write(tmp.resolve("in.txt"), List.of("1", "two", "3"));
    Job job = Job.getInstance(conf, "failing");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(in.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("out")
        .toUri()));
    assertFalse(job.waitForCompletion(false));
    assertEquals("NA", job.getStatus().getFailureInfo(), "what Hadoop alone says");

    JobFailures.Failure why = JobFailures.of(job);
    assertEquals("java.lang.IllegalStateException: cannot parse record 2: 'two'",
        why.summary());
    assertInstanceOf(IllegalStateException.class, why.cause());
    assertInstanceOf(NumberFormatException.class, why.cause().getCause());
  }
}
