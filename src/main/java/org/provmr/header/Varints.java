package org.provmr.header;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Unsigned LEB128 varints (protobuf style: 7 bits per byte, low group first, high bit means
 * another byte follows) and zigzag mapping of signed values, on {@link DataOutput} and
 * {@link DataInput}, for the Writables that embed header fields. {@link ByteSink} and
 * {@link ByteSource} use the same encoding on byte arrays.
 */
public final class Varints {

  /** The longest valid varint: 64 bits in 7-bit groups. */
  public static final int MAX_LENGTH = 10;

  private Varints() {
  }

  /** Writes {@code v} as an unsigned varint (a negative value takes 10 bytes). */
  public static void writeUnsigned(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  /**
   * Reads an unsigned varint.
   *
   * @throws HeaderFormatException if the varint is longer than 10 bytes or overflows 64 bits
   * @throws java.io.EOFException if the input ends inside the varint
   */
  public static long readUnsigned(DataInput in) throws IOException {
    long result = 0;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      int b = in.readByte() & 0xFF;
      if (i == MAX_LENGTH - 1) {
        checkLastByte(b, -1);
      }
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return result;
      }
    }
  }

  /** Rejects a tenth varint byte that continues or carries more than the 64th bit. */
  static void checkLastByte(int b, long varintStart) throws HeaderFormatException {
    if ((b & 0x80) != 0) {
      throw new HeaderFormatException("varint longer than " + MAX_LENGTH + " bytes",
          varintStart);
    }
    if (b > 1) {
      throw new HeaderFormatException("varint overflows 64 bits", varintStart);
    }
  }

  /**
   * Writes {@code v} as an unsigned LEB128 varint at {@code b[p]} (room for
   * {@link #MAX_LENGTH} bytes is the caller's to ensure); returns the position after it.
   *
   * <p>One and two bytes, what a compact header's fields take almost always, are written
   * without a loop. C2 inlines this into the header encoder at each of its four or five
   * fields, and a loop at each made that method cost 16 ms of C2's time in every task JVM
   * against 6 ms without (HotSpot's compilation log of bench/writer-startup.sh's JVMs,
   * bench/README.md "The write path in a fresh JVM"); longer values take the loop, out of line.
   */
  public static int put(byte[] b, int p, long v) {
    if ((v & ~0x7FL) == 0) {
      b[p] = (byte) v;
      return p + 1;
    }
    if ((v & ~0x3FFFL) == 0) {
      b[p] = (byte) (v | 0x80);
      b[p + 1] = (byte) (v >>> 7);
      return p + 2;
    }
    return putLong(b, p, v);
  }

  /** {@link #put} for values of three bytes or more. */
  private static int putLong(byte[] b, int p, long v) {
    while ((v & ~0x7FL) != 0) {
      b[p++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    b[p] = (byte) v;
    return p + 1;
  }

  /** Number of bytes {@link #writeUnsigned} uses for {@code v}. */
  public static int sizeOf(long v) {
    // 1 byte for 0..127, then one more per started 7-bit group; 64 bits need 10 bytes.
    int bits = 64 - Long.numberOfLeadingZeros(v | 1);
    return (bits + 6) / 7;
  }

  /** Maps a signed value to unsigned so small magnitudes of either sign stay short. */
  public static long zigZagEncode(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** Inverse of {@link #zigZagEncode}. */
  public static long zigZagDecode(long v) {
    return (v >>> 1) ^ -(v & 1);
  }
}
