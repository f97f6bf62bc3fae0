package org.provmr.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.BlockDecompressorStream;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.provmr.conf.ProvenanceKeys;

/**
 * The stream of a SequenceFile being framed, with the checks every length read from it goes
 * through before anything is allocated: against the bytes left in the file, against
 * provenance.read.max.record.bytes, and, for compressed bytes, against what they may
 * decompress to.
 */
final class FramedInput {
  static final int SYNC_ESCAPE = -1;
  static final int SYNC_SIZE = 4 + SequenceFileHeader.SYNC_HASH_SIZE;

  final Path file;
  final FSDataInputStream in;
  final long length;
  final int maxRecord;
  private final byte[] syncCheck = new byte[SequenceFileHeader.SYNC_HASH_SIZE];
  private byte[] raw = new byte[256];
  /** Length of what the last {@link #decompress} returned. */
  int decompressed;

  FramedInput(Path file, FSDataInputStream in, long length, int maxRecord) {
    this.file = file;
    this.in = in;
    this.length = length;
    this.maxRecord = maxRecord;
  }

  long pos() throws IOException {
    return in.getPos();
  }

  /** The file has {@code n} bytes from {@code at} (where the record or block started). */
  void need(long at, long n) throws IOException {
    need(at, in.getPos() - at, n);
  }

  /**
   * As {@link #need(long, long)}, with the stream known to stand {@code read} bytes after
   * {@code at}: no position look-up on the way that succeeds.
   */
  void need(long at, long read, long n) throws IOException {
    if (n > length - at) {
      long left = length - (at + read);
      throw new FramingException(file, at, true, "the record at byte " + at + " needs "
          + (n - read) + " more bytes but only " + left + " remain in the file");
    }
  }

  /** A length read from the file: within the configured maximum. */
  void checkLength(long at, long n, String what) throws FramingException {
    if (n > maxRecord) {
      throw corrupt(at, "the " + what + " at byte " + at + " declares " + n + " bytes, more"
          + " than " + ProvenanceKeys.READ_MAX_RECORD_BYTES + " (" + maxRecord + "); the file"
          + " is damaged, or raise that limit for genuinely larger records");
    }
  }

  /** Reads a 16-byte sync marker (its escape already read) and checks it. */
  void readSync(long at, byte[] sync) throws IOException {
    need(at, SYNC_SIZE);
    in.readFully(syncCheck);
    if (!Arrays.equals(sync, syncCheck)) {
      throw corrupt(at, "corrupt sync marker at byte " + at);
    }
  }

  FramingException corrupt(long at, String what) {
    return new FramingException(file, at, false, what);
  }

  /** Reads {@code n} bytes (already checked) into {@code into}, grown if needed. */
  byte[] read(byte[] into, int n) throws IOException {
    byte[] b = ensure(into, n);
    in.readFully(b, 0, n);
    return b;
  }

  /**
   * Reads {@code n} compressed bytes and decompresses them, refusing output beyond
   * {@code limit}; the result's length is {@link #decompressed}.
   */
  byte[] readCompressed(int n, CompressionCodec codec, Decompressor d, long limit, long at,
      String what) throws IOException {
    raw = read(raw, n);
    d.reset();
    byte[] out = new byte[(int) Math.min(limit, Math.max(256, Math.min(4L * n, 1 << 20)))];
    int len = 0;
    int stalls = 0;
    try (InputStream s = decompressing(codec, d, n)) {
      while (true) {
        if (len == out.length) {
          if (len >= limit) {
            if (s.read() < 0) {
              break;
            }
            throw corrupt(at, "the " + what + " at byte " + at + " decompresses to more than "
                + limit + " bytes (" + ProvenanceKeys.READ_MAX_RECORD_BYTES + ")");
          }
          out = Arrays.copyOf(out, (int) Math.min(limit, 2L * out.length));
        }
        int r = s.read(out, len, out.length - len);
        if (r < 0) {
          break;
        }
        // A decompressor that makes no progress on crafted input must not spin forever.
        stalls = r == 0 ? stalls + 1 : 0;
        if (stalls > 1000) {
          throw corrupt(at, "the " + what + " at byte " + at + " does not decompress: the"
              + " codec makes no progress");
        }
        len += r;
      }
    } catch (FramingException e) {
      throw e;
    } catch (IOException | RuntimeException | LinkageError e) {
      // Codecs throw what they like on bytes they did not write, or fail to link their
      // native or optional library only when they first decompress.
      throw new FramingException(file, at, false, "the " + what + " at byte " + at
          + " does not decompress: " + e, e);
    }
    decompressed = len;
    return out;
  }

  /** A stream decompressing {@code raw[0, n)}, each of whose allocations is bounded. */
  private InputStream decompressing(CompressionCodec codec, Decompressor d, int n)
      throws IOException {
    InputStream s = codec.createInputStream(new ByteArrayInputStream(raw, 0, n), d);
    if (!(s instanceof BlockDecompressorStream)) {
      return s;
    }
    // Hadoop's block framing allocates each chunk length it reads: checked first (Snappy, Lz4).
    s.close();
    return new BoundedBlockInput(new ByteArrayInputStream(raw, 0, n), d);
  }

  static byte[] ensure(byte[] b, int n) {
    return b.length >= n ? b : new byte[(int) Math.max(n, Math.min(Integer.MAX_VALUE - 8,
        2L * b.length))];
  }
}
