package org.provmr.validate;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.cli.ProvMR;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * Sweep throughput against the floor: a validation of one output (its parts and its sources)
 * versus a plain sequential read, with CRC32C, of exactly the same bytes, in the same JVM,
 * alternating, median of the runs. A sweep of a tiny output in the same runs gives the job's
 * fixed cost (submission, task start, commit), so the per-byte rate can be told apart from it.
 * Not a test; run it by hand (docs/validation.md):
 *
 * <pre>
 * java -cp conf:target/classes:target/test-classes:$(cat target/classpath.txt) \
 *   org.provmr.validate.SweepThroughputBench OUTPUT_DIR TINY_OUTPUT_DIR WORK_DIR [RUNS]
 * </pre>
 */
public final class SweepThroughputBench {

  private SweepThroughputBench() {
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("provenance.validate.source.roots", "file:/"); // the bench reads its own data
    Path output = new Path(args[0]);
    String tiny = args[1];
    String work = args[2];
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
    StoredJob job = LineageStore.read(conf, output);
    FileSystem fs = output.getFileSystem(conf);
    List<long[]> ranges = new ArrayList<>(); // file index, start, length
    List<Path> files = new ArrayList<>();
    long bytes = 0;
    for (PartEntry p : job.parts()) {
      files.add(new Path(job.output(), p.name()));
      ranges.add(new long[] {files.size() - 1, 0, p.bytes()});
      bytes += p.bytes();
    }
    for (SourceEntry s : job.sources()) {
      files.add(new Path(s.uri()));
      ranges.add(new long[] {files.size() - 1, s.start(), s.length()});
      bytes += s.length();
    }
    System.out.printf("output %s: %d parts, %d sources, %.1f MB to read per pass%n", output,
        job.parts().size(), job.sources().size(), bytes / 1e6);
    raw(fs, files, ranges); // warm the page cache and the JIT
    double[] sweep = new double[runs];
    double[] raw = new double[runs];
    double[] fixed = new double[runs];
    for (int i = -1; i < runs; i++) {
      double f = time(conf, tiny, work + "/tiny-" + i);
      double t = time(conf, output.toString(), work + "/alerts-" + i);
      long t1 = System.nanoTime();
      raw(fs, files, ranges);
      double r = (System.nanoTime() - t1) / 1e9;
      if (i < 0) {
        continue; // warm-up round
      }
      fixed[i] = f;
      sweep[i] = t;
      raw[i] = r;
      System.out.printf("run %d: sweep %.2f s (%.0f MB/s), raw CRC32C read %.2f s (%.0f MB/s),"
          + " tiny sweep %.2f s%n", i, t, bytes / 1e6 / t, r, bytes / 1e6 / r, f);
    }
    double s = median(sweep);
    double r = median(raw);
    double f = median(fixed);
    System.out.printf("median: sweep %.0f MB/s, raw %.0f MB/s, ratio %.2f; job fixed cost"
        + " %.2f s, sweep without it %.0f MB/s, ratio %.2f%n", bytes / 1e6 / s,
        bytes / 1e6 / r, r / s, f, bytes / 1e6 / (s - f), r / (s - f));
  }

  private static double time(Configuration conf, String output, String alerts)
      throws Exception {
    long t0 = System.nanoTime();
    int rc = ProvMR.run(conf, new String[] {"validate", "--output", output, "--alerts", alerts},
        quiet(), quiet());
    if (rc != 0) {
      throw new IllegalStateException("validate of " + output + " exited " + rc);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private static long raw(FileSystem fs, List<Path> files, List<long[]> ranges)
      throws Exception {
    byte[] buf = new byte[1 << 20];
    CRC32C crc = new CRC32C();
    long sum = 0;
    for (long[] r : ranges) {
      try (InputStream in = fs.open(files.get((int) r[0]), 1 << 20)) {
        in.skip(r[1]);
        long left = r[2];
        while (left > 0) {
          int n = in.read(buf, 0, (int) Math.min(buf.length, left));
          if (n < 0) {
            break;
          }
          crc.update(buf, 0, n);
          left -= n;
        }
      }
      sum += crc.getValue();
    }
    return sum;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
