package org.provmr.store;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;
import org.provmr.io.Interrupts;

/**
 * Fingerprints of a byte range of a file: one checksum of the whole range plus one per chunk,
 * so that a later change can be located to a chunk without storing per-record checksums.
 *
 * <p>The range is read once, sequentially, in large buffers; capture and validation use the
 * same code so that they cannot disagree about what a fingerprint covers. On Hadoop's own local
 * file system a CRC fingerprint is read with the JDK ({@link LocalReads}: one copy, one CRC
 * pass, no {@code .crc} verification), which costs about half of Hadoop's checksummed read
 * (docs/validation.md); capture pays it once per map task, after the task's own read.
 */
public final class Fingerprints {
  private static final int BUFFER = 1 << 16;

  /** The fingerprint of a range. */
  public record Result(String whole, List<String> chunks) {
  }

  // One reader (and its direct buffer) per thread that fingerprints: a map task, a checker.
  private static final ThreadLocal<LocalReads> LOCAL = ThreadLocal.withInitial(LocalReads::new);

  private Fingerprints() {
  }

  /**
   * A CRC fingerprint as the store records it: eight lowercase hex digits, the bytes that
   * {@link #throughHadoop} formats from the CRC's big-endian digest. The JDK's reads
   * ({@link LocalReads}) and HDFS's composite CRCs (CompositeCrcRange) format theirs here, so
   * that all three compare equal. HexFormat rather than {@code String.format("%08x")}, whose
   * width goes through java.util.Formatter's regex once per task JVM.
   */
  public static String crcHex(int crc) {
    return HexFormat.of().toHexDigits(crc);
  }

  public static Result of(FileSystem fs, Path file, long start, long length,
      ChecksumAlgorithm algorithm, long chunkBytes) throws IOException {
    java.nio.file.Path local = LocalReads.localFile(fs, file);
    if (local != null && LocalReads.supports(algorithm)) {
      return LOCAL.get().fingerprint(local, start, length, algorithm, chunkBytes);
    }
    return throughHadoop(fs, file, start, length, algorithm, chunkBytes);
  }

  /** {@link #of} through the file system's own input stream, whatever the file system. */
  static Result throughHadoop(FileSystem fs, Path file, long start, long length,
      ChecksumAlgorithm algorithm, long chunkBytes) throws IOException {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunk size must be positive, was " + chunkBytes);
    }
    PayloadHasher whole = algorithm.newHasher();
    PayloadHasher chunk = algorithm.newHasher();
    byte[] digest = new byte[algorithm.length()];
    List<String> chunks = new ArrayList<>();
    byte[] buf = new byte[BUFFER];
    long inChunk = 0;
    try (FSDataInputStream in = fs.open(file, BUFFER)) {
      in.seek(start);
      long left = length;
      while (left > 0) {
        Interrupts.check(file); // a range can be gigabytes; Hadoop's streams may not notice
        int want = (int) Math.min(Math.min(buf.length, left), chunkBytes - inChunk);
        int n = in.read(buf, 0, want);
        if (n < 0) {
          throw new EOFException(file + " ends before byte " + (start + length)
              + " (" + left + " bytes of the range missing)");
        }
        whole.update(buf, 0, n);
        chunk.update(buf, 0, n);
        left -= n;
        inChunk += n;
        if (inChunk == chunkBytes || left == 0) {
          chunk.finish(digest, 0);
          chunks.add(HexFormat.of().formatHex(digest));
          inChunk = 0;
        }
      }
    }
    whole.finish(digest, 0);
    return new Result(HexFormat.of().formatHex(digest), chunks);
  }
}
