package org.provmr.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.CrcTwinFingerprints;
import org.provmr.store.Fingerprints;

/**
 * A map task's split fingerprint, 32 MiB (a local split) in 1 MiB chunks, from the page cache:
 * read again and CRC32C'd (Fingerprints.of, the JDK's read) against composed from the file's
 * .crc sums (CrcTwinFingerprints), which capture uses when the task's reader verified them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SplitFingerprintBench {
  private static final long SPLIT = 32L << 20;
  private static final long CHUNK = 1L << 20;

  private java.nio.file.Path dir;
  private LocalFileSystem fs;
  private Path file;
  private long length;

  @Setup
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("split-fingerprint");
    fs = FileSystem.getLocal(new Configuration());
    file = new Path(dir.resolve("text.txt").toUri());
    byte[] block = new byte[1 << 20];
    new Random(7).nextBytes(block);
    try (FSDataOutputStream out = fs.create(file)) { // with its .crc, as Hadoop writes files
      for (long n = 0; n < 2 * SPLIT; n += block.length) {
        out.write(block);
      }
    }
    length = fs.getFileStatus(file).getLen();
  }

  @TearDown
  public void tearDown() {
    FileUtil.fullyDelete(dir.toFile());
  }

  /** The second split of the file, as FileInputFormat cuts it at 32 MiB. */
  @Benchmark
  public Fingerprints.Result readCrc32c() throws IOException {
    return Fingerprints.of(fs, file, SPLIT, length - SPLIT, ChecksumAlgorithm.CRC32C, CHUNK);
  }

  @Benchmark
  public Fingerprints.Result composedFromCrc() throws IOException {
    return new CrcTwinFingerprints().compose(fs, file, length, SPLIT, length - SPLIT, CHUNK);
  }
}
