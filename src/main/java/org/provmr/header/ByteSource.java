package org.provmr.header;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A read cursor over a slice of a byte array, re-pointable with {@link #reset} so one instance
 * serves every record. Reads past the end of the slice throw {@link HeaderFormatException}
 * with the position relative to the slice start, which for the header codec is the position
 * inside the header. Not thread-safe.
 */
public final class ByteSource {

  private static final byte[] EMPTY = new byte[0];

  private byte[] buf = EMPTY;
  private int start;
  private int pos;
  private int limit;
  // Created on first non-ASCII string: strict, because the JDK's lenient decoding would turn
  // corrupt bytes into U+FFFD and hide the corruption.
  private CharsetDecoder utf8;

  /** An empty source; point it at data with {@link #reset}. */
  public ByteSource() {
  }

  /** A source over {@code len} bytes of {@code b} from {@code off}. */
  public ByteSource(byte[] b, int off, int len) {
    reset(b, off, len);
  }

  /** Re-points the source at {@code len} bytes of {@code b} from {@code off}. */
  public ByteSource reset(byte[] b, int off, int len) {
    Objects.checkFromIndexSize(off, len, b.length);
    buf = b;
    start = off;
    pos = off;
    limit = off + len;
    return this;
  }

  /** Bytes read since the start of the slice. */
  public int position() {
    return pos - start;
  }

  /** Bytes left in the slice. */
  public int remaining() {
    return limit - pos;
  }

  /** Reads one byte. */
  public byte readByte() throws HeaderFormatException {
    require(1);
    return buf[pos++];
  }

  /** Reads one byte as a value in 0..255. */
  public int readUnsignedByte() throws HeaderFormatException {
    return readByte() & 0xFF;
  }

  /**
   * Reads an unsigned LEB128 varint.
   *
   * @throws HeaderFormatException if it is truncated, longer than 10 bytes or overflows 64 bits
   */
  public long readVarint() throws HeaderFormatException {
    int varintStart = pos - start;
    long result = 0;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      require(1);
      int b = buf[pos++] & 0xFF;
      if (i == Varints.MAX_LENGTH - 1) {
        Varints.checkLastByte(b, varintStart);
      }
      result |= (long) (b & 0x7F) << shift;
      if (b < 0x80) {
        return result;
      }
    }
  }

  /**
   * Reads an unsigned varint that must fit in a non-negative int (ids, counts, lengths).
   *
   * @throws HeaderFormatException if it does not
   */
  public int readVarintInt() throws HeaderFormatException {
    int at = position();
    long v = readVarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw new HeaderFormatException("varint " + Long.toUnsignedString(v)
          + " does not fit in an int", at);
    }
    return (int) v;
  }

  /** Reads a zigzag-mapped signed varint. */
  public long readZigZag() throws HeaderFormatException {
    return Varints.zigZagDecode(readVarint());
  }

  /** Reads exactly {@code len} bytes into {@code dst} at {@code off}. */
  public void readBytes(byte[] dst, int off, int len) throws HeaderFormatException {
    Objects.checkFromIndexSize(off, len, dst.length);
    require(len);
    System.arraycopy(buf, pos, dst, off, len);
    pos += len;
  }

  /** Skips {@code n} bytes. */
  public void skip(int n) throws HeaderFormatException {
    if (n < 0) {
      throw new IllegalArgumentException("cannot skip a negative count: " + n);
    }
    require(n);
    pos += n;
  }

  /**
   * Reads a varint byte length and that many bytes of UTF-8.
   *
   * @throws HeaderFormatException if truncated or not valid UTF-8
   */
  public String readString() throws HeaderFormatException {
    int n = readVarintInt();
    require(n);
    int at = pos;
    pos += n;
    boolean ascii = true;
    for (int i = at; i < at + n && ascii; i++) {
      ascii = buf[i] >= 0;
    }
    if (ascii) {
      return new String(buf, at, n, StandardCharsets.US_ASCII);
    }
    if (utf8 == null) {
      utf8 = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
    try {
      return utf8.decode(ByteBuffer.wrap(buf, at, n)).toString();
    } catch (CharacterCodingException e) {
      throw new HeaderFormatException("malformed UTF-8 in a " + n + "-byte string", at - start, e);
    }
  }

  private void require(int n) throws HeaderFormatException {
    int available = limit - pos;
    if (available < n) {
      throw new HeaderFormatException(
          "truncated header: needed " + (n - available) + " more bytes", pos - start);
    }
  }
}
