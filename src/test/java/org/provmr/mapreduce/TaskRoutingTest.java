package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * A map task of a map-only job reads one source, so under a router that decides ranges by
 * source its records all go to one place, decided when its writer opens: the task gets that
 * part's own writer, with no routing call per record, and leaves no empty main part beside
 * it; a task that writes nothing leaves its empty main part and no sub-stream part. A reduce
 * task is routed once too when the job's sources are all in one band, and record by record
 * otherwise, under the same rule.
 */
class TaskRoutingTest {
  @TempDir
  Path tmp;

  private Path input(String name, Duration age) throws IOException {
    Path f = tmp.resolve("in-" + name + "/data.txt");
    Files.createDirectories(f.getParent());
    Files.writeString(f, "alpha\nbeta\ngamma\n", StandardCharsets.UTF_8);
    Files.setLastModifiedTime(f, FileTime.from(Instant.now().minus(age)));
    return f;
  }

  private TaskAttemptContext task(Path in, int reduces, TaskType type) throws IOException {
    return task(reduces, type, in);
  }

  private TaskAttemptContext task(int reduces, TaskType type, Path... inputs)
      throws IOException {
    Path in = inputs[0];
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "age");
    conf.set("provenance.substream.age.bands", "1h,1d,7d");
    Job job = Job.getInstance(conf);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(reduces);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(input.toUri()));
    }
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("out-"
        + in.getParent().getFileName()).toUri()));
    ProvenanceJob.configure(job);
    TaskAttemptContext task = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("test", 1, type, 0, 0));
    FileOutputCommitter committer =
        (FileOutputCommitter) new ProvenanceOutputFormat<>().getOutputCommitter(task);
    committer.setupJob(task);
    committer.setupTask(task);
    return task;
  }

  /** The task's record writer, as the framework gets it from the job's output format. */
  private static RecordWriter<Text, TracedValue> writer(TaskAttemptContext task)
      throws IOException, InterruptedException {
    return new ProvenanceOutputFormat<Text, TracedValue>().getRecordWriter(task);
  }

  private static Path work(TaskAttemptContext task) throws IOException {
    return Path.of(((FileOutputCommitter) new ProvenanceOutputFormat<>()
        .getOutputCommitter(task)).getWorkPath().toUri());
  }

  @Test
  void aMapTaskOverAFreshSourceWritesItsPriorityPartDirectlyAndNoEmptyMainPart()
      throws Exception {
    TaskAttemptContext task = task(input("fresh", Duration.ofMinutes(5)), 0, TaskType.MAP);
    RecordWriter<Text, TracedValue> w = writer(task);
    assertInstanceOf(ProvenanceRecordWriter.class, w, "no per-record routing layer");
    TracedValue v = new TracedValue();
    w.write(new Text("alpha"), v.setRange(NullWritable.get(), 0, 0, 6));
    w.write(new Text("gamma"), v.setRange(NullWritable.get(), 0, 11, 6));
    w.close(task);

    Path work = work(task);
    assertTrue(Files.size(work.resolve("priority/part-m-00000")) > 0);
    assertFalse(Files.exists(work.resolve("part-m-00000")), "no empty main part");
    assertEquals(List.of("priority/part-m-00000"), fragments(work), "one store entry");
    assertEquals(2, records(task, work.resolve("priority/part-m-00000")));
  }

  /** The records of one part file. */
  private static int records(TaskAttemptContext task, Path part) throws Exception {
    int records = 0;
    try (ProvenanceFileReader<Text, NullWritable> p = new ProvenanceFileReader<>(
        task.getConfiguration(), new org.apache.hadoop.fs.Path(part.toUri()))) {
      while (p.next()) {
        records++;
      }
    }
    return records;
  }

  @Test
  void aMapTaskOverAnOldSourceWritesTheMainPartOnly() throws Exception {
    TaskAttemptContext task = task(input("old", Duration.ofDays(30)), 0, TaskType.MAP);
    RecordWriter<Text, TracedValue> w = writer(task);
    assertInstanceOf(ProvenanceRecordWriter.class, w);
    w.write(new Text("beta"), new TracedValue().setRange(NullWritable.get(), 0, 6, 5));
    w.close(task);
    Path work = work(task);
    assertTrue(Files.size(work.resolve("part-m-00000")) > 0);
    try (var names = Files.list(work)) {
      assertTrue(names.noneMatch(p -> p.getFileName().toString().startsWith("priority")
          || p.getFileName().toString().startsWith("age-")), "no sub-stream directory");
    }
  }

  @Test
  void aFreshMapTaskThatWritesNothingLeavesNoSubstreamPartOrDirectory() throws Exception {
    TaskAttemptContext task = task(input("empty", Duration.ofMinutes(5)), 0, TaskType.MAP);
    writer(task).close(task);
    assertOnlyAnEmptyMainPart(task, "part-m-00000");
  }

  /** What a task that wrote no record leaves: its main part, empty, as without routing. */
  private static void assertOnlyAnEmptyMainPart(TaskAttemptContext task, String part)
      throws Exception {
    Path work = work(task);
    try (ProvenanceFileReader<Text, NullWritable> main = new ProvenanceFileReader<>(
        task.getConfiguration(), new org.apache.hadoop.fs.Path(work.resolve(part).toUri()))) {
      assertFalse(main.next(), "the task's main part exists, empty");
    }
    assertFalse(Files.exists(work.resolve("priority")), "no sub-stream directory");
    assertEquals(List.of(part), fragments(work));
  }

  @Test
  void aReduceTaskOverSourcesOfOneBandWritesThatPartDirectly() throws Exception {
    TaskAttemptContext task = task(1, TaskType.REDUCE, input("reduce", Duration.ofMinutes(5)),
        input("reduce2", Duration.ofMinutes(20)));
    RecordWriter<Text, TracedValue> w = writer(task);
    assertInstanceOf(ProvenanceRecordWriter.class, w, "routed once, not record by record");
    w.write(new Text("from setup"), traced()); // no source, so no age: it goes with the task
    w.write(new Text("alpha"), traced(0, 1));
    w.close(task);
    Path work = work(task);
    assertEquals(2, records(task, work.resolve("priority/part-r-00000")));
    assertFalse(Files.exists(work.resolve("part-r-00000")), "no empty main part");
  }

  @Test
  void aReduceTaskOverSourcesOfSeveralBandsRoutesRecordByRecord() throws Exception {
    TaskAttemptContext task = task(1, TaskType.REDUCE, input("young", Duration.ofMinutes(5)),
        input("older", Duration.ofDays(30)));
    RecordWriter<Text, TracedValue> w = writer(task);
    assertInstanceOf(RoutedRecordWriter.class, w);
    // Source ids follow the splits (same size: in the order listed): young 0, older 1.
    w.write(new Text("alpha"), traced(0, 1)); // its newest source is young
    w.close(task);
    Path work = work(task);
    assertTrue(Files.size(work.resolve("priority/part-r-00000")) > 0);
    assertFalse(Files.exists(work.resolve("part-r-00000")),
        "no empty main part when every record went to a sub-stream");

    TaskAttemptContext mixed = task(1, TaskType.REDUCE, input("young2", Duration.ofMinutes(5)),
        input("older2", Duration.ofDays(30)));
    RecordWriter<Text, TracedValue> m = writer(mixed);
    m.write(new Text("alpha"), traced(0));
    m.write(new Text("beta"), traced(1)); // only the old source: the main part
    m.close(mixed);
    assertEquals(List.of("part-r-00000", "priority/part-r-00000"), fragments(work(mixed)));
  }

  private static TracedValue traced(int... sources) {
    SourceSet set = new SourceSet();
    for (int s : sources) {
      set.add(s);
    }
    return new TracedValue().setSources(NullWritable.get(), set);
  }

  @Test
  void aReduceTaskThatWritesNothingLeavesItsEmptyMainPart() throws Exception {
    TaskAttemptContext task = task(input("nothing", Duration.ofMinutes(5)), 1, TaskType.REDUCE);
    writer(task).close(task);
    assertOnlyAnEmptyMainPart(task, "part-r-00000");
  }

  /** The parts the task's store fragments name (a fragment holds the part's entry). */
  private static List<String> fragments(Path work) throws IOException {
    List<String> names = new java.util.ArrayList<>();
    try (var files = Files.list(work)) {
      for (Path f : files.filter(f -> f.getFileName().toString().startsWith("_provenance.part-")
          && f.getFileName().toString().endsWith(".bin")).toList()) {
        try (var in = Files.newInputStream(f)) {
          org.provmr.store.StoreBinary.streamParts(in, f.toString(), p -> names.add(p.name()));
        }
      }
    }
    names.sort(null);
    return names;
  }
}
