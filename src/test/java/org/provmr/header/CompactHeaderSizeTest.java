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

  /** Sizes of v2 headers that follow {@code previous} in their sync block. */
  private static int v2After(ProvenanceHeader previous, ProvenanceHeader h) {
    HeaderCodec codec = new HeaderCodec(CRC32C, HeaderCodec.VERSION_2);
    codec.encode(previous);
    return codec.encode(h);
  }

  @Test
  void v2FirstRecordOfABlockTakesWhatV1Takes() {
    assertEquals(13, new HeaderCodec(CRC32C, HeaderCodec.VERSION_2)
        .encode(Fixtures.mapRecord(CRC32C)));
    assertEquals(9, new HeaderCodec(CRC32C, HeaderCodec.VERSION_2)
        .encode(Fixtures.reduceRecord(CRC32C)));
  }

  @Test
  void v2MapRecordRightAfterThePreviousTakesNineBytes() {
    // prefix 1 + flags 1 + crc 4 + timestamp delta 0: 1 + offset delta 0: 1 + length 80: 1
    assertEquals(9, v2After(Fixtures.mapRecord(CRC32C),
        Fixtures.mapRecord(CRC32C).setOffset(1_000_080)));
  }

  @Test
  void v2MapRecordUpToEightKibibytesOnTakesTenBytesAtAnyOffset() {
    // the gap zigzags to 2 bytes below 8,192, whatever the offset
    ProvenanceHeader far = Fixtures.mapRecord(CRC32C).setOffset(1L << 40);
    assertEquals(10, v2After(far, Fixtures.mapRecord(CRC32C)
        .setOffset((1L << 40) + 80 + 8191).setTimestampMillis(far.timestampMillis() + 63)));
    assertEquals(11, v2After(far, Fixtures.mapRecord(CRC32C)
        .setOffset((1L << 40) + 80 + 8192)), "a gap of 8 KiB or more takes 3 bytes");
  }

  @Test
  void v2ReduceRecordAfterThePreviousTakesEightBytes() {
    // prefix 1 + flags 1 + crc 4 + timestamp delta (within 63 ms): 1 + sourceSetId 7: 1
    assertEquals(8, v2After(Fixtures.reduceRecord(CRC32C), Fixtures.reduceRecord(CRC32C)
        .setTimestampMillis(Fixtures.BASE + 4050)));
  }

  @Test
  void sha256AddsTwentyEightBytesOverCrc() {
    HeaderContext sha = Fixtures.context(ChecksumAlgorithm.SHA256);
    assertEquals(13 + 28, size(sha, Fixtures.mapRecord(sha)));
  }
}
