package org.provmr.bench.headline;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.provmr.mapreduce.PayloadInputFormat;

/**
 * The per-record part of the payload-only read, without a job around it: the record readers
 * of PayloadInputFormat and SequenceFileInputFormat over one part each (the sort shape's
 * ProvMR and plain SequenceFile outputs of the same records), reps interleaved, timed by the
 * reading thread's CPU time. Prints ns/record per reader and the paired ratio plain/ProvMR.
 *
 * <pre>java -cp ... org.provmr.bench.headline.ReadLoop PROVMR_PART PLAIN_SEQ_PART [REPS]</pre>
 */
public final class ReadLoop {
  private ReadLoop() {
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    Path prov = new Path(args[0]);
    Path seq = new Path(args[1]);
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 15;
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    List<Double> ratios = new ArrayList<>();
    List<Double> provNs = new ArrayList<>();
    List<Double> seqNs = new ArrayList<>();
    for (int rep = -3; rep < reps; rep++) { // three warm-up reps
      double[] ns = new double[2];
      for (int i = 0; i < 2; i++) {
        boolean p = (rep & 1) == 0 ? i == 0 : i == 1;
        long t0 = threads.getCurrentThreadCpuTime();
        long n = read(conf, p ? new PayloadInputFormat<>() : new SequenceFileInputFormat<>(),
            p ? prov : seq);
        ns[p ? 0 : 1] = (threads.getCurrentThreadCpuTime() - t0) / (double) n;
      }
      if (rep >= 0) {
        provNs.add(ns[0]);
        seqNs.add(ns[1]);
        ratios.add(ns[1] / ns[0]);
      }
    }
    System.out.printf(Locale.ROOT, "payload-only read loop: provmr %.1f ns/record, plain-seq %.1f"
        + " ns/record (medians of %d); throughput ratio plain/provmr median %.3f, per rep %s%n",
        Stats.median(provNs), Stats.median(seqNs), reps, Stats.median(ratios), fmt(ratios));
  }

  private static String fmt(List<Double> v) {
    StringBuilder b = new StringBuilder("[");
    for (double d : v) {
      b.append(b.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.3f", d));
    }
    return b.append(']').toString();
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static long read(Configuration conf, InputFormat format, Path file) throws Exception {
    long len = FileSystem.getLocal(conf).getFileStatus(file).getLen();
    TaskAttemptContextImpl ctx = new TaskAttemptContextImpl(conf,
        new TaskAttemptID("bench", 1, TaskType.MAP, 0, 0));
    FileSplit split = new FileSplit(file, 0, len, null);
    long n = 0;
    long sink = 0;
    try (RecordReader r = format.createRecordReader(split, ctx)) {
      r.initialize(split, ctx);
      while (r.nextKeyValue()) {
        sink += r.getCurrentKey().hashCode() ^ r.getCurrentValue().hashCode();
        sink += (long) (r.getProgress() * 4);
        n++;
      }
    }
    if (sink == 42) {
      System.out.print("");
    }
    return n;
  }
}
