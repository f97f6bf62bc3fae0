package org.provmr.bench.jmh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceOutputFormat;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;

/**
 * Cost per record of the output format's record writer, driven directly with a real
 * TaskAttemptContextImpl on the local file system (a file per iteration, deleted after):
 * Hadoop's TextOutputFormat and SequenceFileOutputFormat against ProvenanceOutputFormat with a
 * reduce-side record (a source set, as WordCount writes) and a map-side one (a byte range, as
 * a map-only job writes). Keys are words of {@code keyBytes} bytes, values IntWritables.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordWriterBench {

  /** {@code -routed}: sub-streams by age (docs/substreams.md), each record to the youngest band. */
  @Param({"plain-text", "plain-seq", "provmr-set", "provmr-range", "provmr-set-routed",
      "provmr-range-routed"})
  public String format;

  @Param({"8", "100"})
  public int keyBytes;

  /**
   * {@code provenance.header.version} of the provmr formats (docs/header-format.md); the
   * plain formats ignore it, so measure them with one value ({@code -p headerVersion=1}).
   */
  @Param({"1", "2"})
  public int headerVersion;

  private final Text[] keys = new Text[1024];
  private final IntWritable value = new IntWritable();
  private final TracedValue traced = new TracedValue();
  private final SourceSet sources = new SourceSet();
  private java.nio.file.Path tmp;
  private FileSystem fs;
  private TaskAttemptContext context;
  private RecordWriter<Text, Object> writer;
  private boolean provenance;
  private boolean range;
  private boolean routed;
  private java.nio.file.Path sourceDir;
  private int i;
  private long offset;

  @Setup(Level.Trial)
  public void setUpTrial() throws IOException {
    tmp = Files.createTempDirectory("provmr-bench-rw");
    for (int k = 0; k < keys.length; k++) {
      StringBuilder b = new StringBuilder();
      while (b.length() < keyBytes) {
        b.append("kalomine").append(k);
      }
      keys[k] = new Text(b.substring(0, keyBytes).getBytes(StandardCharsets.UTF_8));
    }
    sources.add(0);
    sources.add(1);
    sources.add(2);
    sources.add(3);
    provenance = format.startsWith("provmr");
    range = format.startsWith("provmr-range");
    routed = format.endsWith("-routed");
    // The routed writer looks the sources' modification times up through the job's splits:
    // source ids 0-3 are these four files.
    sourceDir = tmp.resolve("sources");
    Files.createDirectories(sourceDir);
    for (int f = 0; f < 4; f++) {
      Files.writeString(sourceDir.resolve("source-" + f), "line of source " + f + "\n");
    }
  }

  @Setup(Level.Iteration)
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open() throws IOException, InterruptedException {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    fs = FileSystem.getLocal(conf);
    Path out = new Path(tmp.toUri().toString(), "out-" + System.nanoTime());
    Job job = Job.getInstance(conf, "record writer bench");
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileOutputFormat.setOutputPath(job, out);
    if (routed) {
      job.getConfiguration().set("provenance.substream.by", "age");
      FileInputFormat.setInputPaths(job, new Path(sourceDir.toUri().toString()));
    }
    OutputFormat of;
    if (provenance) {
      job.getConfiguration().setInt("provenance.header.version", headerVersion);
      ProvenanceJob.configure(job);
      of = new ProvenanceOutputFormat<>();
    } else if (format.equals("plain-seq")) {
      of = new SequenceFileOutputFormat<>();
    } else {
      of = new TextOutputFormat<>();
    }
    context = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("bench", 1, TaskType.REDUCE, 0, 0));
    of.getOutputCommitter(context).setupJob(context);
    of.getOutputCommitter(context).setupTask(context);
    writer = of.getRecordWriter(context);
  }

  @Benchmark
  public void write() throws IOException, InterruptedException {
    Text key = keys[i++ & (keys.length - 1)];
    value.set(i);
    if (!provenance) {
      writer.write(key, value);
    } else if (range) {
      offset += 80;
      writer.write(key, traced.setRange(value, 3, offset, 80));
    } else {
      writer.write(key, traced.setSources(value, sources));
    }
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException, InterruptedException {
    writer.close(context);
    // Keep the sources: only the iteration's output goes.
    for (FileStatus st : fs.listStatus(new Path(tmp.toUri().toString()))) {
      if (!st.getPath().getName().equals("sources")) {
        fs.delete(st.getPath(), true);
      }
    }
  }

  @TearDown(Level.Trial)
  public void tearDownTrial() throws IOException {
    fs.delete(new Path(tmp.toUri().toString()), true);
  }
}
