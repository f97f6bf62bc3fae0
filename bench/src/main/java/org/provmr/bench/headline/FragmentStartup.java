package org.provmr.bench.headline;

import java.io.File;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoreJson;

/**
 * What a map task's store fragments cost in a JVM that has written none yet, as every YARN task
 * JVM is: one source and one part entry written as task fragments ("binary", what tasks write)
 * or as JSON through Jackson's databind ("json", what tasks wrote until 2026-12-02), or nothing
 * ("none"). Prints this process's CPU (all threads, the JIT's included) and wall time from the
 * first write to the last, plus a pause for the compilations the writes queued. One variant per
 * JVM: bench/fragment-startup.sh starts the JVMs and takes the medians.
 */
public final class FragmentStartup {
  private FragmentStartup() {
  }

  public static void main(String[] args) throws Exception {
    String variant = args[0];
    File dir = Files.createTempDirectory("fragment-startup").toFile();
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path work = new Path(dir.getAbsolutePath());
    fs.mkdirs(work); // the file system's own start-up stays out of the timing
    SourceEntry source = new SourceEntry(3, "file:/in/f3.txt", 0, 32L << 20, 200L << 20, 5,
        SourceEntry.POSITIONS_BYTES, "crc32c", "0a0b0c0d", 1L << 20,
        List.of("0a0b0c0d", "01020304"), null);
    PartEntry part = new PartEntry("part-m-00003", "attempt_1_0001_m_000003_0", 10, 500,
        "crc32c", "00ff00ff", "compact", 7, 0, 90, SourceIds.of(3), List.of(SourceIds.of(3)),
        null, 0, "nonce", null, 0, null);
    long cpu0 = cpuMillis();
    long t0 = System.nanoTime();
    switch (variant) {
      case "binary" -> {
        LineageStore.writeSourceFragment(fs, work, source);
        LineageStore.writePartFragment(fs, work, part);
      }
      case "json" -> {
        json(fs, new Path(work, "source-00003.json"), source);
        json(fs, new Path(work, "part-m-00003.json"), part);
      }
      case "none" -> {
      }
      default -> throw new IllegalArgumentException("binary, json or none, not " + variant);
    }
    double wall = (System.nanoTime() - t0) / 1e6;
    Thread.sleep(300);
    System.out.printf(java.util.Locale.ROOT, "%s cpu_ms %d wall_ms %.1f%n", variant,
        cpuMillis() - cpu0, wall);
    fs.delete(work, true);
  }

  private static void json(FileSystem fs, Path file, Object entry) throws Exception {
    try (OutputStream out = fs.create(file, true)) {
      StoreJson.mapper().writeValue(out, entry);
    }
  }

  private static long cpuMillis() {
    return Stats.processCpuNanos() / 1_000_000;
  }
}
