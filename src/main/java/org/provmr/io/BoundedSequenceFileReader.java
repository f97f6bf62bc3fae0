package org.provmr.io;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CommonConfigurationKeysPublic;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;

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
  private final FramedInput in;
  private final SequenceFileHeader header;
  private final Decompressor decompressor;
  // Block-compressed files only: the current block.
  private final CompressedBlock block;
  private byte[] key = new byte[64];
  private int keyLength;
  private byte[] value = new byte[256];
  private int valueLength;
  private long recordStart = -1;
  private boolean syncSeen;
  // Where the next uncompressed record starts, known from the last one's framing; -1 when the
  // stream has to be asked. The checksummed local stream's getPos is synchronized, and the
  // record readers asked for the position about ten times per record (bench/README.md).
  private long next = -1;

  public BoundedSequenceFileReader(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    long length = UntrustedFiles.requireRegularFile(fs, file).getLen();
    int maxRecord = UntrustedFiles.maxRecordBytes(conf);
    int buffer = Math.max(64 << 10, conf.getInt(
        CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_KEY,
        CommonConfigurationKeysPublic.IO_FILE_BUFFER_SIZE_DEFAULT));
    in = new FramedInput(file, fs.open(file, buffer), length, maxRecord);
    try {
      header = SequenceFileHeader.read(conf, file, in.in, length);
      CompressionCodec codec = header.codec();
      decompressor = codec == null ? null : decompressorFor(file, codec);
      block = !header.blockCompressed() ? null : new CompressedBlock(in, header.sync(), codec,
          decompressor, (long) maxRecord + conf.getInt(
              CommonConfigurationKeysPublic.IO_SEQFILE_COMPRESS_BLOCKSIZE_KEY,
              CommonConfigurationKeysPublic.IO_SEQFILE_COMPRESS_BLOCKSIZE_DEFAULT));
    } catch (IOException | RuntimeException e) {
      in.in.close();
      throw e;
    }
  }

  /**
   * A decompressor of the codec the header names. The configuration knowing a codec does not
   * make it runnable: Lz4Codec without lz4-java on the class path throws NoClassDefFoundError,
   * ZStandardCodec without libhadoop's zstd a bare RuntimeException, neither naming the file.
   */
  private static Decompressor decompressorFor(Path file, CompressionCodec codec)
      throws FramingException {
    try {
      return CodecPool.getDecompressor(codec);
    } catch (RuntimeException | LinkageError e) {
      throw new FramingException(file, 0, false, "bad SequenceFile header: its codec "
          + codec.getClass().getName() + " cannot decompress in this JVM (" + e + "); read the"
          + " file where that codec's library is installed", e);
    }
  }

  public SequenceFileHeader header() {
    return header;
  }

  public Path file() {
    return in.file;
  }

  /**
   * Reads the next record; false at the end of the file.
   *
   * @throws FramingException if the record cannot be framed (nothing was allocated from it)
   */
  public boolean next() throws IOException {
    try {
      return block == null ? nextRecord() : nextInBlock();
    } catch (EOFException e) {
      // Every length was checked against the file's length, so the file shrank meanwhile.
      throw new FramingException(in.file, recordStart, true, "the file ends inside the record"
          + " at byte " + recordStart, e);
    }
  }

  private boolean nextInBlock() throws IOException {
    // As Hadoop's reader: the position before the record, and a sync seen by a block's first.
    recordStart = in.pos();
    syncSeen = block.atBlockStart();
    if (!block.ensureRecord()) {
      syncSeen = false;
      return false;
    }
    key = block.nextKey(key);
    keyLength = block.lastLength;
    value = block.nextValue(value);
    valueLength = block.lastLength;
    return true;
  }

  private boolean nextRecord() throws IOException {
    long at = position();
    next = -1;
    recordStart = at;
    if (at >= in.length) {
      return false;
    }
    in.need(at, 0, 4);
    int recordLength = in.in.readInt();
    syncSeen = recordLength == FramedInput.SYNC_ESCAPE;
    if (syncSeen) {
      in.readSync(at, header.sync());
      recordStart = at + FramedInput.SYNC_SIZE;
      if (recordStart >= in.length) {
        return false;
      }
      in.need(recordStart, 0, 4);
      recordLength = in.in.readInt();
    }
    in.need(recordStart, 4, 8);
    int keyLen = in.in.readInt();
    if (recordLength < 0 || keyLen < 0 || keyLen > recordLength) {
      throw in.corrupt(recordStart, "corrupt record framing at byte " + recordStart
          + " (record length " + recordLength + ", key length " + keyLen + ")");
    }
    in.checkLength(recordStart, recordLength, "record");
    in.need(recordStart, 8, 8L + recordLength);
    key = in.read(key, keyLen);
    keyLength = keyLen;
    int valueLen = recordLength - keyLen;
    if (decompressor == null) {
      value = in.read(value, valueLen);
      valueLength = valueLen;
    } else {
      value = in.readCompressed(valueLen, header.codec(), decompressor, in.maxRecord,
          recordStart, "value of the record");
      valueLength = in.decompressed;
    }
    next = recordStart + 8 + recordLength;
    return true;
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
    return next >= 0 ? next : in.pos();
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
    next = -1;
    if (block != null) {
      block.discard();
    }
    // Not position + SYNC_SIZE: a split start read from a lineage store may be near
    // Long.MAX_VALUE, and the sum would wrap to a negative and seek past the end.
    if (position >= in.length - FramedInput.SYNC_SIZE) {
      in.in.seek(in.length);
      return;
    }
    if (position < header.end()) {
      in.in.seek(header.end());
      syncSeen = true;
      return;
    }
    in.in.seek(position + 4);
    byte[] window = new byte[SequenceFileHeader.SYNC_HASH_SIZE];
    in.in.readFully(window);
    byte[] sync = header.sync();
    for (int i = 0; in.pos() < in.length; i++) {
      int j = 0;
      while (j < sync.length && sync[j] == window[(i + j) % sync.length]) {
        j++;
      }
      if (j == sync.length) {
        in.in.seek(in.pos() - FramedInput.SYNC_SIZE);
        return;
      }
      window[i % sync.length] = in.in.readByte();
    }
  }

  @Override
  public void close() throws IOException {
    if (decompressor != null) {
      CodecPool.returnDecompressor(decompressor);
    }
    in.in.close();
  }
}
