package org.provmr.store;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.CrcUtil;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.io.Interrupts;
import org.provmr.io.UntrustedFiles;

/**
 * The read path for files on Hadoop's own local file system, for capture's source fingerprints
 * ({@link Fingerprints#of}) and validation's parts and sources: a JDK {@link FileChannel} into
 * one direct buffer per checker, each byte copied once and checksummed once, like the raw
 * read + CRC32C it is measured against (bench/README.md).
 *
 * <p>Hadoop's local file system reads through {@code ChecksumFileSystem}: a second file (the
 * {@code .crc}), a CRC32 of every 512 bytes and two copies per read, which the profile of a
 * validation showed as most of its time per byte (docs/validation.md). That CRC only says the
 * bytes are what Hadoop last wrote; ProvMR compares them with its own recorded checksums, which
 * also catches a change made by any tool that left the {@code .crc} alone. HDFS and other file
 * systems keep Hadoop's path (their checksums are verified by the client as the data comes).
 *
 * <p>A source range's chunk fingerprints are computed in the one pass, and its whole
 * fingerprint is combined from them ({@link #combine}) instead of a second CRC over the bytes.
 * Not thread-safe: one per checker, so one per validating thread.
 */
public final class LocalReads {
  /** 256 KiB: a few system calls per MiB, and the buffer stays in the core's cache. */
  public static final int BUFFER = 256 << 10;

  private final ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER);
  private final CRC32C crc32c = new CRC32C();
  private final CRC32 crc32 = new CRC32();
  private final CrcConcat concat32c = new CrcConcat(CrcUtil.CASTAGNOLI_POLYNOMIAL);
  private final CrcConcat concat32 = new CrcConcat(CrcUtil.GZIP_POLYNOMIAL);
  private long bytesRead;

  /**
   * The local file behind {@code path}, or null when {@code fs} is not Hadoop's own local file
   * system ({@link UntrustedFiles#jdkPath}: its subclasses keep Hadoop's path).
   */
  public static java.nio.file.Path localFile(FileSystem fs, Path path) {
    return UntrustedFiles.jdkPath(fs, path);
  }

  /** Whether this path can compute {@code a} (the CRCs; SHA-256 keeps Hadoop's path). */
  public static boolean supports(ChecksumAlgorithm a) {
    return a == ChecksumAlgorithm.CRC32C || a == ChecksumAlgorithm.CRC32;
  }

  private Checksum checksum(ChecksumAlgorithm a) {
    Checksum c = a == ChecksumAlgorithm.CRC32C ? crc32c : crc32;
    c.reset();
    return c;
  }

  /** The checksum of the whole file, as {@link ChecksumAlgorithm} writes it (hex, big-endian). */
  public String wholeFile(java.nio.file.Path file, ChecksumAlgorithm a) throws IOException {
    Checksum c = checksum(a);
    bytesRead = 0;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      int n;
      while (true) {
        Interrupts.check(file); // as the channel's read would, but as an interruption
        buffer.clear();
        if ((n = ch.read(buffer)) < 0) {
          break;
        }
        buffer.flip();
        c.update(buffer);
        bytesRead += n;
      }
    }
    return hex(c.getValue());
  }

  /** Bytes the last {@link #wholeFile} read. */
  public long bytesRead() {
    return bytesRead;
  }

  /**
   * What {@link Fingerprints#of} computes for {@code [start, start + length)} of {@code file}:
   * the whole range's checksum and one per {@code chunkBytes}.
   *
   * @throws EOFException if the file ends before the range does
   */
  public Fingerprints.Result fingerprint(java.nio.file.Path file, long start, long length,
      ChecksumAlgorithm a, long chunkBytes) throws IOException {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, was " + chunkBytes);
    }
    Checksum chunk = checksum(a);
    List<String> chunks = new ArrayList<>();
    long whole = 0;
    long inChunk = 0;
    boolean first = true;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = start;
      long left = length;
      while (left > 0) {
        Interrupts.check(file);
        buffer.clear();
        buffer.limit((int) Math.min(buffer.capacity(), left));
        int n = ch.read(buffer, pos);
        if (n < 0) {
          throw new EOFException(file + " ends before byte " + (start + length)
              + " (" + left + " bytes of the range missing)");
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          int take = (int) Math.min(buffer.remaining(), chunkBytes - inChunk);
          int end = buffer.position() + take;
          int limit = buffer.limit();
          buffer.limit(end);
          chunk.update(buffer); // moves the position to end
          buffer.limit(limit);
          inChunk += take;
          if (inChunk == chunkBytes || left - n + limit - end == 0) {
            long v = chunk.getValue();
            chunks.add(hex(v));
            whole = first ? v : combine(a, whole, v, inChunk);
            first = false;
            chunk.reset();
            inChunk = 0;
          }
        }
        pos += n;
        left -= n;
      }
    }
    if (first) {
      whole = chunk.getValue(); // an empty range: the checksum of nothing
    }
    return new Fingerprints.Result(hex(whole), chunks);
  }

  private static String hex(long crc) {
    return Fingerprints.crcHex((int) crc);
  }

  /** The CRC of A followed by B from the CRCs of A and B and B's length ({@link CrcConcat}). */
  long combine(ChecksumAlgorithm a, long crcA, long crcB, long lengthB) {
    CrcConcat c = a == ChecksumAlgorithm.CRC32C ? concat32c : concat32;
    return c.of((int) crcA, (int) crcB, lengthB) & 0xffffffffL;
  }
}
