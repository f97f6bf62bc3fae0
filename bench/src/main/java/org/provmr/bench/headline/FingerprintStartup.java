package org.provmr.bench.headline;

import java.io.File;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.CrcTwinFingerprints;
import org.provmr.store.Fingerprints;

/**
 * What a map task's split fingerprint costs in a JVM that has computed none yet, as every YARN
 * task JVM is: the second 32 MiB split of a local file with its .crc, read again and CRC32C'd
 * ("read", Fingerprints.of) or composed from the .crc's sums ("composed",
 * CrcTwinFingerprints). A small range is fingerprinted first the same way, so that class
 * loading stays out of the timing. Prints this process's CPU (all threads, the JIT's included,
 * after a pause for the compilations the work queued) and the wall time of the 32 MiB split.
 * One variant per JVM: bench/fingerprint-startup.sh starts the JVMs and takes the medians.
 */
public final class FingerprintStartup {
  private static final long SPLIT = 32L << 20;
  private static final long CHUNK = 1L << 20;

  private FingerprintStartup() {
  }

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    LocalFileSystem fs = FileSystem.getLocal(new Configuration());
    Path file = input(fs, new File(args[1]));
    long length = fs.getFileStatus(file).getLen();
    fingerprint(variant, fs, file, length, 0, 4096);
    long cpu0 = Stats.processCpuNanos();
    long t0 = System.nanoTime();
    fingerprint(variant, fs, file, length, SPLIT, SPLIT);
    double wall = (System.nanoTime() - t0) / 1e6;
    Thread.sleep(300);
    System.out.printf(java.util.Locale.ROOT, "%s cpu_ms %d wall_ms %.1f%n", variant,
        (Stats.processCpuNanos() - cpu0) / 1_000_000, wall);
  }

  private static void fingerprint(String variant, LocalFileSystem fs, Path file, long length,
      long start, long bytes) throws Exception {
    switch (variant) {
      case "read" -> Fingerprints.of(fs, file, start, bytes, ChecksumAlgorithm.CRC32C, CHUNK);
      case "composed" -> {
        if (new CrcTwinFingerprints().compose(fs, file, length, start, bytes, CHUNK) == null) {
          throw new IllegalStateException(file + " has no usable .crc");
        }
      }
      default -> throw new IllegalArgumentException("read or composed, not " + variant);
    }
  }

  /** 64 MiB of random bytes written through Hadoop's local file system (with a .crc), once. */
  private static Path input(LocalFileSystem fs, File dir) throws Exception {
    Path file = new Path(new File(dir, "fingerprint-64m.bin").getAbsolutePath());
    if (fs.exists(file) && fs.getFileStatus(file).getLen() == 2 * SPLIT) {
      return file;
    }
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (FSDataOutputStream out = fs.create(file, true)) {
      for (long n = 0; n < 2 * SPLIT; n += block.length) {
        out.write(block);
      }
    }
    return file;
  }
}
