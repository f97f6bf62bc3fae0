package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.Confidence;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;
import org.provmr.testing.Allocations;
import org.provmr.testing.TestData;

/**
 * The router remembers each single source's route for the writer's confidence: alternating
 * sources, a source whose records stay in the main parts, and a change of confidence must all
 * route as if nothing were remembered.
 */
class SubstreamRouterTest {
  @TempDir
  Path tmp;

  @Test
  void rememberedRoutesFollowEachSourceTheMainPartsAndAChangeOfConfidence() throws Exception {
    Path fresh = Files.writeString(tmp.resolve("fresh.txt"), "a fresh line, the largest file of the three\n");
    Path week = Files.writeString(tmp.resolve("week.txt"), "a line of three days ago, the second\n");
    Path ancient = Files.writeString(tmp.resolve("ancient.txt"), "last year's line\n");
    Files.setLastModifiedTime(week, FileTime.from(Instant.now().minus(Duration.ofDays(3))));
    Files.setLastModifiedTime(ancient, FileTime.from(Instant.now().minus(Duration.ofDays(300))));
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "confidence,age");
    conf.set("provenance.substream.age.bands", "1h,1d,7d");
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(fresh.toUri()),
        new org.apache.hadoop.fs.Path(week.toUri()),
        new org.apache.hadoop.fs.Path(ancient.toUri()));
    // Source ids follow the splits, largest first: fresh 0, week 1, ancient 2.
    SubstreamRouter router = new SubstreamRouter();
    router.setup(new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("t", 1, TaskType.REDUCE, 0, 0)));
    Text payload = new Text("x");
    TracedValue[] ranges = new TracedValue[3];
    TracedValue[] sets = new TracedValue[3];
    for (int s = 0; s < 3; s++) {
      ranges[s] = new TracedValue().setRange(payload, s, 0, 1);
      SourceSet one = new SourceSet();
      one.setSingle(s);
      sets[s] = new TracedValue().setSources(payload, one);
    }
    String[] expected = {"priority", "age-7d", null};
    for (int round = 0; round < 3; round++) {
      for (int s = 0; s < 3; s++) {
        assertEquals(expected[s], router.route(Confidence.HIGH, ranges[s]), "range of " + s);
        assertEquals(expected[s], router.route(Confidence.HIGH, sets[s]), "set of " + s);
      }
      for (int s = 2; s >= 0; s--) {
        assertEquals("priority", router.route(Confidence.LOW, sets[s]),
            "a recomputed record of source " + s + " goes to priority/ whatever its age");
      }
    }
  }
}
