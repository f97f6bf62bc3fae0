package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Format v2: compact headers that are deltas from the previous header of their sync block.
 * Sequences round-trip through a second codec reading in order; a delta without its
 * predecessor, or one that would leave its range, is an error and never a wrong value.
 */
class HeaderV2Test {

  private static final HeaderContext CTX = Fixtures.context(ChecksumAlgorithm.CRC32C);

  private static byte[] encode(HeaderCodec codec, ProvenanceHeader h) {
    return Arrays.copyOf(codec.buffer(), codec.encode(h));
  }

  private static ProvenanceHeader line(long offset, long length, long timestamp) {
    return Fixtures.mapRecord(CTX).setOffset(offset).setLength(length)
        .setTimestampMillis(timestamp);
  }

  @Test
  void mixedSequencesRoundTripWhenDecodedInOrder() throws HeaderFormatException {
    Random random = new Random(16);
    List<ProvenanceHeader> headers = new ArrayList<>();
    long offset = 5_000_000_000L;
    long t = CTX.timestampBase() + 3_600_000;
    for (int i = 0; i < 5000; i++) {
      t += random.nextInt(5) - 1; // clocks may step back
      int kind = random.nextInt(20);
      ProvenanceHeader h;
      if (kind == 0) {
        h = Fixtures.reduceRecord(CTX).setSourceSetId(random.nextInt(300));
      } else if (kind == 1) {
        h = line(random.nextInt(1000), 80, t).setSourceId(random.nextInt(4)); // other source
      } else {
        offset += random.nextInt(kind == 2 ? 1 << 20 : 400) - (kind == 3 ? 600 : 0);
        offset = Math.max(0, offset);
        h = line(offset, random.nextInt(200), t);
      }
      h.setTimestampMillis(t).setChecksum(new byte[] {(byte) i, 2, 3, (byte) kind}, 0);
      if (random.nextInt(10) == 0) {
        h.setLineageId(random.nextInt(5));
      }
      if (random.nextInt(10) == 0) {
        h.setConfidence(Confidence.MEDIUM).setRecomputed(true);
      }
      headers.add(h);
    }
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    HeaderCodec reader = new HeaderCodec(CTX);
    ProvenanceHeader into = new ProvenanceHeader();
    int deltas = 0;
    for (int i = 0; i < headers.size(); i++) {
      if (i % 100 == 0) { // a sync block every hundred records
        writer.startBlock();
        reader.startBlock();
      }
      byte[] b = encode(writer, headers.get(i));
      assertTrue(HeaderCodec.isVersion2(b, 0, b.length));
      deltas += isDelta(b) ? 1 : 0;
      assertEquals(i % 100 != 0 || !isDelta(b), true, "a block starts absolute: " + i);
      reader.decode(b, 0, b.length, into);
      ProvenanceHeader expected = headers.get(i);
      if (expected.lineageId() == CTX.defaultLineageId()) {
        expected.setLineageId(-1);
      }
      assertEquals(expected, into, "header " + i);
    }
    assertTrue(deltas > 4000, deltas + " deltas");
  }

  private static boolean isDelta(byte[] b) {
    return (b[1] & HeaderCodec.DELTA) != 0;
  }

  @Test
  void consecutiveLinesTakeNineBytesAndALineAFewHundredBytesOnTakesTen() {
    HeaderCodec codec = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    long t = CTX.timestampBase() + 4000;
    // The first record of a block is v1's layout with the v2 version bits: 13 bytes here.
    assertEquals(13, codec.encode(line(1_000_000, 48, t)));
    // prefix 1, flags 1, crc 4, timestamp delta 0: 1, offset delta 0: 1, length 1
    assertEquals(9, codec.encode(line(1_000_048, 48, t)));
    // four lines skipped (grep keeping a fifth): the gap 192 zigzags to 384, 2 bytes
    assertEquals(10, codec.encode(line(1_000_096 + 192, 48, t + 1)));
    // at 100 GB into the source, the same
    codec.startBlock();
    codec.encode(line(100_000_000_000L, 48, t));
    assertEquals(10, codec.encode(line(100_000_000_048L + 4000, 48, t + 3)));
  }

