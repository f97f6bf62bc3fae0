package org.provmr.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.apache.hadoop.io.compress.BlockDecompressorStream;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * Hadoop's {@link BlockDecompressorStream} (the framing of Snappy and Lz4: a raw length, then
 * chunks each preceded by its compressed length) over bytes in memory, with every chunk length
 * checked against the bytes that remain before Hadoop allocates a buffer for it. Hadoop's
 * {@code getCompressedData} allocates whatever length it reads: a 16-byte crafted value of a
 * Snappy part asked for 2 GB, and every reader of the part died with OutOfMemoryError.
 * Everything else, the decoding included, is Hadoop's.
 */
final class BoundedBlockInput extends BlockDecompressorStream {
  /** Hadoop's buffer starts at this and grows to the (checked) length of a larger chunk. */
  private static final int INITIAL_BUFFER = 4096;

  private final ByteArrayInputStream raw;

  BoundedBlockInput(ByteArrayInputStream raw, Decompressor decompressor) throws IOException {
    super(raw, decompressor, INITIAL_BUFFER);
    this.raw = raw;
  }

  @Override
  protected int getCompressedData() throws IOException {
    raw.mark(4);
    int len = 0;
    for (int i = 0; i < 4; i++) {
      int b = raw.read();
      if (b < 0) {
        raw.reset();
        return super.getCompressedData(); // too short for a length: Hadoop's end of stream
      }
      len = len << 8 | b;
    }
    int left = raw.available();
    raw.reset();
    if (len < 0 || len > left) {
      throw new IOException("a compressed chunk declares " + len + " bytes, but only " + left
          + " follow");
    }
    return super.getCompressedData();
  }
}
