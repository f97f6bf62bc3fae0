package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Pins the size of representative compact headers, so the per-record overhead cannot grow
 * without a test saying so. Sizes include the length prefix.
 */
class CompactHeaderSizeTest {

  private static final HeaderContext CRC32C = Fixtures.context(ChecksumAlgorithm.CRC32C);

  private static int size(HeaderContext ctx, ProvenanceHeader h) {
    return new HeaderCodec(ctx).encode(h);
  }

  @Test
  void mapRecordTakesThirteenBytes() {
    // prefix 1 + flags 1 + crc 4 + timestamp delta 4000 (zigzag 8000) 2
    //   + sourceId 3: 1 + offset 1,000,000: 3 + length 80: 1
    assertEquals(13, size(CRC32C, Fixtures.mapRecord(CRC32C)));
  }

  @Test
  void reduceRecordTakesNineBytes() {
    // prefix 1 + flags 1 + crc 4 + timestamp 2 + sourceSetId 7: 1
    assertEquals(9, size(CRC32C, Fixtures.reduceRecord(CRC32C)));
  }

  @Test
  void explicitLineageCostsOneByteForSmallIds() {
    assertEquals(10, size(CRC32C, Fixtures.reduceRecord(CRC32C).setLineageId(5)));
    assertEquals(9, size(CRC32C, Fixtures.reduceRecord(CRC32C).setLineageId(0)),
        "the file's default lineage id is implicit");
  }

  @Test
  void mapRecordWithinTheFirstSixteenKibibytesOfItsSourceFitsTwelveBytes() {
    // the offset takes 2 bytes below 16,384
    assertEquals(12, size(CRC32C, Fixtures.mapRecord(CRC32C).setOffset(16_000)));
  }

  @Test
  void sha256AddsTwentyEightBytesOverCrc() {
    HeaderContext sha = Fixtures.context(ChecksumAlgorithm.SHA256);
    assertEquals(13 + 28, size(sha, Fixtures.mapRecord(sha)));
  }
}
