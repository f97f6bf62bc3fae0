package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every way a header can be damaged is reported with what was wrong and where. */
class MalformedHeaderTest {

  private final HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));

  /** Prefixes a body given in hex with its varint length. */
  private static byte[] frame(String bodyHex) {
    byte[] body = Fixtures.hex(bodyHex);
    ByteSink sink = new ByteSink();
    sink.writeVarint(body.length);
    sink.writeBytes(body, 0, body.length);
    return Arrays.copyOf(sink.array(), sink.length());
  }

  private String failure(byte[] header) {
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> codec.decode(header, 0, header.length, new ProvenanceHeader()));
    return e.getMessage();
  }

  @Test
  void bodyShorterThanItsFieldsIsTruncated() {
    // A map record (see CompactHeaderSizeTest) whose declared length stops after sourceId.
    byte[] valid = Fixtures.hex("0c40e3069283c03e03c0843d50");
    byte[] cut = Arrays.copyOf(valid, 9);
    cut[0] = 8;
    assertEquals("truncated header: needed 1 more bytes at header byte 9", failure(cut));
  }

  @Test
  void emptyBodyHasNoFlags() {
    assertEquals("truncated header: needed 1 more bytes at header byte 1",
        failure(new byte[] {0}));
  }

  @Test
  void declaredLengthLargerThanTheBytesAvailableIsRejected() {
    byte[] valid = Fixtures.hex("0c40e3069283c03e03c0843d50");
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> codec.decode(valid, 0, 10, new ProvenanceHeader()));
    assertEquals("declared header length 13 (prefix included) exceeds the 10 bytes available"
        + " at header byte 0", e.getMessage());
  }

  @Test
  void versionZeroIsUnsupportedAndTwoIsV2() {
    assertEquals("unsupported header format version 0 in flags 0x00; this reader supports v1"
        + " and v2 at header byte 1", failure(frame("00e3069283c03e03c0843d50")));
    // 0x80 was rejected by v1 readers ("supports v1"); it is now v2's absolute form, whose
    // body is v1's layout, while the same bytes as a delta have no predecessor.
    assertTrue(failure(frame("a0e3069283c03e03c0843d50")).startsWith(
        "flags 0xa0 mark a v2 delta header, but no header precedes it"));
  }

  @Test
  void extendedVersionByteIsReservedForLaterFormats() {
    assertEquals("flags 0xc0 announce an extended version byte, which this reader (formats v1"
        + " and v2) does not support at header byte 1", failure(frame("c002e3069283c03e03c0843d50")));
  }

  @Test
  void confidenceCodeThreeIsInvalid() {
    assertEquals("invalid confidence code 3 in flags 0x4c of a format version 1 header at"
        + " header byte 1", failure(frame("4ce3069283c03e03c0843d50")));
  }

  @Test
  void unknownAlgorithmIdInASelfContainedHeaderIsRejectedAtItsByte() {
    assertEquals("unknown checksum algorithm id 9 at header byte 2",
        failure(frame("6009e3069283010000000000")));
  }

  @Test
  void explicitLineageFlagIsOnlyForCompactHeaders() {
    assertEquals("flags 0x62 set EXPLICIT_LINEAGE, which only compact headers may use"
        + " at header byte 1", failure(frame("6200e30692830100000000")));
  }

  @Test
  void varintLongerThanTenBytesIsRejected() {
    assertEquals("varint longer than 10 bytes at header byte 6",
        failure(frame("40e3069283" + "80".repeat(10) + "00" + "03c0843d50")));
  }

  @Test
  void offsetBeyondSignedLongRangeIsRejected() {
    assertEquals("offset 18446744073709551615 does not fit in a signed long at header byte 9",
        failure(frame("40e3069283c03e03" + "ffffffffffffffffff01" + "50")));
  }

  @Test
  void sourceIdBeyondIntRangeIsRejected() {
    assertEquals("varint 4294967295 does not fit in an int at header byte 8",
        failure(frame("40e3069283c03e" + "ffffffff0f" + "c0843d50")));
  }

  @Test
  void bytesLeftInsideTheDeclaredLengthAreTrailingGarbage() {
    assertEquals("trailing garbage: 2 unread bytes inside the declared header length"
        + " at header byte 13", failure(frame("40e3069283c03e03c0843d50" + "abcd")));
  }

  @Test
  void lineageNestedTooDeepInsideASelfContainedHeaderIsRejected() {
    // self-contained range, CRC32C, timestamp 0, source ("", 0, 0), then 65 nested levels
    String deep = "0001".repeat(64) + "0000";
    String message = failure(frame("60" + "00" + "e3069283" + "00" + "000000" + deep));
    assertEquals("lineage nested more than 64 levels deep at header byte " + (12 + 128),
        message);
  }

  @Test
  void sourceCountLargerThanTheRemainingBytesIsRejected() {
    assertEquals("source count 100 exceeds the 2 bytes remaining at header byte 8",
        failure(frame("61" + "00" + "e3069283" + "00" + "64" + "0000")));
  }

  @Test
  void exceptionCarriesThePositionForAdaptersToRewrap() {
    byte[] header = frame("4ce3069283c03e03c0843d50");
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> codec.decode(header, 0, header.length, new ProvenanceHeader()));
    assertEquals(1, e.headerByte());
    assertEquals("invalid confidence code 3 in flags 0x4c of a format version 1 header",
        e.reason());
  }
}
