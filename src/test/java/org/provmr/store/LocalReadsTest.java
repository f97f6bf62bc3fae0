package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;

/**
 * The local read path computes exactly what the Hadoop stream path computes: whole-file
 * checksums as PayloadHasher writes them, and source fingerprints (whole and per chunk) as
 * Fingerprints computes through Hadoop's stream, for ranges and chunk sizes that do and do not
 * line up with its buffer; the whole combined from the chunks equals one CRC over the bytes.
 */
class LocalReadsTest {
  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  private Path file(int size) throws Exception {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    Path f = dir.resolve("data-" + size);
    Files.write(f, b);
    return f;
  }

  @Test
  void fingerprintsEqualFingerprintsOfForAnyRangeAndChunk() throws Exception {
    int size = 3 * LocalReads.BUFFER + 777;
    Path f = file(size);
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path hp = new org.apache.hadoop.fs.Path(f.toUri());
    LocalReads reads = new LocalReads();
    long[][] ranges = {{0, size}, {13, size - 13}, {LocalReads.BUFFER - 5, 10},
        {size - 1, 1}, {100, 0}, {5, 2 * LocalReads.BUFFER}};
    long[] chunks = {7, 4096, 65_536, LocalReads.BUFFER, LocalReads.BUFFER + 3, 1 << 20,
        10L * size};
    for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32C,
        ChecksumAlgorithm.CRC32}) {
      for (long[] r : ranges) {
        for (long chunk : chunks) {
          if (chunk == 7 && r[1] > 50_000) {
            continue; // the stream path reads 7 bytes a call: slow, and no more telling
          }
          Fingerprints.Result want = Fingerprints.throughHadoop(fs, hp, r[0], r[1], a,
              chunk);
          Fingerprints.Result got = reads.fingerprint(f, r[0], r[1], a, chunk);
          assertEquals(want, got, a + " range " + r[0] + "+" + r[1] + " chunk " + chunk);
        }
      }
    }
  }

  @Test
  void wholeFileEqualsThePayloadHasher() throws Exception {
    for (int size : new int[] {0, 1, LocalReads.BUFFER, 2 * LocalReads.BUFFER + 9}) {
      Path f = file(size);
      byte[] b = Files.readAllBytes(f);
      for (ChecksumAlgorithm a : new ChecksumAlgorithm[] {ChecksumAlgorithm.CRC32C,
          ChecksumAlgorithm.CRC32}) {
        PayloadHasher h = a.newHasher();
        h.update(b, 0, b.length);
        byte[] d = new byte[4];
        h.finish(d, 0);
        LocalReads reads = new LocalReads();
        assertEquals(HexFormat.of().formatHex(d), reads.wholeFile(f, a), a + " of " + size);
        assertEquals(size, reads.bytesRead());
      }
    }
  }

  @Test
  void combineEqualsOneCrcOverBothPieces() {
    Random random = new Random(3);
    LocalReads reads = new LocalReads();
    for (int i = 0; i < 50; i++) {
      byte[] x = new byte[random.nextInt(3000)];
      byte[] y = new byte[random.nextInt(3000)];
      random.nextBytes(x);
      random.nextBytes(y);
      CRC32C both = new CRC32C();
      both.update(x);
      both.update(y);
      CRC32C cx = new CRC32C();
      cx.update(x);
      CRC32C cy = new CRC32C();
      cy.update(y);
      assertEquals(both.getValue(), reads.combine(ChecksumAlgorithm.CRC32C, cx.getValue(),
          cy.getValue(), y.length));
    }
  }

  @Test
  void readingAllocatesPerFileAndPerChunkNotPerBuffer() throws Exception {
    int size = 16 << 20; // 64 buffers
    Path f = file(size);
    LocalReads reads = new LocalReads();
    for (int i = 0; i < 3; i++) { // warm: class loading, JIT
      reads.wholeFile(f, ChecksumAlgorithm.CRC32C);
      reads.fingerprint(f, 0, size, ChecksumAlgorithm.CRC32C, 1 << 20);
    }
    long before = org.provmr.testing.Allocations.now();
    reads.wholeFile(f, ChecksumAlgorithm.CRC32C);
    long whole = org.provmr.testing.Allocations.now() - before;
    before = org.provmr.testing.Allocations.now();
    reads.fingerprint(f, 0, size, ChecksumAlgorithm.CRC32C, 1 << 20);
    long chunked = org.provmr.testing.Allocations.now() - before;
    // Opening a channel costs a few KB; 64 buffers of 256 KiB would be 16 MiB.
    assertTrue(whole < 32 << 10, "wholeFile allocated " + whole + " bytes for 16 MiB");
    // Plus a hex string a chunk (16 here) and the result.
    assertTrue(chunked < 64 << 10, "fingerprint allocated " + chunked + " bytes for 16 MiB");
  }

  @Test
  void aRangePastTheEndIsAnEofNamingTheFile() throws Exception {
    Path f = file(1000);
    EOFException e = assertThrows(EOFException.class, () -> new LocalReads().fingerprint(f, 900,
        200, ChecksumAlgorithm.CRC32C, 64));
    assertEquals(f + " ends before byte 1100 (100 bytes of the range missing)", e.getMessage());
  }
}
