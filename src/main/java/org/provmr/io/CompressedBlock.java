package org.provmr.io;

import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;

/**
 * The current block of a block-compressed SequenceFile: a sync marker, the record count, then
 * four compressed buffers (key lengths, keys, value lengths, values). Each buffer's length is
 * checked before it is read and its decompression is bounded; each record's key and value
 * lengths are checked against what their buffers hold.
 */
final class CompressedBlock {
  private final FramedInput in;
  private final byte[] sync;
  private final CompressionCodec codec;
  private final Decompressor decompressor;
  /** A block holds up to io.seqfile.compress.blocksize bytes plus the record that filled it. */
  private final long maxBuffer;
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

  CompressedBlock(FramedInput in, byte[] sync, CompressionCodec codec, Decompressor d,
      long maxBuffer) {
    this.in = in;
    this.sync = sync;
    this.codec = codec;
    this.decompressor = d;
    this.maxBuffer = maxBuffer;
  }

  /** After a seek: the next record starts a new block. */
  void discard() {
    left = 0;
  }

  /** True when the next record is the first of a block (so a sync marker precedes it). */
  boolean atBlockStart() {
    return left == 0;
  }

  /** Reads the next block if the current one is used up; false at the end of the file. */
  boolean ensureRecord() throws IOException {
    if (left > 0) {
      return true;
    }
    if (in.pos() >= in.length) {
      return false;
    }
    read();
    return true;
  }

  /** Copies the next record's key into {@code into} (grown if needed); returns it. */
  byte[] nextKey(byte[] into) throws IOException {
    int k = length(keyLengths, keysLength - keyAt, "key");
    byte[] b = FramedInput.ensure(into, k);
    System.arraycopy(keys, keyAt, b, 0, k);
    keyAt += k;
    lastLength = k;
    return b;
  }

  /** Copies the next record's value into {@code into}; ends the record. */
  byte[] nextValue(byte[] into) throws IOException {
    int v = length(valueLengths, valuesLength - valueAt, "value");
    byte[] b = FramedInput.ensure(into, v);
    System.arraycopy(values, valueAt, b, 0, v);
    valueAt += v;
    lastLength = v;
    left--;
    return b;
  }

  /** Length of what nextKey or nextValue copied last. */
  int lastLength;

  private void read() throws IOException {
    start = in.pos();
    in.need(start, FramedInput.SYNC_SIZE);
    if (in.in.readInt() != FramedInput.SYNC_ESCAPE) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": no sync marker before it");
    }
    in.readSync(start, sync);
    int records = vint("record count");
    if (records <= 0) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": it declares " + records
          + " records");
    }
    byte[] b = buffer("key lengths");
    keyLengths.reset(b, in.decompressed);
    keys = buffer("keys");
    keysLength = in.decompressed;
    b = buffer("value lengths");
    valueLengths.reset(b, in.decompressed);
    values = buffer("values");
    valuesLength = in.decompressed;
    keyAt = 0;
    valueAt = 0;
    // Every record has at least a one-byte key length: more records than that is a lie.
    if (records > keyLengths.getLength()) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": it declares " + records
          + " records but has " + keyLengths.getLength() + " bytes of key lengths");
    }
    left = records;
  }

  private byte[] buffer(String what) throws IOException {
    int n = vint(what + " length");
    if (n < 0) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": its " + what + " buffer"
          + " declares " + n + " bytes");
    }
    in.checkLength(start, n, what + " buffer of the block");
    in.need(start, in.pos() - start + n);
    return in.readCompressed(n, codec, decompressor, maxBuffer, start, what + " of the block");
  }

  private int vint(String what) throws IOException {
    try {
      return WritableUtils.readVInt(in.in);
    } catch (EOFException e) {
      throw e;
    } catch (IOException e) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": its " + what
          + " does not fit an int");
    }
  }

  /** The next key or value length of the block, within what its buffer holds. */
  private int length(DataInputBuffer lengths, int available, String what) throws IOException {
    int n;
    try {
      n = WritableUtils.readVInt(lengths);
    } catch (IOException e) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": its " + what + " lengths"
          + " end before its " + left + " remaining records");
    }
    if (n < 0 || n > available) {
      throw in.corrupt(start, "corrupt block at byte " + start + ": a " + what + " length of "
          + n + " with " + available + " bytes of " + what + "s left");
    }
    return n;
  }
}
