package org.provmr.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.CrcUtil;
import org.provmr.io.UntrustedFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CRC32 fingerprints of a range of a file on Hadoop's local file system, composed from the
 * CRC32 that {@code ChecksumFileSystem} keeps for every {@code bytesPerSum} bytes in the file's
 * {@code .crc} twin, instead of reading the range again.
 *
 * <p>For capture only, and only after the task's own reader has read the whole range through
 * {@code ChecksumFileSystem} with verification on: it compared every sum in the range with the
 * bytes, so the sums are the bytes' CRCs and composing them gives what {@link LocalReads}
 * would compute by reading (the tests hold the two equal). The caller decides that
 * ({@code MapSideTracker}); this class only refuses a twin that does not cover the file as it
 * is now. Validation never composes: a tool that rewrites the file and leaves the twin alone
 * must still be caught, so it reads the bytes ({@link Fingerprints#of}).
 *
 * <p>A 32 MiB split has 65,536 sums; composing one costs three table lookups (a multiplication
 * by a fixed monomial in GF(2), tabulated with Hadoop's {@link CrcUtil}) instead of a copy of
 * 512 bytes and their CRC: 0.385 ms a split against 6.37 ms for the read and CRC32C in a warm
 * JVM (SplitFingerprintBench), 7.5 against 12.2 ms in a fresh one (fingerprint-startup.sh;
 * bench/README.md, "Split fingerprints from the .crc").
 */
public final class CrcTwinFingerprints {
  private static final Logger LOG = LoggerFactory.getLogger(CrcTwinFingerprints.class);
  /** "crc\0", then the int bytesPerSum: ChecksumFileSystem's header (CHECKSUM_VERSION). */
  private static final int MAGIC = 0x63726300;
  private static final int HEADER = 8;
  /**
   * Hadoop writes 512 (file.bytes-per-checksum); a twin with sums of more than 1 MiB is not
   * composed, so that the pieces read at a range's ends stay small.
   */
  private static final int MAX_BYTES_PER_SUM = 1 << 20;
  private static final int SUMS_BUFFER = 64 << 10;

  private final ByteBuffer sumBytes = ByteBuffer.allocate(SUMS_BUFFER);
  private final int[] sums = new int[SUMS_BUFFER / 4];
  private final CRC32 crc = new CRC32();
  private ByteBuffer edge; // the pieces at a chunk's ends, under one sum's bytes
  /**
   * The last sum size's multiplication table, shared by the JVM's instances (read only once
   * built). A LocalJobRunner job composes a fingerprint per split, each with a new instance:
   * building the table per split (6,144 entries) cost every task about 0.3 ms and brought C2
   * to compile the loop again, in the third job of a JVM (bench/README.md, "Per-job
   * compilations of a LocalJobRunner client").
   */
  private static volatile MultiplyTable shared;
  private final CrcConcat concat = new CrcConcat(CrcUtil.GZIP_POLYNOMIAL);

  /**
   * The fingerprints of {@code [start, start + length)} of {@code file}, whose length is now
   * {@code fileLength}, as {@link LocalReads#fingerprint} computes them with CRC32; or null when
   * the file has no usable {@code .crc} twin (none, a header Hadoop does not write, or a size
   * that does not cover {@code fileLength}: the file changed since its sums were written), or
   * when {@code chunkBytes} is finer than its sums (reading is cheaper then).
   */
  public Fingerprints.Result compose(LocalFileSystem fs, Path file, long fileLength, long start,
      long length, long chunkBytes) throws IOException {
    java.nio.file.Path data = UntrustedFiles.jdkPath(fs, file);
    if (data == null || length <= 0 || chunkBytes <= 0 || start < 0
        || start + length > fileLength) {
      return null;
    }
    java.nio.file.Path twin = UntrustedFiles.jdkPath(fs, fs.getChecksumFile(file));
    if (!Files.isRegularFile(twin) || !Files.isRegularFile(data)) {
      return null; // none, or a pipe or device whose open could block: read as before
    }
    try (FileChannel sumsIn = FileChannel.open(twin, StandardOpenOption.READ);
        FileChannel dataIn = FileChannel.open(data, StandardOpenOption.READ)) {
      int bytesPerSum = bytesPerSum(sumsIn, fileLength);
      if (bytesPerSum <= 0) {
        LOG.info("{} does not cover {} ({} bytes): its fingerprint is read", twin, file,
            fileLength);
        return null;
      }
      if (chunkBytes < bytesPerSum) {
        return null;
      }
      return compose(sumsIn, dataIn, bytesPerSum, fileLength, start, length, chunkBytes);
    } catch (EOFException e) {
      // Both sizes were checked: the file or its twin shrank since, as a read would have found.
      throw new EOFException(file + " or " + twin + " ended early while its fingerprint was"
          + " composed: the file changed during the task (" + e.getMessage() + ")");
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** The twin's bytesPerSum, or -1 unless its header and size are what Hadoop writes. */
  private int bytesPerSum(FileChannel sumsIn, long fileLength) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(HEADER);
    if (sumsIn.read(header, 0) != HEADER || header.getInt(0) != MAGIC) {
      return -1;
    }
    int bytesPerSum = header.getInt(4);
    if (bytesPerSum <= 0 || bytesPerSum > MAX_BYTES_PER_SUM) {
      return -1;
    }
    long sumCount = (fileLength + bytesPerSum - 1) / bytesPerSum;
    return sumsIn.size() == HEADER + 4 * sumCount ? bytesPerSum : -1;
  }

  private Fingerprints.Result compose(FileChannel sumsIn, FileChannel dataIn, int bytesPerSum,
      long fileLength, long start, long length, long chunkBytes) throws IOException {
    int[] table = tableFor(bytesPerSum);
    List<String> chunks = new ArrayList<>();
    int whole = 0;
    long end = start + length;
    for (long cs = start; cs < end; cs += chunkBytes) {
      long ce = Math.min(end, cs + chunkBytes);
      // Sums cover [first, last) of the grid: whole ones up to lastWhole, then the file's last
      // sum if it is short and the chunk reaches the end of the file.
      long first = (cs + bytesPerSum - 1) / bytesPerSum * bytesPerSum;
      long last = ce == fileLength ? ce : ce / bytesPerSum * bytesPerSum;
      int value;
      if (first >= last) {
        value = read(dataIn, cs, ce - cs); // inside one sum's bytes
      } else {
        boolean any = cs < first;
        value = any ? read(dataIn, cs, first - cs) : 0;
        long index = first / bytesPerSum;
        long count = (last - first) / bytesPerSum;
        long lastWhole = first + count * bytesPerSum;
        for (long done = 0; done < count; ) {
          int n = (int) Math.min(count - done, sums.length);
          readSums(sumsIn, index + done, n);
          int from = 0;
          if (!any) {
            value = sums[0];
            from = 1;
            any = true;
          }
          value = timesEach(table, sums, from, n, value);
          done += n;
        }
        if (lastWhole < last) {
          readSums(sumsIn, index + count, 1);
          value = any ? concat.of(value, sums[0], last - lastWhole) : sums[0];
        }
        if (last < ce) {
          value = concat.of(value, read(dataIn, last, ce - last), ce - last);
        }
      }
      chunks.add(Fingerprints.crcHex(value));
      whole = cs == start ? value : concat.of(whole, value, ce - cs);
    }
    return new Fingerprints.Result(Fingerprints.crcHex(whole), chunks);
  }

  /**
   * For each sum from {@code from} to {@code to}: {@code crc} times x^(8 * bytesPerSum), plus
   * the sum, which composes the CRC of the bytes so far with the next sum's bytes. A loop
   * of few bytecodes and no calls, because a task JVM runs it once per split, mostly in the
   * interpreter: a 32 MiB split's 65,536 sums come before C1's back-edge threshold. With
   * ByteBuffer calls and four 8-bit tables the whole composition cost 10-13 ms there, more
   * than reading the split again (8-10 ms); in this form 5.8-7.3 ms (bench/README.md, "Split
   * fingerprints from the .crc").
   */
  private static int timesEach(int[] t, int[] s, int from, int to, int crc) {
    for (int i = from; i < to; i++) {
      crc = t[crc & 0x7ff] ^ t[2048 + ((crc >>> 11) & 0x7ff)] ^ t[4096 + (crc >>> 22)] ^ s[i];
    }
    return crc;
  }

  /** Reads {@code n} sums from the {@code index}th into {@link #sums} (big-endian ints). */
  private void readSums(FileChannel sumsIn, long index, int n) throws IOException {
    ByteBuffer b = sumBytes.clear().limit(4 * n);
    long pos = HEADER + 4 * index;
    while (b.hasRemaining()) {
      if (sumsIn.read(b, pos + b.position()) < 0) {
        throw new EOFException("the sums end before byte " + (pos + 4L * n));
      }
    }
    b.flip().asIntBuffer().get(0, sums, 0, n); // one bulk copy, byte-swapped as it goes
  }

  /** The CRC32 of {@code n} bytes of the file at {@code pos}, read (less than one sum's). */
  private int read(FileChannel dataIn, long pos, long n) throws IOException {
    if (edge == null || edge.capacity() < n) {
      edge = ByteBuffer.allocate((int) n);
    }
    edge.clear().limit((int) n);
    while (edge.hasRemaining()) {
      if (dataIn.read(edge, pos + edge.position()) < 0) {
        throw new EOFException("the file ends before byte " + (pos + n));
      }
    }
    crc.reset();
    crc.update(edge.flip());
    return (int) crc.getValue();
  }

  /** The multiplication by x^(8 * bytes), built once per JVM for Hadoop's one sum size. */
  private static int[] tableFor(int bytes) {
    MultiplyTable t = shared;
    if (t == null || t.bytes != bytes) {
      t = new MultiplyTable(bytes); // a race builds it twice, each complete before it is seen
      shared = t;
    }
    return t.table;
  }

  /**
   * The multiplication by x^(8 * bytes) in GF(2) modulo CRC32's polynomial, as three tables of
   * the CRC's bits 0-10, 11-21 and 22-31. Immutable once constructed.
   */
  private static final class MultiplyTable {
    final int bytes;
    final int[] table = new int[3 * 2048];

    MultiplyTable(int bytes) {
      this.bytes = bytes;
      int m = CrcUtil.getMonomial(bytes, CrcUtil.GZIP_POLYNOMIAL);
      // The product is linear in the CRC: the sum of the products of its three pieces, and
      // each piece's product the sum of its bits' (32 multiplications by CrcUtil, then XORs).
      int[] bit = new int[11];
      for (int k = 0; k < 3; k++) {
        int bits = k < 2 ? 11 : 10;
        for (int b = 0; b < bits; b++) {
          bit[b] = CrcUtil.composeWithMonomial(1 << (11 * k + b), 0, m,
              CrcUtil.GZIP_POLYNOMIAL);
        }
        for (int v = 1; v < 1 << bits; v++) {
          table[2048 * k + v] = table[2048 * k + (v & (v - 1))]
              ^ bit[Integer.numberOfTrailingZeros(v)];
        }
      }
    }
  }
}
