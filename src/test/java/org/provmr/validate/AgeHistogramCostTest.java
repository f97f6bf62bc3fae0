package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/**
 * Every validation report bands each part of each output by its store's source ids. A crafted
 * parts file holds hundreds of thousands of parts, each with a distinct set that claims the
 * whole manifest in seven bytes: banding must cost time in those bytes, not in the ids.
 */
class AgeHistogramCostTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final int SOURCES = 1 << 16;
  private static final int PARTS = 400_000;

  @Test
  void manyPartsEachClaimingTheWholeManifestAreBandedInTimeOfTheirBytes() {
    List<SourceEntry> sources = new ArrayList<>();
    for (int id = 0; id < SOURCES; id++) {
      // one band, but the last source: two days old
      long mtime = id == SOURCES - 1 ? NOW - 2 * 86_400_000L : NOW - 1000;
      sources.add(new SourceEntry(id, "file:/in/f", 0, 10, 10, mtime, "bytes", null, null, 0,
          List.of(), null));
    }
    AgeHistogram h = AgeHistogram.of(new Configuration(false), NOW, sources);
    List<PartEntry> parts = new ArrayList<>();
    for (int i = 0; i < PARTS; i++) {
      parts.add(part(runs(0, 1 + i % (SOURCES - 3), 2 + i % (SOURCES - 3), SOURCES - 1)));
    }
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> parts.forEach(h::addPart));
    Map<String, Long> counts = h.counts();
    assertEquals(5L * PARTS, counts.get("<1h"), counts::toString);
    assertEquals(0L, counts.get("mixed"), counts::toString);
    assertEquals(AgeHistogram.MIXED, h.partBand(part(runs(0, SOURCES))), "the old one too");
    assertEquals(AgeHistogram.MIXED, h.partBand(part(runs(5, SOURCES + 5))), "and unknown ids");
    assertEquals(AgeHistogram.UNKNOWN, h.partBand(part(runs(SOURCES, SOURCES + 9))));
    assertEquals(h.band(0), h.band(runs(0, 7, 9, SOURCES)), "the newest source's band");
    assertEquals(h.band(SOURCES - 1), h.band(runs(SOURCES - 1, SOURCES + 3)));
    assertEquals(h.band(0), h.band(runs(3, SOURCES - 1, SOURCES, SOURCES + 4)));
    assertEquals(h.band(0), h.band(SourceIds.of(1, 5, 77, SOURCES + 3)));
    assertEquals(h.band(SOURCES - 1), h.band(SourceIds.of(SOURCES - 1, SOURCES + 2)));
    assertEquals(2, h.band(SOURCES - 1), "two days old: 1d-7d");
    assertEquals(AgeHistogram.MIXED, h.partBand(part(SourceIds.of(2, SOURCES - 1))));
  }

  private static PartEntry part(SourceIds sources) {
    return new PartEntry("part-r-00000", "attempt", 5, 100, "crc32c", "00ff00ff", "compact", 0,
        0, 10, sources, List.of(), null, 0, "nonce", null, 0, null);
  }

  /** A runs encoding (kind 1) of {@code [start, end)} pairs, as a crafted store holds it. */
  private static SourceIds runs(int... bounds) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(1);
    varint(b, bounds.length / 2);
    long end = 0;
    for (int i = 0; i < bounds.length; i += 2) {
      varint(b, bounds[i] - end);
      varint(b, bounds[i + 1] - bounds[i] - 1L);
      end = bounds[i + 1];
    }
    try {
      return SourceIds.decode(b.toByteArray());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void varint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
  }
}
