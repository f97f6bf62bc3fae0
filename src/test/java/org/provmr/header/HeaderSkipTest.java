package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderSkipTest {

  private static final HeaderContext CTX = Fixtures.context(ChecksumAlgorithm.CRC32C);

  private static List<ProvenanceHeader> headers() {
    List<ProvenanceHeader> list = new ArrayList<>();
    list.add(Fixtures.mapRecord(CTX));
    list.add(Fixtures.reduceRecord(CTX).setLineageId(9));
    list.add(HeaderCodecRoundTripTest.sample(ChecksumAlgorithm.SHA256, true, true));
    list.add(HeaderCodecRoundTripTest.sample(ChecksumAlgorithm.CRC32, true, false));
    return list;
  }

  /** Each header followed by a payload whose first byte is its index. */
  private static byte[] records(HeaderCodec codec, List<Integer> lengths) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    for (ProvenanceHeader h : headers()) {
      int n = codec.encode(h);
      lengths.add(n);
      out.write(codec.buffer(), 0, n);
      out.write(i++);
      out.write(0xEE);
    }
    return out.toByteArray();
  }

  @Test
  void skipAndTotalLengthAgreeWithEncodedLengths() throws IOException {
    HeaderCodec codec = new HeaderCodec(CTX);
    List<Integer> lengths = new ArrayList<>();
    byte[] data = records(codec, lengths);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    int pos = 0;
    for (int i = 0; i < lengths.size(); i++) {
      assertEquals(lengths.get(i), HeaderCodec.totalLength(data, pos, data.length - pos));
      assertEquals(lengths.get(i), HeaderCodec.skip(in));
      assertEquals(i, in.readByte());
      assertEquals((byte) 0xEE, in.readByte());
      pos += lengths.get(i) + 2;
    }
    assertThrows(EOFException.class, () -> HeaderCodec.skip(in),
        "a clean end of input between records is EOF, not a damaged header");
  }

  @Test
  void skippingDoesNotDecodeTheBody() throws IOException {
    // A valid prefix (5) followed by a body no decoder would accept: version bits 11.
    byte[] data = {5, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 42};
    assertEquals(6, HeaderCodec.totalLength(data, 0, data.length));
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    assertEquals(6, HeaderCodec.skip(in));
    assertEquals(42, in.readByte());
    assertThrows(HeaderFormatException.class, () -> new HeaderCodec(CTX)
        .decode(data, 0, data.length, new ProvenanceHeader()));
  }

  @Test
  void skipWorksOnStreamsThatCannotSkip() throws IOException {
    HeaderCodec codec = new HeaderCodec(CTX);
    List<Integer> lengths = new ArrayList<>();
    byte[] data = records(codec, lengths);
    InputStream noSkip = new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public long skip(long n) {
        return 0;
      }
    };
    DataInputStream in = new DataInputStream(noSkip);
    for (int i = 0; i < lengths.size(); i++) {
      assertEquals(lengths.get(i), HeaderCodec.skip(in));
      assertEquals(i, in.readByte());
      in.readByte();
    }
  }

  @Test
  void skipOfAShortBodySaysHowManyBytesWereMissing() {
    byte[] data = {10, 0x40, 1, 2};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.skip(new DataInputStream(new ByteArrayInputStream(data))));
    assertEquals("truncated header: needed 7 more bytes at header byte 4", e.getMessage());
  }

  @Test
  void endOfInputInsideThePrefixIsADamagedHeader() {
    byte[] data = {(byte) 0x81};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.skip(new DataInputStream(new ByteArrayInputStream(data))));
    assertEquals("truncated header: needed 1 more bytes at header byte 1", e.getMessage());
    e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.totalLength(data, 0, data.length));
    assertEquals("truncated header: needed 1 more bytes at header byte 1", e.getMessage());
  }

  @Test
  void totalLengthReportsADeclaredLengthBeyondTheBufferSoAReaderCanFetchMore()
      throws HeaderFormatException {
    byte[] data = {(byte) 0xAC, 0x02, 0x40};
    assertEquals(302, HeaderCodec.totalLength(data, 0, data.length));
  }

  @Test
  void prefixDeclaringMoreThanTheBodyLimitIsRejected() {
    ByteSink sink = new ByteSink();
    sink.writeVarint(HeaderCodec.MAX_BODY_LENGTH + 1L);
    byte[] data = Arrays.copyOf(sink.array(), sink.length());
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.totalLength(data, 0, data.length));
    assertEquals("declared header body length 67108865 exceeds the limit of 67108864"
        + " at header byte 0", e.getMessage());
    assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.skip(new DataInputStream(new ByteArrayInputStream(data))));
  }

  @Test
  void readRawAppendsExactBytesForLaterDecoding() throws IOException {
    HeaderCodec codec = new HeaderCodec(CTX);
    List<Integer> lengths = new ArrayList<>();
    byte[] data = records(codec, lengths);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
    ByteSink raw = new ByteSink(0);
    raw.writeByte(0x77); // whatever the caller already buffered stays in front
    ProvenanceHeader into = new ProvenanceHeader();
    int pos = 0;
    for (ProvenanceHeader h : headers()) {
      int start = raw.length();
      int n = HeaderCodec.readRaw(in, raw);
      assertEquals(start + n, raw.length());
      assertArrayEquals(Arrays.copyOfRange(data, pos, pos + n),
          Arrays.copyOfRange(raw.array(), start, start + n));
      codec.decode(raw.array(), start, n, into);
      assertEquals(h, into);
      in.skipBytes(2);
      pos += n + 2;
    }
    assertEquals(0x77, raw.array()[0]);
  }

  @Test
  void readRawOfAShortBodyLeavesTheSinkAsItWas() {
    byte[] data = {10, 0x40, 1, 2};
    ByteSink raw = new ByteSink();
    raw.writeByte(1);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.readRaw(new DataInputStream(new ByteArrayInputStream(data)), raw));
    assertEquals(1, e.headerByte());
    assertEquals(1, raw.length());

    byte[] cutPrefix = {(byte) 0x80};
    assertThrows(HeaderFormatException.class, () -> HeaderCodec.readRaw(
        new DataInputStream(new ByteArrayInputStream(cutPrefix)), raw));
    assertEquals(1, raw.length());
  }

  @Test
  void readRawOfAHugeDeclaredBodyAllocatesOnlyWhatArrives() {
    // Found by ParserFuzzTest: a prefix declaring ~40 MB in front of 6 bytes made readRaw
    // allocate the whole declared body before reading it.
    byte[] data = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x12, 0x40, 1, 2, 3, 4, 5};
    ByteSink raw = new ByteSink();
    long before = org.provmr.testing.Allocations.now();
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> HeaderCodec.readRaw(new DataInputStream(new ByteArrayInputStream(data)), raw));
    long used = org.provmr.testing.Allocations.now() - before;
    assertTrue(used < 1 << 20, "allocated " + used + " bytes");
    assertTrue(e.getMessage().contains("the input ended inside a body of 39845887 bytes"),
        e.getMessage());
    assertEquals(0, raw.length());
  }
}
