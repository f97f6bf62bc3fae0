package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The byte-range arithmetic impact decides dependence with. */
class ImpactRangesTest {

  @Test
  void aRangeOverlapsOnlyWhatSharesAByteWithIt() {
    ImpactAnalysis.Ranges r = ImpactAnalysis.Ranges.of(100, 200);
    assertTrue(r.overlaps(150, 1));
    assertTrue(r.overlaps(50, 51)); // [50, 101)
    assertTrue(r.overlaps(199, 10));
    assertFalse(r.overlaps(50, 50)); // [50, 100) ends where it starts
    assertFalse(r.overlaps(200, 5));
  }

  @Test
  void sortedRecordRangesOfAPartAreSearchedWithoutGaps() {
    ImpactAnalysis.Ranges r = new ImpactAnalysis.Ranges();
    r.add(10, 20);
    r.add(40, 55);
    r.add(90, 91);
    assertTrue(r.overlaps(45, 1));
    assertTrue(r.overlaps(0, 100));
    assertTrue(r.overlaps(90, 1));
    assertFalse(r.overlaps(20, 20)); // the gap [20, 40)
    assertFalse(r.overlaps(91, 1000));
    assertFalse(r.overlaps(0, 10));
  }

  /**
   * A part's affected records arrive in order, each ending where the next starts: a part of
   * tens of millions of small records kept an array per record.
   */
  @Test
  void touchingRecordRangesAreKeptAsOne() {
    ImpactAnalysis.Ranges r = new ImpactAnalysis.Ranges();
    for (long at = 0; at < 1_000_000; at += 10) {
      r.add(at, at + 10);
    }
    r.add(20_000_000, 20_000_010);
    r.add(20_000_000, 20_000_020); // records of one compressed block share an offset
    assertEquals(2, r.size());
    assertTrue(r.overlaps(999_999, 1));
    assertFalse(r.overlaps(1_000_000, 1_000));
    assertTrue(r.overlaps(20_000_015, 1));
  }

  @Test
  void aWholeFileRangeOverlapsEverythingWithoutOverflow() {
    ImpactAnalysis.Ranges r = ImpactAnalysis.Ranges.of(0, Long.MAX_VALUE);
    assertTrue(r.overlaps(Long.MAX_VALUE - 5, Long.MAX_VALUE));
    assertTrue(r.overlaps(0, 1));
  }
}
