package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/**
 * The age histogram of every validation report (and of {@code provmr inspect}) bands each part
 * by its store's source ids, unchecked: a part claiming 2^31 of them (a dozen bytes) must cost
 * what the manifest does, not 2^31 map lookups a part.
 */
class CraftedStoreAgeHistogramTest {
  private static final long NOW = 1_800_000_000_000L;

  private static SourceEntry source(int id, long mtime) {
    return new SourceEntry(id, "file:/in/f" + id, 0, 10, 10, mtime, "bytes", null, null, 0,
        List.of(), null);
  }

  private static PartEntry part(SourceIds sources) {
    return new PartEntry("part-m-00000", "attempt", 5, 100, "crc32c", "00ff00ff", "compact", 0,
        0, 10, sources, List.of(), null, 0, "nonce", null, 0, null);
  }

  @Test
  void partClaimingTwoBillionSourcesIsBandedFromTheManifestAlone() {
    AgeHistogram h = AgeHistogram.of(new Configuration(false), NOW,
        List.of(source(0, NOW - 1000), source(1, NOW - 2000)));
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    for (int i = 0; i < 100; i++) { // a store can hold a million such parts
      int band = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> h.partBand(part(huge)));
      assertEquals(AgeHistogram.MIXED, band, "known sources of a band and unknown ones");
      assertEquals(h.band(0), assertTimeoutPreemptively(Duration.ofSeconds(5), () -> h.band(huge)));
    }
    assertEquals(AgeHistogram.UNKNOWN, h.partBand(part(SourceIds.range(5, 1 << 20))));
    assertEquals(h.band(0), h.partBand(part(SourceIds.of(0, 1))));
  }
}
