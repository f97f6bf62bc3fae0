package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.ChecksumAlgorithm;

/**
 * Fingerprints composed from a file's .crc twin equal the CRC32 fingerprints a read of the
 * bytes gives (LocalReads), for ranges and chunks on and off the twin's grid of sums, the
 * file's short last sum and Hadoop's default and odd bytes-per-checksum; and a twin that does
 * not describe the file as it is (missing, foreign header, appended to, truncated) is refused
 * rather than composed.
 */
class CrcTwinFingerprintsTest {
  @TempDir
  java.nio.file.Path dir;

  /** A file of random bytes written through Hadoop's LocalFileSystem, so with its .crc. */
  private Path written(LocalFileSystem fs, String name, int size) throws Exception {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    Path p = new Path(dir.resolve(name).toUri());
    try (FSDataOutputStream out = fs.create(p)) {
      out.write(b);
    }
    return p;
  }

  private static LocalFileSystem fs(int bytesPerChecksum) throws Exception {
    Configuration conf = new Configuration();
    conf.setInt("file.bytes-per-checksum", bytesPerChecksum);
    conf.setBoolean("fs.file.impl.disable.cache", true); // this test's bytes-per-checksum
    return FileSystem.getLocal(conf);
  }

  private static java.nio.file.Path local(Path p) {
    return java.nio.file.Paths.get(p.toUri());
  }

  @Test
  void composedFingerprintsEqualTheReadOnesOnAndOffTheGridOfSums() throws Exception {
    for (int bytesPerSum : new int[] {512, 100}) {
      LocalFileSystem fs = fs(bytesPerSum);
      int size = 300_001; // a short last sum at either bytes-per-checksum
      Path p = written(fs, "data-" + bytesPerSum, size);
      assertEquals(8 + 4L * ((size + bytesPerSum - 1) / bytesPerSum),
          Files.size(local(fs.getChecksumFile(p))), "the twin Hadoop wrote");
      long[][] ranges = {{0, size}, {0, 65_536}, {65_536, 131_072}, {13, size - 13},
          {bytesPerSum - 5, 10}, {bytesPerSum + 1, 2 * bytesPerSum - 2}, {size - 1, 1},
          {size - 700, 700}, {1000, 77_777}};
      long[] chunks = {bytesPerSum, 512, 1000, 4096, 10_000, 1 << 20};
      LocalReads reads = new LocalReads();
      CrcTwinFingerprints twin = new CrcTwinFingerprints();
      for (long[] r : ranges) {
        for (long chunk : chunks) {
          String what = bytesPerSum + "/sum, range " + r[0] + "+" + r[1] + ", chunk " + chunk;
          Fingerprints.Result got = twin.compose(fs, p, size, r[0], r[1], chunk);
          assertNotNull(got, what);
          assertEquals(reads.fingerprint(local(p), r[0], r[1], ChecksumAlgorithm.CRC32, chunk),
              got, what);
        }
      }
    }
  }

  @Test
  void theSharedTableFollowsTheSumSizeFromFileToFile() throws Exception {
    // One multiplication table per JVM, rebuilt when a twin of another sum size comes along:
    // alternating sizes, with one instance and with new ones, must give each file its own.
    LocalFileSystem fs512 = fs(512);
    LocalFileSystem fs100 = fs(100);
    int size = 70_001;
    Path a = written(fs512, "alt-512", size);
    Path b = written(fs100, "alt-100", size);
    LocalReads reads = new LocalReads();
    CrcTwinFingerprints one = new CrcTwinFingerprints();
    for (int round = 0; round < 2; round++) {
      for (Object[] c : new Object[][] {{fs512, a}, {fs100, b}}) {
        LocalFileSystem fs = (LocalFileSystem) c[0];
        Path p = (Path) c[1];
        Fingerprints.Result expected =
            reads.fingerprint(local(p), 7, size - 7, ChecksumAlgorithm.CRC32, 4096);
        assertEquals(expected, one.compose(fs, p, size, 7, size - 7, 4096), p + " " + round);
        assertEquals(expected, new CrcTwinFingerprints().compose(fs, p, size, 7, size - 7, 4096),
            p + " " + round + ", new instance");
      }
    }
  }

