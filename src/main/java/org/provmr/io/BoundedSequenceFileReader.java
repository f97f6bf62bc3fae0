package org.provmr.io;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.provmr.conf.ProvenanceKeys;

/**
 * Reads the records of a SequenceFile as raw key and value bytes, with every length checked
 * against the bytes left in the file and {@code provenance.read.max.record.bytes} before
 * anything is allocated, and every decompression bounded the same way.
 *
 * <p>Hadoop's {@code SequenceFile.Reader} trusts the file: a record length of 0x7ffffff0
 * makes it allocate 2 GB, a negative one throws IndexOutOfBoundsException, and a block's
 * buffers decompress without limit. A provenance part is written by whoever owns the output,
 * so ProvMR frames it here. Positions, {@link #sync(long)} and {@link #syncSeen()} mean what
 * they mean for Hadoop's reader, so split boundaries and the record positions published to
 * downstream DataIDs are unchanged. The file must be a regular file ({@link UntrustedFiles}).
 */
public final class BoundedSequenceFileReader implements Closeable {
  private static final int SYNC_ESCAPE = -1;
  private static final int SYNC_SIZE = 4 + SequenceFileHeader.SYNC_HASH_SIZE;

  private final Path file;
  private final FSDataInputStream in;
  private final long length;
  private final SequenceFileHeader header;
  private final int maxRecord;
  private final long maxBlockBuffer;
  private final Decompressor decompressor;
  private final byte[] syncCheck = new byte[SequenceFileHeader.SYNC_HASH_SIZE];
  private byte[] key = new byte[64];
  private int keyLength;
  private byte[] value = new byte[256];
  private int valueLength;
  private byte[] raw = new byte[256];
  private long recordStart = -1;
  private boolean syncSeen;
  private int decompressedLength;
  // Block-compressed files: the current block's four decompressed buffers.
  private final Block block;

