package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.provmr.lineage.Lineage;

class ProvenanceHeaderTest {

  private static final HeaderContext CTX = Fixtures.context(ChecksumAlgorithm.CRC32C);

  @Test
  void newHeaderHasTheDocumentedDefaults() {
    ProvenanceHeader h = new ProvenanceHeader();
    assertEquals(false, h.selfContained());
    assertEquals(ChecksumAlgorithm.CRC32C, h.algorithm());
    assertEquals(Confidence.HIGH, h.confidence());
    assertEquals(-1, h.lineageId());
    assertEquals(List.of(), h.sources());
    assertEquals(Lineage.empty(), h.lineage());
    assertEquals("00000000", h.checksumHex());
  }

  @Test
  void clearRestoresTheDefaults() {
    ProvenanceHeader h = HeaderCodecRoundTripTest.sample(ChecksumAlgorithm.SHA256, true, true);
    assertEquals(new ProvenanceHeader(), h.clear());
    assertEquals(new ProvenanceHeader().toString(), h.toString());
  }

  @Test
  void copyFromMakesAnEqualIndependentHeader() {
    ProvenanceHeader original = HeaderCodecRoundTripTest.sample(
        ChecksumAlgorithm.SHA256, true, false);
    ProvenanceHeader copy = new ProvenanceHeader().copyFrom(original);
    assertEquals(original, copy);
    copy.checksumArray()[0]++;
    assertNotEquals(original, copy);
  }

  @Test
  void checksumCopiesAsManyBytesAsTheAlgorithmUses() {
    byte[] src = Fixtures.hex("aabbccddeeff");
    ProvenanceHeader h = new ProvenanceHeader().setChecksum(src, 1);
    assertEquals("bbccddee", h.checksumHex());
    assertEquals(0, h.checksumArray()[4]);
  }

  @Test
  void hasherCanFinishStraightIntoTheHeader() {
    PayloadHasher hasher = ChecksumAlgorithm.CRC32C.newHasher();
    byte[] payload = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    hasher.update(payload, 0, payload.length);
    ProvenanceHeader h = new ProvenanceHeader();
    hasher.finish(h.checksumArray(), 0);
    assertEquals("e3069283", h.checksumHex());
  }

  @Test
  void fieldsTheModeDoesNotCarryDoNotAffectEquality() {
    ProvenanceHeader a = Fixtures.reduceRecord(CTX);
    ProvenanceHeader b = Fixtures.reduceRecord(CTX).setSourceId(99).setOffset(5)
        .setSources(List.of(new SourceRef("u", 0, 0)));
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, Fixtures.reduceRecord(CTX).setSourceSetId(8));
    assertNotEquals(a, Fixtures.reduceRecord(CTX).setLineageId(3));
    assertNotEquals(a, Fixtures.reduceRecord(CTX).setTimestampMillis(0));
  }

  @Test
  void checksumBytesBeyondTheAlgorithmLengthAreIgnored() {
    ProvenanceHeader a = Fixtures.mapRecord(CTX);
    ProvenanceHeader b = Fixtures.mapRecord(CTX);
    b.checksumArray()[31] = 1;
    assertEquals(a, b);
    b.checksumArray()[3]++;
    assertNotEquals(a, b);
  }

  @Test
  void settersRejectValuesTheFormatCannotCarry() {
    ProvenanceHeader h = new ProvenanceHeader();
    assertThrows(IllegalArgumentException.class, () -> h.setSourceId(-1));
    assertThrows(IllegalArgumentException.class, () -> h.setOffset(-1));
    assertThrows(IllegalArgumentException.class, () -> h.setLength(-1));
    assertThrows(IllegalArgumentException.class, () -> h.setSourceSetId(-1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> h.setLineageId(-2));
    assertTrue(e.getMessage().contains("-2"), e.getMessage());
    assertThrows(NullPointerException.class, () -> h.setAlgorithm(null));
    assertThrows(NullPointerException.class, () -> h.setLineage(null));
  }

  @Test
  void sourcesAreCopied() {
    List<SourceRef> sources = new ArrayList<>(List.of(new SourceRef("u", 0, 1)));
    ProvenanceHeader h = new ProvenanceHeader().setSources(sources);
    sources.clear();
    assertEquals(1, h.sources().size());
  }

  @Test
  void toStringShowsTheFieldsThatMatter() {
    String s = Fixtures.mapRecord(CTX).toString();
    assertTrue(s.contains("compact") && s.contains("crc32c=e3069283")
        && s.contains("source 3, offset 1000000, length 80"), s);
  }

  @Test
  void contextRejectsLineageIdsBelowMinusOne() {
    assertThrows(IllegalArgumentException.class,
        () -> new HeaderContext(ChecksumAlgorithm.CRC32C, 0, -2));
    assertThrows(NullPointerException.class, () -> new HeaderContext(null, 0, 0));
  }

  @Test
  void sourceRefRejectsNegativeNumbers() {
    assertThrows(IllegalArgumentException.class, () -> new SourceRef("u", -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new SourceRef("u", 0, -1));
    assertThrows(NullPointerException.class, () -> new SourceRef(null, 0, 0));
  }

  @Test
  void setRangeNamesTheNegativeFieldAndLeavesTheHeaderUnchanged() {
    ProvenanceHeader h = new ProvenanceHeader().setRange(3, 40, 8);
    for (String field : List.of("sourceId", "offset", "length")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> h.setRange(field.equals("sourceId") ? -1 : 1,
              field.equals("offset") ? -5 : 1, field.equals("length") ? Long.MIN_VALUE : 1));
      assertTrue(e.getMessage().startsWith(field + " must be >= 0"), e.getMessage());
    }
    assertEquals(3, h.sourceId());
    assertEquals(40, h.offset());
    assertEquals(8, h.length());
    assertFalse(h.setSourceSet(true).setRange(0, 0, 0).sourceSet());
  }
}
