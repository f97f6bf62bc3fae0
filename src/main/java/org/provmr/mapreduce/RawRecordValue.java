package org.provmr.mapreduce;

import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.io.SequenceFile;

/**
 * The value bytes of one record, {@code [header][value]}, for SequenceFile.appendRaw: how the
 * record writer appends to block-compressed files without serializing the value twice.
 */
final class RawRecordValue implements SequenceFile.ValueBytes {
  private byte[] bytes;
  private int offset;
  private int length;

  /** The record's value as written: {@code bytes[off..off+len)}, its header then its value. */
  void set(byte[] b, int off, int len) {
    bytes = b;
    offset = off;
    length = len;
  }

  @Override
  public void writeUncompressedBytes(DataOutputStream out) throws IOException {
    out.write(bytes, offset, length);
  }

  @Override
  public void writeCompressedBytes(DataOutputStream out) {
    throw new UnsupportedOperationException("record-compressed files append through the"
        + " Writable");
  }

  @Override
  public int getSize() {
    return length;
  }
}
