package org.provmr.header;

import java.io.DataInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The mark that names a record's payload class, in front of the header of the first record of
 * a file and of every sync block: {@code mark := 0x00, string className}.
 *
 * <p>It lets a reader that knows nothing of ProvMR (FsShell {@code -text}, a plain
 * {@code SequenceFile.Reader}, {@code SequenceFileInputFormat} starting at any sync point)
 * deserialize the payload: such readers build the value with its no-arg constructor and never
 * see the file's metadata. A header's length prefix is never 0 (a body holds at least its
 * flags byte), so the first byte tells a mark from a header. The header format itself is
 * unchanged (docs/header-format.md, "Record framing").
 */
public final class TypeMark {
  /** The first byte of a mark; never the first byte of a header. */
  public static final int MARKER = 0;
  /** Longest class name accepted, so a damaged mark cannot make a reader buffer much. */
  public static final int MAX_NAME_BYTES = 1024;

  private TypeMark() {
  }

  /** Appends the mark for {@code className} to {@code into}. */
  public static void write(ByteSink into, String className) {
    if (className.isEmpty() || className.length() > MAX_NAME_BYTES / 3) {
      throw new IllegalArgumentException("class name for a type mark must have 1 to "
          + MAX_NAME_BYTES / 3 + " characters: '" + className + "'");
    }
    into.writeByte(MARKER);
    into.writeString(className);
  }

  /**
   * The length of the mark at {@code b[off]}, 0 when the bytes start with a header instead.
   *
   * @throws HeaderFormatException if the mark is truncated or its name too long
   */
  public static int length(byte[] b, int off, int len) throws HeaderFormatException {
    if (len == 0 || (b[off] & 0xFF) != MARKER) {
      return 0;
    }
    ByteSource in = new ByteSource();
    in.reset(b, off + 1, len - 1);
    long n = in.readVarint();
    if (n < 1 || n > MAX_NAME_BYTES) {
      throw new HeaderFormatException("type mark names a class of " + Long.toUnsignedString(n)
          + " bytes; 1 to " + MAX_NAME_BYTES + " allowed", 1);
    }
    int total = 1 + Varints.sizeOf(n) + (int) n;
    if (total > len) {
      throw new HeaderFormatException("truncated type mark: needs " + total + " bytes, "
          + len + " present", len);
    }
    return total;
  }

  /**
   * Reads a mark's class name, its {@link #MARKER} byte already consumed.
   *
   * @throws HeaderFormatException if the name's length is out of bounds or not UTF-8
   */
  public static String readName(DataInput in) throws IOException {
    long n = Varints.readUnsigned(in);
    if (n < 1 || n > MAX_NAME_BYTES) {
      throw new HeaderFormatException("type mark names a class of " + Long.toUnsignedString(n)
          + " bytes; 1 to " + MAX_NAME_BYTES + " allowed", 1);
    }
    byte[] name = new byte[(int) n];
    in.readFully(name);
    return new String(name, StandardCharsets.UTF_8);
  }
}