  @Test
  void chunksFinerThanTheSumsAreNotComposed() throws Exception {
    LocalFileSystem fs = fs(512);
    Path p = written(fs, "fine", 5000);
    CrcTwinFingerprints twin = new CrcTwinFingerprints();
    assertNull(twin.compose(fs, p, 5000, 0, 5000, 511));
    assertNotNull(twin.compose(fs, p, 5000, 0, 5000, 512));
  }

  @Test
  void sumsOfMoreThanAMebibyteAreNotComposed() throws Exception {
    LocalFileSystem fs = fs((1 << 20) + 512);
    int size = 3 << 20;
    Path p = written(fs, "coarse", size);
    assertEquals(8 + 4 * 3, Files.size(local(fs.getChecksumFile(p))), "Hadoop's coarse twin");
    assertNull(new CrcTwinFingerprints().compose(fs, p, size, 0, size, 2 << 20));
  }

  @Test
  void aFileWithoutATwinOrAnEmptyRangeIsNotComposed() throws Exception {
    LocalFileSystem fs = fs(512);
    java.nio.file.Path plain = dir.resolve("jdk-written");
    Files.write(plain, new byte[5000]);
    Path p = new Path(plain.toUri());
    assertNull(new CrcTwinFingerprints().compose(fs, p, 5000, 0, 5000, 1024));
    Path q = written(fs, "hadoop-written", 5000);
    assertNull(new CrcTwinFingerprints().compose(fs, q, 5000, 100, 0, 1024));
  }

  @Test
  void aTwinThatNoLongerCoversTheFileIsRefused() throws Exception {
    LocalFileSystem fs = fs(512);
    int size = 10_000;
    Path p = written(fs, "appended", size);
    // Another tool appends and leaves the twin alone: its sums stop short of the file.
    Files.write(local(p), new byte[600], StandardOpenOption.APPEND);
    assertNull(new CrcTwinFingerprints().compose(fs, p, size + 600, 0, size, 4096));
    // The file's length as the caller saw it still matches the twin, but not the range asked.
    assertNull(new CrcTwinFingerprints().compose(fs, p, size, 0, size + 600, 4096));

    Path q = written(fs, "truncated-twin", size);
    try (RandomAccessFile t = new RandomAccessFile(local(fs.getChecksumFile(q)).toFile(),
        "rw")) {
      t.setLength(t.length() - 4);
    }
    assertNull(new CrcTwinFingerprints().compose(fs, q, size, 0, size, 4096));
  }

  @Test
  @Timeout(30)
  void aTwinThatIsNotARegularFileIsNotOpened() throws Exception {
    LocalFileSystem fs = fs(512);
    Path p = written(fs, "piped", 4096);
    java.nio.file.Path twin = local(fs.getChecksumFile(p));
    Files.delete(twin);
    // A named pipe: opening it for reading would wait for a writer that never comes.
    Process mkfifo = new ProcessBuilder("mkfifo", twin.toString()).start();
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo");
    assertNull(new CrcTwinFingerprints().compose(fs, p, 4096, 0, 4096, 1024));
  }

  @Test
  void aTwinWithAForeignHeaderIsRefused() throws Exception {
    LocalFileSystem fs = fs(512);
    int size = 4096;
    Path p = written(fs, "foreign", size);
    java.nio.file.Path twin = local(fs.getChecksumFile(p));
    byte[] b = Files.readAllBytes(twin);
    byte[] badMagic = b.clone();
    badMagic[0] = 'x';
    Files.write(twin, badMagic);
    assertNull(new CrcTwinFingerprints().compose(fs, p, size, 0, size, 1024), "magic");
    for (int bytesPerSum : new int[] {0, -512, Integer.MAX_VALUE}) {
      byte[] bad = b.clone();
      java.nio.ByteBuffer.wrap(bad).putInt(4, bytesPerSum);
      Files.write(twin, bad);
      assertNull(new CrcTwinFingerprints().compose(fs, p, size, 0, size, 1024),
          "bytes per sum " + bytesPerSum);
    }
    Files.write(twin, b);
    assertNotNull(new CrcTwinFingerprints().compose(fs, p, size, 0, size, 1024), "restored");
  }
}
