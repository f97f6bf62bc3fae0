package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ByteSinkSourceTest {

  private static final long[] VALUES = {0, 1, 127, 128, 300, 16_383, 16_384, 1_000_000,
      Integer.MAX_VALUE, 1L << 35, Long.MAX_VALUE, -1, Long.MIN_VALUE};

  @Test
  void varintsUseProtobufLeb128() {
    ByteSink sink = new ByteSink(0);
    sink.writeVarint(300);
    assertEquals("ac02", Fixtures.hex(sink.array(), 0, sink.length()));
    sink.reset();
    sink.writeVarint(-1);
    assertEquals("ffffffffffffffffff01", Fixtures.hex(sink.array(), 0, sink.length()));
  }

  @Test
  void zigzagKeepsSmallNegativeValuesShort() {
    ByteSink sink = new ByteSink();
    sink.writeZigZag(-1);
    sink.writeZigZag(1);
    sink.writeZigZag(-64);
    assertEquals("01027f", Fixtures.hex(sink.array(), 0, sink.length()));
  }

  @Test
  void everyValueRoundTripsThroughSinkSourceAndDataStreams() throws IOException {
    ByteSink sink = new ByteSink(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    for (long v : VALUES) {
      int before = sink.length();
      sink.writeVarint(v);
      assertEquals(Varints.sizeOf(v), sink.length() - before, "size of " + v);
      sink.writeZigZag(v);
      Varints.writeUnsigned(out, v);
    }
    assertArrayEquals(bytes.toByteArray(), varintsOnly(sink));

    ByteSource src = new ByteSource(sink.array(), 0, sink.length());
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    for (long v : VALUES) {
      assertEquals(v, src.readVarint());
      assertEquals(v, src.readZigZag());
      assertEquals(v, Varints.readUnsigned(in));
    }
    assertEquals(0, src.remaining());
  }

  private static byte[] varintsOnly(ByteSink withZigZag) {
    ByteSink s = new ByteSink();
    for (long v : VALUES) {
      s.writeVarint(v);
    }
    return Arrays.copyOf(s.array(), s.length());
  }

  @Test
  void stringsRoundTripIncludingMultiByteAndSupplementaryCharacters() throws IOException {
    String[] strings = {"", "abc", "Straße", "☃", "𝄞 clef", "mixed é😀x"};
    ByteSink sink = new ByteSink(2);
    for (String s : strings) {
      sink.writeString(s);
    }
    ByteSource src = new ByteSource(sink.array(), 0, sink.length());
    for (String s : strings) {
      assertEquals(s, src.readString());
    }
    assertEquals(0, src.remaining());
  }

  @Test
  void stringLengthPrefixCountsUtf8Bytes() throws IOException {
    ByteSink sink = new ByteSink();
    sink.writeString("é☃");
    assertEquals("05c3a9e29883", Fixtures.hex(sink.array(), 0, sink.length()));
  }

  @Test
  void unpairedSurrogateIsRejectedRatherThanWrittenAsQuestionMark() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ByteSink().writeString("ab\uD800c"));
    assertTrue(e.getMessage().contains("index 2"), e.getMessage());
  }

  @Test
  void malformedUtf8IsAFormatErrorNotAReplacementCharacter() {
    ByteSource src = new ByteSource(new byte[] {9, 2, (byte) 0xC3, 0x28}, 1, 3);
    HeaderFormatException e = assertThrows(HeaderFormatException.class, src::readString);
    assertTrue(e.getMessage().contains("malformed UTF-8"), e.getMessage());
    assertEquals(1, e.headerByte());
  }

  @Test
  void readingPastTheEndSaysHowManyBytesWereMissingAndWhere() throws HeaderFormatException {
    byte[] data = {7, 1, 2, 3, 7};
    ByteSource src = new ByteSource(data, 1, 3);
    src.readByte();
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> src.readBytes(new byte[5], 0, 5));
    assertEquals("truncated header: needed 3 more bytes at header byte 1", e.getMessage());
    assertEquals(1, e.headerByte());
    assertEquals(2, src.remaining());
  }

  @Test
  void varintLongerThanTenBytesIsRejectedAtItsStart() {
    byte[] data = new byte[12];
    Arrays.fill(data, (byte) 0x80);
    data[11] = 0;
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> new ByteSource(data, 0, data.length).readVarint());
    assertEquals("varint longer than 10 bytes at header byte 0", e.getMessage());
    assertThrows(HeaderFormatException.class, () -> Varints.readUnsigned(
        new DataInputStream(new ByteArrayInputStream(data))));
  }

  @Test
  void tenthVarintByteAbove1OverflowsSixtyFourBits() {
    byte[] data = new byte[10];
    Arrays.fill(data, (byte) 0xFF);
    data[9] = 0x02;
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> new ByteSource(data, 0, data.length).readVarint());
    assertTrue(e.getMessage().startsWith("varint overflows 64 bits"), e.getMessage());
  }

  @Test
  void intVarintOutOfRangeIsAFormatError() {
    ByteSink sink = new ByteSink();
    sink.writeVarint(1L << 31);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> new ByteSource(sink.array(), 0, sink.length()).readVarintInt());
    assertTrue(e.getMessage().contains("2147483648 does not fit in an int"), e.getMessage());
  }

  @Test
  void sourceCanBeRepointedAndReportsPositionFromTheSliceStart() throws IOException {
    ByteSource src = new ByteSource();
    assertEquals(0, src.remaining());
    byte[] data = {0, 0, 5, 6, 7};
    src.reset(data, 2, 3);
    assertEquals(5, src.readUnsignedByte());
    src.skip(1);
    assertEquals(2, src.position());
    assertEquals(1, src.remaining());
    src.reset(data, 0, 1);
    assertEquals(0, src.position());
    assertEquals(0, src.readByte());
  }

  @Test
  void dataInputVarintEndingEarlyIsEof() {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(new byte[] {(byte) 0x80}));
    assertThrows(EOFException.class, () -> Varints.readUnsigned(in));
  }

  @Test
  void sinkGrowsAndResetKeepsTheBuffer() {
    ByteSink sink = new ByteSink(0);
    byte[] big = new byte[1000];
    Arrays.fill(big, (byte) 1);
    sink.writeBytes(big, 0, big.length);
    sink.writeByte(0x1FF);
    assertEquals(1001, sink.length());
    assertEquals((byte) 0xFF, sink.array()[1000]);
    byte[] array = sink.array();
    sink.reset();
    sink.writeBytes(big, 0, 10);
    assertEquals(10, sink.length());
    assertTrue(array == sink.array(), "reset must keep the buffer");
  }
}
