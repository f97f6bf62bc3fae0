package org.provmr.bench.headline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
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
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceOutputFormat;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;

/**
 * Record writer cost per record, as RecordWriterBench (JMH) measures it but in a plain timed
 * loop, so it fits in the headline run: a real TaskAttemptContextImpl on the local file
 * system, {@code records} writes of a Text key and an IntWritable value, open and close
 * included, timed by the writing thread's CPU time; SequenceFileOutputFormat against
 * ProvenanceOutputFormat with a map-side record (a byte range) and a reduce-side one (a source
 * set), each also with {@code provenance.substream.by=age} (the job's sources are four small
 * files, two fresh and two old, so the writer routes record by record, and each record, whose
 * newest source is fresh, goes to the youngest band's sub-stream; the task lists the job's
 * splits once, when its writer opens). Variants interleave rep by rep.
 */
final class WriterLoop {
  static final String[] FORMATS = {"plain-seq", "provmr-range", "provmr-set",
      "provmr-range-routed", "provmr-set-routed"};
  /** Routed variants: sub-streams by age (the costliest key: a source-time lookup per record). */
  static final String ROUTED = "-routed";
  static final int[] KEY_BYTES = {8, 100};
  // CPU time of the writing thread: on a shared machine wall time swung by 2x between reps.
  // It leaves out the chmod processes Hadoop's local file system starts per created file.
  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private final Configuration conf;
  private final FileSystem fs;
  private final Path dir;
  private final TracedValue traced = new TracedValue();
  private final SourceSet sources = new SourceSet();
  private final IntWritable value = new IntWritable();
  private final Path sourceFiles;

  WriterLoop(Configuration conf, Path dir) throws IOException {
    this.conf = conf;
    this.fs = dir.getFileSystem(conf);
    this.dir = dir;
    // The routed variants' job input: source ids 0-3 are these files' splits, largest first
    // (JobSubmitter's order). Two are fresh and two a month old: sources of more than one band,
    // so the writer routes record by record (one band would route the task once, at no cost
    // per record).
    sourceFiles = new Path(dir, "sources");
    long monthAgo = System.currentTimeMillis() - 30L * 86_400_000L;
    for (int f = 0; f < 4; f++) {
      Path file = new Path(sourceFiles, "source-" + f);
      try (java.io.OutputStream o = fs.create(file, true)) {
        o.write((f < 2 ? "a fresh line of source " + f + ", written just now\n"
            : "old line " + f + "\n").getBytes(StandardCharsets.UTF_8));
      }
      if (f >= 2) {
        fs.setTimes(file, monthAgo, -1);
      }
    }
    for (int s = 0; s < 4; s++) {
      sources.add(s);
    }
  }

  /** Median ns per record, by "format/keyBytes"; every rep's figure goes into {@code all}. */
  Map<String, Double> run(int records, int reps, Map<String, List<Double>> all)
      throws Exception {
    Map<String, Text[]> keys = new LinkedHashMap<>();
    for (int kb : KEY_BYTES) {
      keys.put(Integer.toString(kb), keys(kb));
    }
    for (String f : FORMATS) { // warm-up: JIT, class loading
      for (int kb : KEY_BYTES) {
        once(f, keys.get(Integer.toString(kb)), records);
      }
    }
    for (int rep = 0; rep < reps; rep++) {
      for (String f : FORMATS) {
        for (int kb : KEY_BYTES) {
          all.computeIfAbsent(f + "/" + kb, x -> new ArrayList<>())
              .add(once(f, keys.get(Integer.toString(kb)), records));
        }
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    all.forEach((k, v) -> medians.put(k, Stats.median(v)));
    return medians;
  }

  private static Text[] keys(int keyBytes) {
    Text[] keys = new Text[1024];
    for (int k = 0; k < keys.length; k++) {
      StringBuilder b = new StringBuilder();
      while (b.length() < keyBytes) {
        b.append("kalomine").append(k);
      }
      keys[k] = new Text(b.substring(0, keyBytes).getBytes(StandardCharsets.UTF_8));
    }
    return keys;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private double once(String format, Text[] keys, int records) throws Exception {
    Path out = new Path(dir, format + "-" + System.nanoTime());
    Job job = Job.getInstance(new Configuration(conf), "record writer loop");
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileOutputFormat.setOutputPath(job, out);
    OutputFormat of;
    if (format.startsWith("provmr")) {
      ProvenanceJob.configure(job);
      of = new ProvenanceOutputFormat<>();
    } else {
      of = new SequenceFileOutputFormat<>();
    }
    if (format.endsWith(ROUTED)) {
      job.getConfiguration().set("provenance.substream.by", "age");
      FileInputFormat.setInputPaths(job, sourceFiles);
    }
    boolean range = format.startsWith("provmr-range");
    boolean plain = !format.startsWith("provmr");
    TaskAttemptContext context = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("bench", 1, TaskType.REDUCE, 0, 0));
    of.getOutputCommitter(context).setupJob(context);
    of.getOutputCommitter(context).setupTask(context);
    long t0 = THREADS.getCurrentThreadCpuTime();
    RecordWriter<Text, Object> writer = of.getRecordWriter(context);
    long offset = 0;
    for (int i = 0; i < records; i++) {
      Text key = keys[i & (keys.length - 1)];
      value.set(i);
      if (plain) {
        writer.write(key, value);
      } else if (range) {
        offset += 80;
        writer.write(key, traced.setRange(value, 0, offset, 80)); // a fresh source
      } else {
        writer.write(key, traced.setSources(value, sources));
      }
    }
    writer.close(context);
    double ns = (THREADS.getCurrentThreadCpuTime() - t0) / (double) records;
    fs.delete(out, true);
    return ns;
  }
}
