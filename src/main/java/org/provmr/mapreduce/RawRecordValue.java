package org.provmr.mapreduce;

import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.hadoop.io.SequenceFile;

/**
 * The value bytes of one record, {@code [header][value]}, for SequenceFile.appendRaw: how the
 * record writer appends to block-compressed files without serializing the value twice.
 */
final class RawRecordValue implements SequenceFile.ValueBytes {
  private byte[] header;
  private int headerLength;
  private byte[] value;
  private int valueLength;

  void set(byte[] h, int hl, byte[] v, int vl) {
    header = h;
    headerLength = hl;
    value = v;
    valueLength = vl;
  }

  @Override
  public void writeUncompressedBytes(DataOutputStream out) throws IOException {
    out.write(header, 0, headerLength);
    out.write(value, 0, valueLength);
  }

  @Override
  public void writeCompressedBytes(DataOutputStream out) {
    throw new UnsupportedOperationException("record-compressed files append through the"
        + " Writable");
  }

  @Override
  public int getSize() {
    return headerLength + valueLength;
  }
}
