package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class HeaderCodecRoundTripTest {

  static Stream<Arguments> everyShape() {
    List<Arguments> shapes = new ArrayList<>();
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      for (boolean selfContained : new boolean[] {false, true}) {
        for (boolean sourceSet : new boolean[] {false, true}) {
          shapes.add(Arguments.of(a, selfContained, sourceSet));
        }
      }
    }
    return shapes.stream();
  }

  /** A header of the given shape with every optional flag set. */
  static ProvenanceHeader sample(ChecksumAlgorithm a, boolean selfContained, boolean sourceSet) {
    ProvenanceHeader h = new ProvenanceHeader()
        .setAlgorithm(a)
        .setChecksum(Fixtures.checksumOf(a, "payload " + a), 0)
        .setConfidence(sourceSet ? Confidence.LOW : Confidence.MEDIUM)
        .setRecomputed(true)
        .setSelfContained(selfContained)
        .setSourceSet(sourceSet);
    if (selfContained) {
      h.setTimestampMillis(Fixtures.BASE + 123_456)
          .setSources(sourceSet
              ? List.of(new SourceRef("hdfs://nn:8020/in/a", 0, 10),
                  new SourceRef("hdfs://nn:8020/in/b", 1L << 40, 1 << 20),
                  new SourceRef("s3a://bucket/x y/ü", 7, 0))
              : List.of(new SourceRef("hdfs://nn:8020/in/a", 1_000_000, 80)))
          .setLineage(Fixtures.nestedLineage());
    } else {
      // Before the base: the delta is negative, which is what zigzag is for.
      h.setTimestampMillis(Fixtures.BASE - 12_345).setLineageId(5);
      if (sourceSet) {
        h.setSourceSetId(70_000);
      } else {
        h.setRange(3, 1_000_000, 80);
      }
    }
    return h;
  }

  @ParameterizedTest(name = "{0} selfContained={1} sourceSet={2}")
  @MethodSource("everyShape")
  void decodingIntoAReusedHeaderGivesTheOriginalBack(ChecksumAlgorithm a,
      boolean selfContained, boolean sourceSet) throws HeaderFormatException {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(a));
    ProvenanceHeader original = sample(a, selfContained, sourceSet);
    int n = codec.encode(original);

    // The reused object holds a header of a different shape first, so stale fields would show.
    ProvenanceHeader reused = sample(a, !selfContained, !sourceSet);
    reused.setConfidence(Confidence.HIGH).setRecomputed(false);
    codec.decode(codec.buffer(), 0, n, reused);
    assertEquals(original, reused);
    assertEquals(original.hashCode(), reused.hashCode());
    assertEquals(original.toString(), reused.toString());
  }

  @ParameterizedTest(name = "{0} selfContained={1} sourceSet={2}")
  @MethodSource("everyShape")
  void headerInsideALargerBufferDecodesFromItsOffset(ChecksumAlgorithm a,
      boolean selfContained, boolean sourceSet) throws HeaderFormatException {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(a));
    ProvenanceHeader original = sample(a, selfContained, sourceSet);
    int n = codec.encode(original);
    byte[] record = new byte[n + 20];
    System.arraycopy(codec.buffer(), 0, record, 7, n);
    ProvenanceHeader into = new ProvenanceHeader();
    codec.decode(record, 7, record.length - 7, into);
    assertEquals(original, into);
    assertEquals(n, HeaderCodec.totalLength(record, 7, record.length - 7));
  }

  @Test
  void everyConfidenceAndRecomputedCombinationRoundTrips() throws HeaderFormatException {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));
    ProvenanceHeader into = new ProvenanceHeader();
    for (Confidence c : Confidence.values()) {
      for (boolean recomputed : new boolean[] {false, true}) {
        ProvenanceHeader h = Fixtures.mapRecord(codec.context())
            .setConfidence(c).setRecomputed(recomputed);
        int n = codec.encode(h);
        codec.decode(codec.buffer(), 0, n, into);
        assertEquals(h, into);
      }
    }
  }

  @Test
  void lineageIdEqualToTheFileDefaultIsImplicitAndDecodesAsDefault()
      throws HeaderFormatException {
    HeaderContext ctx = new HeaderContext(ChecksumAlgorithm.CRC32C, Fixtures.BASE, 2);
    HeaderCodec codec = new HeaderCodec(ctx);
    int implicit = codec.encode(Fixtures.mapRecord(ctx));
    assertEquals(0, codec.buffer()[1] & HeaderCodec.EXPLICIT_LINEAGE);
    assertEquals(implicit, codec.encode(Fixtures.mapRecord(ctx).setLineageId(2)));
    ProvenanceHeader into = new ProvenanceHeader();
    codec.decode(codec.buffer(), 0, implicit, into);
    assertEquals(-1, into.lineageId());

    int explicit = codec.encode(Fixtures.mapRecord(ctx).setLineageId(0));
    assertEquals(implicit + 1, explicit);
    codec.decode(codec.buffer(), 0, explicit, into);
    assertEquals(0, into.lineageId());
  }

  @Test
  void compactHeaderMustUseTheFilesAlgorithm() {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));
    ProvenanceHeader h = Fixtures.mapRecord(codec.context()).setAlgorithm(
        ChecksumAlgorithm.SHA256);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(h));
    assertTrue(e.getMessage().contains("sha-256") && e.getMessage().contains("crc32c"),
        e.getMessage());
  }

  @Test
  void selfContainedRangeNeedsExactlyOneSource() {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));
    ProvenanceHeader h = sample(ChecksumAlgorithm.CRC32C, true, false).setSources(List.of());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(h));
    assertTrue(e.getMessage().contains("exactly one source, got 0"), e.getMessage());
  }

  @Test
  void selfContainedSetMayBeEmptyForRecordsWithNoInput() throws HeaderFormatException {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32));
    ProvenanceHeader h = sample(ChecksumAlgorithm.CRC32, true, true).setSources(List.of());
    int n = codec.encode(h);
    ProvenanceHeader into = new ProvenanceHeader();
    codec.decode(codec.buffer(), 0, n, into);
    assertEquals(h, into);
  }

  @Test
  void largeSelfContainedHeaderGetsAMultiBytePrefix() throws HeaderFormatException {
    List<SourceRef> many = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      many.add(new SourceRef("hdfs://nn/in/part-" + i, i, i));
    }
    ProvenanceHeader h = sample(ChecksumAlgorithm.SHA256, true, true).setSources(many);
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));
    int n = codec.encode(h);
    assertTrue((codec.buffer()[0] & 0x80) != 0, "a " + n + "-byte header needs a longer prefix");
    assertEquals(n, HeaderCodec.totalLength(codec.buffer(), 0, n));
    ProvenanceHeader into = new ProvenanceHeader();
    codec.decode(codec.buffer(), 0, n, into);
    assertEquals(h, into);
  }

  @Test
  void encodeReplacesThePreviousHeaderInTheBuffer() throws HeaderFormatException {
    HeaderCodec codec = new HeaderCodec(Fixtures.context(ChecksumAlgorithm.CRC32C));
    codec.encode(sample(ChecksumAlgorithm.CRC32C, true, true));
    ProvenanceHeader small = Fixtures.reduceRecord(codec.context());
    int n = codec.encode(small);
    ProvenanceHeader into = new ProvenanceHeader();
    codec.decode(codec.buffer(), 0, n, into);
    assertEquals(small, into);
    assertNotEquals(sample(ChecksumAlgorithm.CRC32C, true, true), into);
  }
}
