package org.provmr.substream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/** Router tests' set-up: real source files of known ages and a router of a real task context. */
final class RouterFixture {
  private RouterFixture() {
  }

  /** Writes {@code text} to {@code dir/name}, last modified {@code age} ago. */
  static Path source(Path dir, String name, String text, Duration age) throws IOException {
    Path p = Files.writeString(dir.resolve(name), text);
    Files.setLastModifiedTime(p, FileTime.from(Instant.now().minus(age)));
    return p;
  }

  /**
   * A router set up for a reduce task of a job over {@code sources}. Source ids follow the
   * job's splits, largest file first, as JobSubmitter orders them.
   */
  static SubstreamRouter router(Configuration conf, Path... sources) throws Exception {
    Job job = Job.getInstance(conf);
    org.apache.hadoop.fs.Path[] paths = new org.apache.hadoop.fs.Path[sources.length];
    for (int i = 0; i < sources.length; i++) {
      paths[i] = new org.apache.hadoop.fs.Path(sources[i].toUri());
    }
    FileInputFormat.setInputPaths(job, paths);
    SubstreamRouter router = new SubstreamRouter();
    router.setup(new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("t", 1, TaskType.REDUCE, 0, 0)));
    return router;
  }
}