  @Test
  void aRecordOfAnotherSourceOrAfterASyncPointIsAbsolute() {
    HeaderCodec codec = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    long t = CTX.timestampBase();
    codec.encode(line(0, 10, t));
    assertTrue(isDelta(encode(codec, line(10, 10, t))));
    assertFalse(isDelta(encode(codec, line(20, 10, t).setSourceId(4))), "other source");
    assertTrue(isDelta(encode(codec, line(30, 10, t).setSourceId(4))));
    assertTrue(isDelta(encode(codec, Fixtures.reduceRecord(CTX))), "a set only needs time");
    assertFalse(isDelta(encode(codec, line(40, 10, t).setSourceId(4))), "after a set");
    codec.startBlock();
    assertFalse(isDelta(encode(codec, line(50, 10, t).setSourceId(4))), "after startBlock");
    byte[] self = encode(codec, new ProvenanceHeader().setSelfContained(true)
        .setSources(List.of(new SourceRef("/a", 0, 1))).setTimestampMillis(t));
    assertEquals(HeaderCodec.VERSION, (self[self[0] < 0 ? 2 : 1] & 0xFF) >>> 6, "v1");
    assertFalse(isDelta(encode(codec, line(60, 10, t).setSourceId(4))), "after self-contained");
  }

  @Test
  void aDamagedHeaderLeavesAtMostTheRunOfDeltasAfterItUnresolvable()
      throws HeaderFormatException {
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    List<byte[]> block = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      block.add(encode(writer, line(1000 + i * 50L, 48, CTX.timestampBase())));
    }
    for (int i = 0; i < 200; i++) {
      assertEquals(i % (HeaderCodec.MAX_DELTA_RUN + 1) != 0, isDelta(block.get(i)),
          "an absolute header every " + (HeaderCodec.MAX_DELTA_RUN + 1) + ": " + i);
    }
    block.get(10)[1] |= 0x0C; // confidence code 3: record 10 cannot be decoded
    HeaderCodec reader = new HeaderCodec(CTX);
    ProvenanceHeader h = new ProvenanceHeader();
    int failed = 0;
    for (int i = 0; i < 200; i++) {
      try {
        reader.decode(block.get(i), 0, block.get(i).length, h);
        assertEquals(1000 + i * 50L, h.offset(), "record " + i);
      } catch (HeaderFormatException e) {
        failed++;
        assertTrue(i >= 10 && i < HeaderCodec.MAX_DELTA_RUN + 1, i + ": " + e.getMessage());
      }
    }
    assertEquals(HeaderCodec.MAX_DELTA_RUN + 1 - 10, failed);
  }

  @Test
  void selfContainedHeadersStayV1() {
    HeaderCodec codec = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    byte[] b = encode(codec, new ProvenanceHeader().setSelfContained(true)
        .setSources(List.of(new SourceRef("/a", 0, 1))));
    assertEquals(1, (b[1] & 0xFF) >>> 6);
    assertEquals(HeaderCodec.VERSION, new HeaderCodec(CTX).writeVersion());
    assertThrows(IllegalArgumentException.class, () -> new HeaderCodec(CTX, 3));
  }

  @Test
  void aDeltaFirstInItsSyncBlockIsRejected() throws HeaderFormatException {
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    writer.encode(line(0, 10, CTX.timestampBase()));
    byte[] delta = encode(writer, line(10, 10, CTX.timestampBase()));
    HeaderCodec reader = new HeaderCodec(CTX);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(delta, 0, delta.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("no header precedes it in its sync block"),
        e.getMessage());
    assertEquals(1, e.headerByte());
    // After an absolute record it decodes; after startBlock it is rejected again.
    byte[] first = encode(new HeaderCodec(CTX, HeaderCodec.VERSION_2),
        line(0, 10, CTX.timestampBase()));
    ProvenanceHeader h = new ProvenanceHeader();
    reader.decode(first, 0, first.length, h);
    reader.decode(delta, 0, delta.length, h);
    assertEquals(10, h.offset());
    reader.startBlock();
    assertThrows(HeaderFormatException.class, () -> reader.decode(delta, 0, delta.length, h));
  }

  @Test
  void aDeltaRangeAfterASetIsRejected() throws HeaderFormatException {
    HeaderCodec reader = new HeaderCodec(CTX);
    byte[] set = encode(new HeaderCodec(CTX, HeaderCodec.VERSION_2), Fixtures.reduceRecord(CTX));
    reader.decode(set, 0, set.length, new ProvenanceHeader());
    byte[] delta = v2(0xA0, 0x00, 0x00, 0x02);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(delta, 0, delta.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("has no byte range"), e.getMessage());
  }

  @Test
  void aDeltaThatMakesTheOffsetNegativeIsRejected() throws HeaderFormatException {
    HeaderCodec reader = startedAt(100, 20); // the previous range ends at 120
    // flags: v2, DELTA; timestamp delta 0; offset delta zigzag(-121) = 241 = f1 01; length 1
    byte[] bad = v2(0xA0, 0x00, 0xF1, 0x01, 0x01);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(bad, 0, bad.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("offset delta -121 from the previous range's end 120"
        + " is a negative offset"), e.getMessage());
    assertEquals(7, e.headerByte(), "prefix 1, flags 1, crc 4, timestamp 1: the gap");
    // -120 lands on byte 0, which is a valid offset
    HeaderCodec ok = startedAt(100, 20);
    ProvenanceHeader h = new ProvenanceHeader();
    byte[] zero = v2(0xA0, 0x00, 0xEF, 0x01, 0x01);
    ok.decode(zero, 0, zero.length, h);
    assertEquals(0, h.offset());
    assertEquals(3, h.sourceId());
  }

  @Test
  void aDeltaThatOverflowsTheOffsetIsRejected() throws HeaderFormatException {
    HeaderCodec reader = startedAt(Long.MAX_VALUE - 100, 50);
    ByteSink gap = new ByteSink();
    gap.writeZigZag(60); // past Long.MAX_VALUE
    byte[] bad = v2(0xA0, 0x00, gap.array()[0] & 0xFF, 0x01);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(bad, 0, bad.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("overflows a signed long"), e.getMessage());
    // A range whose end does not fit a long cannot be followed by a delta.
    HeaderCodec end = startedAt(Long.MAX_VALUE - 10, 50);
    byte[] next = v2(0xA0, 0x00, 0x00, 0x01);
    e = assertThrows(HeaderFormatException.class,
        () -> end.decode(next, 0, next.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("ends beyond a signed long"), e.getMessage());
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    writer.encode(line(Long.MAX_VALUE - 10, 50, CTX.timestampBase()));
    assertFalse(isDelta(encode(writer, line(5, 5, CTX.timestampBase()))));
  }

  @Test
  void aTimestampDeltaThatOverflowsIsRejected() throws HeaderFormatException {
    HeaderCodec reader = new HeaderCodec(CTX);
    byte[] first = encode(new HeaderCodec(CTX, HeaderCodec.VERSION_2),
        line(0, 1, Long.MAX_VALUE - 5));
    reader.decode(first, 0, first.length, new ProvenanceHeader());
    byte[] bad = v2(0xA0, 0x14, 0x00, 0x01); // zigzag 20 = +10
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(bad, 0, bad.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("timestamp delta 10"), e.getMessage());
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    writer.encode(line(0, 1, Long.MAX_VALUE));
    assertFalse(isDelta(encode(writer, line(1, 1, Long.MIN_VALUE))), "no overflowing delta");
  }

  @Test
  void aMalformedHeaderLeavesNoPredecessor() throws HeaderFormatException {
    HeaderCodec reader = startedAt(0, 10);
    byte[] garbage = v2(0xA0, 0x00, 0x00, 0x01, 0x00); // one trailing byte
    assertThrows(HeaderFormatException.class,
        () -> reader.decode(garbage, 0, garbage.length, new ProvenanceHeader()));
    byte[] fine = v2(0xA0, 0x00, 0x00, 0x01);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(fine, 0, fine.length, new ProvenanceHeader()));
    assertTrue(e.getMessage().contains("no header precedes"), e.getMessage());
  }

  @Test
  void theLongestCompactHeaderHasAOneBytePrefixAndRoundTrips() throws HeaderFormatException {
    // SHA-256, every varint at its longest: the body bound the encoder relies on.
    HeaderContext sha = new HeaderContext(ChecksumAlgorithm.SHA256, Long.MIN_VALUE / 2, 0);
    ProvenanceHeader h = new ProvenanceHeader().setAlgorithm(ChecksumAlgorithm.SHA256)
        .setRange(Integer.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE)
        .setTimestampMillis(Long.MAX_VALUE / 2).setLineageId(Integer.MAX_VALUE)
        .setConfidence(Confidence.LOW).setRecomputed(true);
    Arrays.fill(h.checksumArray(), (byte) 0xA5);
    byte[] b = encode(new HeaderCodec(sha, HeaderCodec.VERSION_2), h);
    assertTrue(HeaderCodec.MAX_COMPACT_V2_BODY < 0x80, "the body length must fit one byte");
    assertTrue(b.length - 1 <= HeaderCodec.MAX_COMPACT_V2_BODY, "body " + (b.length - 1));
    assertEquals(b.length - 1, b[0], "one-byte length prefix");
    ProvenanceHeader back = new ProvenanceHeader();
    new HeaderCodec(sha).decode(b, 0, b.length, back);
    assertEquals(Integer.MAX_VALUE, back.sourceId());
    assertEquals(Long.MAX_VALUE, back.offset());
    assertEquals(Long.MAX_VALUE, back.length());
    assertEquals(Long.MAX_VALUE / 2, back.timestampMillis());
    assertEquals(Integer.MAX_VALUE, back.lineageId());
    assertEquals(Confidence.LOW, back.confidence());
    assertTrue(back.recomputed());
    assertEquals(h.checksumHex(), back.checksumHex());
  }

  /** A reader that has just decoded an absolute v2 range of source 3. */
  private static HeaderCodec startedAt(long offset, long length) throws HeaderFormatException {
    HeaderCodec reader = new HeaderCodec(CTX);
    byte[] first = encode(new HeaderCodec(CTX, HeaderCodec.VERSION_2),
        line(offset, length, CTX.timestampBase()));
    reader.decode(first, 0, first.length, new ProvenanceHeader());
    return reader;
  }

  /** A v2 compact header: {@code flags}, a zero CRC32C, then {@code fields} as given. */
  private static byte[] v2(int flags, int... fields) {
    byte[] b = new byte[2 + 4 + fields.length];
    b[0] = (byte) (b.length - 1);
    b[1] = (byte) flags;
    for (int i = 0; i < fields.length; i++) {
      b[6 + i] = (byte) fields[i];
    }
    return b;
  }

  @Test
  void aDeltaWhosePredecessorIsLostStillGivesItsChecksumAndLengthButNoPosition()
      throws HeaderFormatException {
    HeaderCodec writer = new HeaderCodec(CTX, HeaderCodec.VERSION_2);
    byte[] first = encode(writer, line(1_000_000, 80, CTX.timestampBase() + 4000));
    byte[] delta = encode(writer, line(1_000_200, 48, CTX.timestampBase() + 4001)
        .setChecksum(new byte[] {9, 8, 7, 6}, 0).setLineageId(5));
    byte[] set = encode(writer, Fixtures.reduceRecord(CTX).setSourceSetId(7)
        .setTimestampMillis(CTX.timestampBase() + 4002));
    assertTrue(isDelta(delta) && isDelta(set));
    HeaderCodec reader = new HeaderCodec(CTX);
    ProvenanceHeader into = new ProvenanceHeader();
    // The predecessor is lost: decode refuses the delta, decodeUnresolved reads what it holds.
    assertThrows(HeaderFormatException.class, () -> reader.decode(delta, 0, delta.length,
        into));
    reader.decodeUnresolved(delta, 0, delta.length, into);
    assertEquals(List.of((byte) 9, (byte) 8, (byte) 7, (byte) 6), List.of(into.checksumArray()[0],
        into.checksumArray()[1], into.checksumArray()[2], into.checksumArray()[3]));
    assertEquals(48, into.length());
    assertEquals(0, into.offset(), "the offset is relative to the lost header");
    assertEquals(5, into.lineageId());
    reader.decodeUnresolved(set, 0, set.length, into);
    assertTrue(into.sourceSet());
    assertEquals(7, into.sourceSetId());
    // The codec's memory is untouched: the next delta is still unresolvable.
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> reader.decode(set, 0, set.length, into));
    assertTrue(e.getMessage().contains("no header precedes it"), e.getMessage());
    // An absolute header is not an unresolved delta; a damaged delta is refused with its byte.
    e = assertThrows(HeaderFormatException.class,
        () -> reader.decodeUnresolved(first, 0, first.length, into));
    assertTrue(e.getMessage().contains("do not mark a v2 delta header at header byte 1"),
        e.getMessage());
    byte[] longer = Arrays.copyOf(delta, delta.length + 1);
    longer[0]++; // one more body byte than the fields use
    e = assertThrows(HeaderFormatException.class,
        () -> reader.decodeUnresolved(longer, 0, longer.length, into));
    assertTrue(e.getMessage().contains("trailing garbage"), e.getMessage());
    byte[] cut = Arrays.copyOf(delta, delta.length - 1);
    cut[0]--; // the length field is missing
    assertThrows(HeaderFormatException.class,
        () -> reader.decodeUnresolved(cut, 0, cut.length, into));
    reader.decode(first, 0, first.length, into);
    reader.decode(delta, 0, delta.length, into);
    assertEquals(1_000_200, into.offset(), "resolved once the predecessor is decoded");
  }
}
