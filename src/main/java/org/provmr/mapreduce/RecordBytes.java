package org.provmr.mapreduce;

import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.provmr.header.Varints;

/**
 * A reusable, growable buffer the record writer serializes keys and values into.
 *
 * <p>Hadoop's {@code DataOutputBuffer} takes two monitors per byte written (its
 * DataOutputStream and its ByteArrayOutputStream are both synchronized), and Writables write
 * ints and varints a byte at a time: in the record writer's profile, serializing a Text key and
 * an IntWritable cost more than the header and checksums together (bench/README.md). This one
 * is single-threaded and takes none. Strings in modified UTF-8 go through a DataOutputStream
 * over this buffer, created once.
 */
final class RecordBytes extends OutputStream implements DataOutput {
  /** The smallest the buffer gets; at least a varint's longest (resetToVarint). */
  private static final int MIN_CAPACITY = 256;
  private byte[] buf = new byte[MIN_CAPACITY];
  private int length;
  private DataOutputStream utf;

  void reset() {
    length = 0;
  }

  /**
   * Empties the buffer and writes {@code v} as an unsigned varint at its start, as
   * {@code Varints.writeUnsigned(this, v)} would after {@link #reset}, in one method: a map
   * output value's source id, per record, where each extra small method is one more for a task
   * JVM's JIT to compile while the map loop waits for it (bench/README.md). The buffer never
   * shrinks below {@link #MIN_CAPACITY}, room for the longest varint.
   */
  void resetToVarint(long v) {
    length = Varints.put(buf, 0, v);
  }

  /** Appends {@code v} as an unsigned varint, as {@code Varints.writeUnsigned} would. */
  void appendVarint(long v) {
    ensure(Varints.MAX_LENGTH);
    length = Varints.put(buf, length, v);
  }

  /** Empties the buffer and reserves its first {@code n} bytes, to be filled by {@link #putInt}. */
  void resetReserving(int n) {
    length = 0;
    ensure(n);
    length = n;
  }

  /**
   * Appends {@code n} (below 128) as a one-byte varint, then {@code b[0..n)}: a short Text as
   * {@code Text.write} writes it, with one capacity check instead of one per part.
   */
  void writeShortBytes(byte[] b, int n) {
    ensure(n + 1);
    buf[length] = (byte) n;
    System.arraycopy(b, 0, buf, length + 1, n);
    length += n + 1;
  }

  /**
   * Inserts {@code b[0..n)} at {@code at} (at most the length), moving what follows it up: the
   * record writer's header, which goes between the key and the value but depends on both.
   */
  void insert(int at, byte[] b, int n) {
    if (at < 0 || at > length) {
      throw new IndexOutOfBoundsException("insert at " + at + " of " + length + " bytes");
    }
    ensure(n);
    System.arraycopy(buf, at, buf, at + n, length - at);
    System.arraycopy(b, 0, buf, at, n);
    length += n;
  }

  /** Overwrites the four bytes at {@code pos} (below the length) with {@code v}, big-endian. */
  void putInt(int pos, int v) {
    if (pos < 0 || pos > length - 4) {
      throw new IndexOutOfBoundsException("int at " + pos + " of " + length + " bytes");
    }
    buf[pos] = (byte) (v >>> 24);
    buf[pos + 1] = (byte) (v >>> 16);
    buf[pos + 2] = (byte) (v >>> 8);
    buf[pos + 3] = (byte) v;
  }

  /**
   * Drops a buffer grown past 1 MiB by an unusually large record, so one such record does not
   * pin its size for the rest of the task; the next record starts small again.
   */
  void releaseIfLarge() {
    if (buf.length > (1 << 20)) {
      buf = new byte[MIN_CAPACITY];
      length = 0;
    }
  }

  byte[] getData() {
    return buf;
  }

  int getLength() {
    return length;
  }

  private void ensure(int extra) {
    if (extra > buf.length - length) {
      long want = Math.max((long) buf.length << 1, (long) length + extra);
      if (want > Integer.MAX_VALUE - 8) {
        if ((long) length + extra > Integer.MAX_VALUE - 8) {
          throw new OutOfMemoryError("a record of more than 2 GiB");
        }
        want = Integer.MAX_VALUE - 8;
      }
      buf = Arrays.copyOf(buf, (int) want);
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    buf[length++] = (byte) b;
  }

  @Override
  public void write(byte[] b) {
    write(b, 0, b.length);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, length, len);
    length += len;
  }

  @Override
  public void writeBoolean(boolean v) {
    write(v ? 1 : 0);
  }

  @Override
  public void writeByte(int v) {
    write(v);
  }

  @Override
  public void writeShort(int v) {
    ensure(2);
    buf[length++] = (byte) (v >>> 8);
    buf[length++] = (byte) v;
  }

  @Override
  public void writeChar(int v) {
    writeShort(v);
  }

  @Override
  public void writeInt(int v) {
    ensure(4);
    buf[length++] = (byte) (v >>> 24);
    buf[length++] = (byte) (v >>> 16);
    buf[length++] = (byte) (v >>> 8);
    buf[length++] = (byte) v;
  }

  @Override
  public void writeLong(long v) {
    writeInt((int) (v >>> 32));
    writeInt((int) v);
  }

  @Override
  public void writeFloat(float v) {
    writeInt(Float.floatToIntBits(v));
  }

  @Override
  public void writeDouble(double v) {
    writeLong(Double.doubleToLongBits(v));
  }

  @Override
  public void writeBytes(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[length++] = (byte) s.charAt(i);
    }
  }

  @Override
  public void writeChars(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      writeChar(s.charAt(i));
    }
  }

  @Override
  public void writeUTF(String s) throws IOException {
    if (utf == null) {
      utf = new DataOutputStream(this);
    }
    utf.writeUTF(s);
  }
}
