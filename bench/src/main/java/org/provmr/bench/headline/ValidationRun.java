package org.provmr.bench.headline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.cli.ProvMR;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * {@code provmr validate} of one output (its parts and its sources) against the floor: a
 * plain JDK sequential read, with CRC32C, of exactly the same byte ranges, on one thread.
 * The JDK read, not Hadoop's checksummed local file system, is the baseline: it is the
 * faster of the two, so the ratio is not flattered.
 */
final class ValidationRun {
  /** One byte range of a local file. */
  record Range(java.nio.file.Path file, long start, long length) {
  }

  private final Configuration conf;
  private final List<Range> ranges = new ArrayList<>();
  private final long bytes;
  private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

  ValidationRun(Configuration conf, Path output) throws IOException {
    this.conf = conf;
    StoredJob job = LineageStore.read(conf, output);
    long n = 0;
    for (PartEntry p : job.parts()) {
      ranges.add(new Range(Paths.get(new Path(job.output(), p.name()).toUri().getPath()), 0,
          p.bytes()));
      n += p.bytes();
    }
    for (SourceEntry s : job.sources()) {
      ranges.add(new Range(Paths.get(new Path(s.uri()).toUri().getPath()), s.start(),
          s.length()));
      n += s.length();
    }
    bytes = n;
  }

  /** Bytes a validation reads: every part and every source range. */
  long bytes() {
    return bytes;
  }

  /** Seconds for a raw read + CRC32C of the same ranges. */
  double raw() throws IOException {
    long t0 = System.nanoTime();
    CRC32C crc = new CRC32C();
    long sum = 0;
    for (Range r : ranges) {
      try (FileChannel ch = FileChannel.open(r.file(), StandardOpenOption.READ)) {
        long pos = r.start();
        long end = r.start() + r.length();
        while (pos < end) {
          buffer.clear();
          buffer.limit((int) Math.min(buffer.capacity(), end - pos));
          int got = ch.read(buffer, pos);
          if (got < 0) {
            throw new IOException(r.file() + " is shorter than the store says");
          }
          buffer.flip();
          crc.update(buffer);
          pos += got;
        }
      }
      sum += crc.getValue();
    }
    if (sum == 42) {
      System.out.print("");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  /** Seconds for {@code provmr validate --output OUT}; fails unless it exits 0. */
  static double validate(Configuration conf, Path output, Path alerts) throws Exception {
    return validate(conf, output, alerts, "auto");
  }

  /** As {@link #validate(Configuration, Path, Path)} with {@code --mode MODE}. */
  static double validate(Configuration conf, Path output, Path alerts, String mode)
      throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true,
        StandardCharsets.UTF_8);
    alerts.getFileSystem(conf).delete(alerts, true); // left by an earlier run
    long t0 = System.nanoTime();
    String[] args = mode.equals("auto")
        ? new String[] {"validate", "--output", output.toString(), "--alerts", alerts.toString()}
        : new String[] {"validate", "--mode", mode, "--output", output.toString(), "--alerts",
            alerts.toString()};
    int rc = ProvMR.run(conf, args, quiet, new PrintStream(err, true, StandardCharsets.UTF_8));
    double s = (System.nanoTime() - t0) / 1e9;
    if (rc != 0) {
      throw new IllegalStateException("provmr validate of " + output + " exited " + rc + ": "
          + err.toString(StandardCharsets.UTF_8));
    }
    return s;
  }
}
