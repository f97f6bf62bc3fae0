package org.provmr.header;

import java.util.Arrays;
import java.util.Objects;

/**
 * A growable byte array for encoding, meant to be reused: {@link #reset()} keeps the buffer,
 * so once it has grown to the largest header, encoding allocates nothing. Not thread-safe.
 */
public final class ByteSink {

  // Leaves headroom the JVM reserves in array headers, as ArrayList does.
  private static final int MAX_CAPACITY = Integer.MAX_VALUE - 8;

  private byte[] buf;
  private int length;

  /** A sink with a capacity that fits any typical compact header without growing. */
  public ByteSink() {
    this(64);
  }

  /** A sink with the given initial capacity. */
  public ByteSink(int initialCapacity) {
    if (initialCapacity < 0) {
      throw new IllegalArgumentException("initialCapacity must be >= 0, got " + initialCapacity);
    }
    buf = new byte[initialCapacity];
  }

  /** Empties the sink, keeping its buffer. */
  public void reset() {
    length = 0;
  }

  /** Appends the low 8 bits of {@code b}. */
  public void writeByte(int b) {
    ensureCapacity(1);
    buf[length++] = (byte) b;
  }

  /** Appends {@code v} as an unsigned LEB128 varint (a negative value takes 10 bytes). */
  public void writeVarint(long v) {
    ensureCapacity(Varints.MAX_LENGTH);
    length = Varints.put(buf, length, v);
  }

  /** Appends {@code v} zigzag-mapped, so small negative values stay short. */
  public void writeZigZag(long v) {
    writeVarint(Varints.zigZagEncode(v));
  }

  /** Appends {@code len} bytes of {@code b} from {@code off}. */
  public void writeBytes(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    ensureCapacity(len);
    System.arraycopy(b, off, buf, length, len);
    length += len;
  }

  /**
   * Appends a string as varint byte length plus UTF-8, encoding in place rather than through
   * {@link String#getBytes}, which would allocate per call.
   *
   * @throws IllegalArgumentException if the string has an unpaired surrogate, which has no
   *     UTF-8 form (the JDK would silently write '?', breaking the round trip)
   */
  public void writeString(String s) {
    int n = utf8Length(s);
    writeVarint(n);
    ensureCapacity(n);
    byte[] b = buf;
    int p = length;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        b[p++] = (byte) c;
      } else if (c < 0x800) {
        b[p++] = (byte) (0xC0 | (c >>> 6));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[p++] = (byte) (0xF0 | (cp >>> 18));
        b[p++] = (byte) (0x80 | ((cp >>> 12) & 0x3F));
        b[p++] = (byte) (0x80 | ((cp >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        b[p++] = (byte) (0xE0 | (c >>> 12));
        b[p++] = (byte) (0x80 | ((c >>> 6) & 0x3F));
        b[p++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    length = p;
  }

  private static int utf8Length(String s) {
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          n += 4;
          i++;
        } else {
          throw new IllegalArgumentException(
              "string has an unpaired surrogate at index " + i + ": cannot encode as UTF-8");
        }
      } else {
        n += 3;
      }
    }
    if (n > MAX_CAPACITY) {
      throw new IllegalArgumentException("string too long to encode: " + n + " UTF-8 bytes");
    }
    return (int) n;
  }

  /** The backing array; bytes {@code [0, length())} are the content. */
  public byte[] array() {
    return buf;
  }

  /** Number of bytes written since the last reset. */
  public int length() {
    return length;
  }

  /** Makes room for {@code extra} more bytes without changing the content. */
  public void ensureCapacity(int extra) {
    long needed = (long) length + extra;
    if (needed <= buf.length) {
      return;
    }
    if (needed > MAX_CAPACITY) {
      throw new IllegalStateException("ByteSink cannot grow to " + needed + " bytes");
    }
    long grown = Math.max(needed, Math.min(MAX_CAPACITY, 2L * buf.length + 16));
    buf = Arrays.copyOf(buf, (int) grown);
  }

  /** Sets the length after bytes were written straight into {@link #array()}. */
  void setLength(int newLength) {
    Objects.checkIndex(newLength, buf.length + 1);
    length = newLength;
  }
}
