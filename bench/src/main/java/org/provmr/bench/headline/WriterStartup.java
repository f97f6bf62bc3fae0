package org.provmr.bench.headline;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceOutputFormat;
import org.provmr.mapreduce.TracedValue;

/**
 * What a map task's output costs in a JVM that has written no records yet, as every YARN task
 * JVM is: the record writer's set-up, {@code records} grep-like records (a line of about 50
 * bytes as the key, no value) and the close and task commit, through Hadoop's TextOutputFormat
 * ("text", what the plain grep writes) or ProvMR's output format ("provmr", each record a byte
 * range of its split, as the tracing context hands it over). Prints this process's CPU (every
 * thread: the JIT's compilations of the write path included, with a pause at the end for the
 * ones still queued), the JIT compiler threads' share of it (Linux's /proc), and the writing
 * thread's own CPU by phase. One variant per JVM: bench/writer-startup.sh starts the JVMs and
 * takes the medians. The YARN rows' per-task excess is mostly such start-up work
 * (bench/README.md, "Capture on YARN at HDFS's split size"); this measures the write path's
 * share of it without a cluster's noise ("The write path in a fresh JVM").
 */
public final class WriterStartup {
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private WriterStartup() {
  }

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    File dir = Files.createTempDirectory("writer-startup").toFile();
    Configuration conf = new Configuration();
    FileSystem fs = FileSystem.getLocal(conf);
    Path root = new Path(dir.getAbsolutePath());
    Path out = new Path(root, "out");
    Job job = Job.getInstance(conf, "writer start-up");
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    job.setNumReduceTasks(0);
    FileOutputFormat.setOutputPath(job, out);
    OutputFormat<Text, Object> of = format(variant, job);
    TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("bench", 1, TaskType.MAP, 3, 0));
    OutputCommitter committer = of.getOutputCommitter(context);
    committer.setupJob(context);
    committer.setupTask(context);
    // A text input's reader looks the codecs up in every task, in both flavours: not timed.
    CompressionCodecFactory.getCodecClasses(job.getConfiguration());
    // A task's counters exist before its output does (this context's stand-in makes them on
    // the first call): not timed either.
    context.getCounter(WriterStartup.class.getSimpleName(), "records").increment(records);
    Text[] keys = lines();
    TracedValue traced = new TracedValue();
    boolean provmr = variant.equals("provmr");
    long cpu0 = Stats.processCpuNanos();
    long jit0 = Stats.compilerCpuNanos();
    long thread0 = THREADS.getCurrentThreadCpuTime();
    long t0 = System.nanoTime();
    RecordWriter<Text, Object> writer = of.getRecordWriter(context);
    long opened = THREADS.getCurrentThreadCpuTime();
    long offset = 0;
    for (int i = 0; i < records; i++) {
      Text key = keys[i & (keys.length - 1)];
      if (provmr) {
        writer.write(key, traced.setRange(NullWritable.get(), 0, offset, key.getLength() + 1));
      } else {
        writer.write(key, NullWritable.get());
      }
      offset += 5L * (key.getLength() + 1); // one line in five matches, as in the grep
    }
    long written = THREADS.getCurrentThreadCpuTime();
    writer.close(context);
    long closed = THREADS.getCurrentThreadCpuTime();
    committer.commitTask(context);
    double wall = (System.nanoTime() - t0) / 1e6;
    long ended = THREADS.getCurrentThreadCpuTime();
    Thread.sleep(500); // the compilations the writes queued
    // One line: bench/lib.sh reads "<variant> cpu_ms N wall_ms N", then more "name value" pairs.
    System.out.printf(Locale.ROOT, "%s cpu_ms %d wall_ms %.1f thread_ms %d jit_ms %d"
        + " open_ms %.1f write_ms %.1f close_ms %.1f commit_ms %.1f%n", variant,
        (Stats.processCpuNanos() - cpu0) / 1_000_000, wall, (ended - thread0) / 1_000_000,
        (Stats.compilerCpuNanos() - jit0) / 1_000_000, (opened - thread0) / 1e6,
        (written - opened) / 1e6, (closed - written) / 1e6, (ended - closed) / 1e6);
    fs.delete(root, true);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static OutputFormat<Text, Object> format(String variant, Job job) throws Exception {
    switch (variant) {
      case "provmr":
        ProvenanceJob.configure(job);
        return (OutputFormat) new ProvenanceOutputFormat<>();
      case "text":
        return (OutputFormat) new TextOutputFormat<>();
      default:
        throw new IllegalArgumentException("provmr or text, not " + variant);
    }
  }

  /** Lines of 40 to 60 bytes, as the grep benchmark's input has. */
  private static Text[] lines() {
    Text[] keys = new Text[1024];
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < keys.length; k++) {
      b.setLength(0);
      while (b.length() < 40 + k % 21) {
        b.append("kalo lomi ").append(k).append(' ');
      }
      keys[k] = new Text(b.substring(0, 40 + k % 21).getBytes(StandardCharsets.UTF_8));
    }
    return keys;
  }
}