  public BoundedSequenceFileReader(Configuration conf, Path file) throws IOException {
    this.file = file;
    FileSystem fs = file.getFileSystem(conf);
    this.length = UntrustedFiles.requireRegularFile(fs, file).getLen();
    this.maxRecord = UntrustedFiles.maxRecordBytes(conf);
    this.maxBlockBuffer = (long) maxRecord + conf.getInt(
        CommonConfigurationKeysPublic.IO_SEQFILE_COMPRESS_BLOCKSIZE_KEY,
        CommonConfigurationKeysPublic.IO_SEQFILE_COMPRESS_BLOCKSIZE_DEFAULT);
    int buffer = Math.max(64 << 10, conf.getInt(
        CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_KEY,
        CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_DEFAULT));
    this.in = fs.open(file, buffer);
    try {
      this.header = SequenceFileHeader.read(conf, file, in, length);
      CompressionCodec codec = header.codec();
      this.decompressor = codec == null ? null : CodecPool.getDecompressor(codec);
      this.block = header.blockCompressed() ? new Block() : null;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  public SequenceFileHeader header() {
    return header;
  }

  public Path file() {
    return file;
  }

  /**
   * Reads the next record; false at the end of the file.
   *
   * @throws FramingException if the record cannot be framed (nothing was allocated from it)
   */
  public boolean next() throws IOException {
    try {
      return block == null ? nextRecord() : block.next();
    } catch (EOFException e) {
      // Every length was checked against the file's length, so the file shrank meanwhile.
      throw new FramingException(file, recordStart, true, "the file ends inside the record at"
          + " byte " + recordStart, e);
    }
  }

  private boolean nextRecord() throws IOException {
    long at = in.getPos();
    recordStart = at;
    if (at >= length) {
      return false;
    }
    need(at, 4);
    int recordLength = in.readInt();
    syncSeen = recordLength == SYNC_ESCAPE;
    if (syncSeen) {
      readSync(at);
      recordStart = in.getPos();
      if (recordStart >= length) {
        return false;
      }
      need(recordStart, 4);
      recordLength = in.readInt();
    }
    need(recordStart, 8);
    int keyLen = in.readInt();
    if (recordLength < 0 || keyLen < 0 || keyLen > recordLength) {
      throw corrupt(recordStart, "corrupt record framing at byte " + recordStart
          + " (record length " + recordLength + ", key length " + keyLen + ")");
    }
    checkLength(recordStart, recordLength, "record");
    need(recordStart, 8L + recordLength);
    key = ensure(key, keyLen);
    in.readFully(key, 0, keyLen);
    keyLength = keyLen;
    int valueLen = recordLength - keyLen;
    if (decompressor == null) {
      value = ensure(value, valueLen);
      in.readFully(value, 0, valueLen);
      valueLength = valueLen;
    } else {
      raw = ensure(raw, valueLen);
      in.readFully(raw, 0, valueLen);
      value = decompress(raw, valueLen, maxRecord, recordStart, "value of the record");
      valueLength = decompressedLength;
    }
    return true;
  }

  private void readSync(long at) throws IOException {
    need(at, SYNC_SIZE);
    in.readFully(syncCheck);
    if (!Arrays.equals(header.sync(), syncCheck)) {
      throw corrupt(at, "corrupt sync marker at byte " + at);
    }
  }

  /** A length from the file: within the configured maximum. */
  private void checkLength(long at, long n, String what) throws FramingException {
    if (n > maxRecord) {
      throw corrupt(at, "the " + what + " at byte " + at + " declares " + n + " bytes, more"
          + " than " + ProvenanceKeys.READ_MAX_RECORD_BYTES + " (" + maxRecord + "); the file"
          + " is damaged, or raise that limit for genuinely larger records");
    }
  }

  /** The file has {@code n} more bytes from the record (or block) at {@code at}. */
  private void need(long at, long n) throws IOException {
    long left = length - in.getPos();
    long wanted = n - (in.getPos() - at);
    if (wanted > left) {
      throw new FramingException(file, at, true, "the record at byte " + at + " needs "
          + wanted + " more bytes but only " + left + " remain in the file");
    }
  }

  private FramingException corrupt(long at, String what) {
    return new FramingException(file, at, false, what);
  }

  /** Decompresses {@code n} bytes of {@code src}, refusing output beyond {@code limit}. */
  private byte[] decompress(byte[] src, int n, long limit, long at, String what)
      throws IOException {
    decompressor.reset();
    byte[] out = new byte[(int) Math.min(limit, Math.max(256, Math.min(4L * n, 1 << 20)))];
    int len = 0;
    int stalls = 0;
    try (InputStream s = header.codec().createInputStream(new ByteArrayInputStream(src, 0, n),
        decompressor)) {
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
    } catch (IOException | RuntimeException e) {
      throw new FramingException(file, at, false, "the " + what + " at byte " + at
          + " does not decompress: " + e, e);
    }
    decompressedLength = len;
    return out;
  }

  private static byte[] ensure(byte[] b, int n) {
    return b.length >= n ? b : new byte[Math.max(n, Math.min(Integer.MAX_VALUE - 8,
        b.length * 2))];
  }

  /** Serialized key of the current record: {@code key()[0, keyLength())}. */
  public byte[] key() {
    return key;
  }

  public int keyLength() {
    return keyLength;
  }

  /** Serialized (decompressed) value of the current record. */
  public byte[] value() {
    return value;
  }

  public int valueLength() {
    return valueLength;
  }

  /**
   * Where the current record's own framing starts: after a sync marker that precedes it; for
   * block-compressed files, where the reader stood before reading it (as Hadoop's reader).
   */
  public long recordStart() {
    return recordStart;
  }

  /** Where the next read starts, as Hadoop's {@code SequenceFile.Reader.getPosition()}. */
  public long position() throws IOException {
    return in.getPos();
  }

  /** Whether the last record read passed a sync marker. */
  public boolean syncSeen() {
    return syncSeen;
  }

  /**
   * Moves to the first sync marker at or after {@code position} (its escape), or to the end
   * of the file, exactly as Hadoop's {@code SequenceFile.Reader.sync}.
   */
  public void sync(long position) throws IOException {
    if (block != null) {
      block.left = 0;
    }
    if (position + SYNC_SIZE >= length) {
      in.seek(length);
      return;
    }
    if (position < header.end()) {
      in.seek(header.end());
      syncSeen = true;
      return;
    }
    in.seek(position + 4);
    byte[] window = new byte[SequenceFileHeader.SYNC_HASH_SIZE];
    in.readFully(window);
    byte[] sync = header.sync();
    for (int i = 0; in.getPos() < length; i++) {
      int j = 0;
      while (j < sync.length && sync[j] == window[(i + j) % sync.length]) {
        j++;
      }
      if (j == sync.length) {
        in.seek(in.getPos() - SYNC_SIZE);
        return;
      }
      window[i % sync.length] = in.readByte();
    }
  }

  @Override
  public void close() throws IOException {
    if (decompressor != null) {
      CodecPool.returnDecompressor(decompressor);
    }
    in.close();
  }

  /**
   * The current block of a block-compressed file: record count, then four compressed
   * buffers (key lengths, keys, value lengths, values), each decompressed within bounds.
   */
  private final class Block {
    private final DataInputBuffer keyLengths = new DataInputBuffer();
    private final DataInputBuffer valueLengths = new DataInputBuffer();
    private byte[] keys;
    private int keysLength;
    private int keyAt;
    private byte[] values;
    private int valuesLength;
    private int valueAt;
    private int left;
    private long start;

    boolean next() throws IOException {
      syncSeen = false;
      recordStart = in.getPos();
      if (left == 0) {
        if (in.getPos() >= length) {
          return false;
        }
        read();
        syncSeen = true;
      }
      int k = length(keyLengths, keysLength - keyAt, "key");
      int v = length(valueLengths, valuesLength - valueAt, "value");
      key = ensure(key, k);
      System.arraycopy(keys, keyAt, key, 0, k);
      keyLength = k;
      keyAt += k;
      value = ensure(value, v);
      System.arraycopy(values, valueAt, value, 0, v);
      valueLength = v;
      valueAt += v;
      left--;
      return true;
    }

    private void read() throws IOException {
      start = in.getPos();
      need(start, SYNC_SIZE);
      if (in.readInt() != SYNC_ESCAPE) {
        throw corrupt(start, "corrupt block at byte " + start + ": no sync marker before it");
      }
      readSync(start);
      int records = vint("record count");
      if (records <= 0) {
        throw corrupt(start, "corrupt block at byte " + start + ": it declares " + records
            + " records");
      }
      byte[] b = buffer("key lengths");
      keyLengths.reset(b, decompressedLength);
      keys = buffer("keys");
      keysLength = decompressedLength;
      b = buffer("value lengths");
      valueLengths.reset(b, decompressedLength);
      values = buffer("values");
      valuesLength = decompressedLength;
      keyAt = 0;
      valueAt = 0;
      // Every record has at least a one-byte key length: more records than that is a lie.
      if (records > keyLengths.getLength()) {
        throw corrupt(start, "corrupt block at byte " + start + ": it declares " + records
            + " records but has " + keyLengths.getLength() + " bytes of key lengths");
      }
      left = records;
    }

    private byte[] buffer(String what) throws IOException {
      int n = vint(what + " length");
      if (n < 0) {
        throw corrupt(start, "corrupt block at byte " + start + ": its " + what + " buffer"
            + " declares " + n + " bytes");
      }
      checkLength(start, n, what + " buffer of the block");
      need(start, in.getPos() - start + n);
      raw = ensure(raw, n);
      in.readFully(raw, 0, n);
      return decompress(raw, n, maxBlockBuffer, start, what + " of the block");
    }

    private int vint(String what) throws IOException {
      try {
        return WritableUtils.readVInt(in);
      } catch (EOFException e) {
        throw e;
      } catch (IOException e) {
        throw corrupt(start, "corrupt block at byte " + start + ": its " + what
            + " does not fit an int");
      }
    }

    /** The next key or value length of the block, within what its buffer holds. */
    private int length(DataInputBuffer lengths, int available, String what) throws IOException {
      int n;
      try {
        n = WritableUtils.readVInt(lengths);
      } catch (IOException e) {
        throw corrupt(start, "corrupt block at byte " + start + ": its " + what + " lengths"
            + " end before its " + (left) + " remaining records");
      }
      if (n < 0 || n > available) {
        throw corrupt(start, "corrupt block at byte " + start + ": a " + what + " length of "
            + n + " with " + available + " bytes of " + what + "s left");
      }
      return n;
    }
  }
}
