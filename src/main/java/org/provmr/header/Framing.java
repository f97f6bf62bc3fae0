package org.provmr.header;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.util.Objects;

/**
 * Finds header boundaries from the length prefix alone, for {@link HeaderCodec}'s static
 * skip, totalLength and readRaw. Nothing here decodes a body or allocates.
 */
final class Framing {

  // readPrefix returns the body length and the prefix's byte count in one long, so that
  // skipping allocates nothing: the count occupies the low bits.
  private static final int PREFIX_LENGTH_BITS = 4;
  private static final long PREFIX_LENGTH_MASK = (1 << PREFIX_LENGTH_BITS) - 1;
  // readRaw reads a body in steps of this much, so memory follows the bytes actually there.
  private static final int READ_CHUNK = 64 << 10;

  private Framing() {
  }

  static int totalLength(byte[] b, int off, int len) throws HeaderFormatException {
    Objects.checkFromIndexSize(off, len, b.length);
    long body = 0;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      if (i >= len) {
        throw new HeaderFormatException("truncated header: needed 1 more bytes", i);
      }
      int v = b[off + i] & 0xFF;
      if (i == Varints.MAX_LENGTH - 1) {
        Varints.checkLastByte(v, 0);
      }
      body |= (long) (v & 0x7F) << shift;
      if (v < 0x80) {
        return i + 1 + checkBodyLength(body);
      }
    }
  }

  static int skip(DataInput in) throws IOException {
    return skip(-1, in);
  }

  /** As {@link #skip(DataInput)}, the prefix's first byte already read ({@code -1}: not yet). */
  static int skip(int first, DataInput in) throws IOException {
    long p = readPrefix(in, null, first);
    int prefix = (int) (p & PREFIX_LENGTH_MASK);
    int body = (int) (p >>> PREFIX_LENGTH_BITS);
    int left = body;
    while (left > 0) {
      int n = in.skipBytes(left);
      if (n <= 0) {
        // skipBytes may stop short without meaning EOF; one read tells which it is.
        try {
          in.readByte();
        } catch (EOFException e) {
          throw new HeaderFormatException("truncated header: needed " + left
              + " more bytes", prefix + body - left, e);
        }
        n = 1;
      }
      left -= n;
    }
    return prefix + body;
  }

  static int readRaw(DataInput in, ByteSink into) throws IOException {
    return readRaw(-1, in, into);
  }

  /** As {@link #readRaw(DataInput, ByteSink)}, the prefix's first byte already read or -1. */
  static int readRaw(int first, DataInput in, ByteSink into) throws IOException {
    int start = into.length();
    try {
      long p = readPrefix(in, into, first);
      int prefix = (int) (p & PREFIX_LENGTH_MASK);
      int body = (int) (p >>> PREFIX_LENGTH_BITS);
      // Grow with the bytes that arrive, not with the declared length: a damaged or crafted
      // prefix can declare up to MAX_BODY_LENGTH in front of a few bytes.
      for (int done = 0; done < body; ) {
        int n = Math.min(body - done, READ_CHUNK);
        into.ensureCapacity(n);
        try {
          in.readFully(into.array(), into.length(), n);
        } catch (EOFException e) {
          throw new HeaderFormatException("truncated header: the input ended inside a body of "
              + body + " bytes", prefix, e);
        }
        into.setLength(into.length() + n);
        done += n;
      }
      return prefix + body;
    } catch (IOException e) {
      // The caller may hold earlier headers in the sink; leave no half header behind them.
      into.setLength(start);
      throw e;
    }
  }

  private static long readPrefix(DataInput in, ByteSink copy, int first) throws IOException {
    long body = 0;
    for (int i = 0, shift = 0; ; i++, shift += 7) {
      int v;
      try {
        v = i == 0 && first >= 0 ? first : in.readByte() & 0xFF;
      } catch (EOFException e) {
        if (i == 0) {
          throw e; // a clean end of input between records, not a damaged header
        }
        throw new HeaderFormatException("truncated header: needed 1 more bytes", i, e);
      }
      if (copy != null) {
        copy.writeByte(v);
      }
      if (i == Varints.MAX_LENGTH - 1) {
        Varints.checkLastByte(v, 0);
      }
      body |= (long) (v & 0x7F) << shift;
      if (v < 0x80) {
        return (long) checkBodyLength(body) << PREFIX_LENGTH_BITS | (i + 1);
      }
    }
  }

  private static int checkBodyLength(long body) throws HeaderFormatException {
    if (body < 0 || body > HeaderCodec.MAX_BODY_LENGTH) {
      throw new HeaderFormatException("declared header body length "
          + Long.toUnsignedString(body) + " exceeds the limit of "
          + HeaderCodec.MAX_BODY_LENGTH, 0);
    }
    return (int) body;
  }
}
