package org.provmr.store;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Ids as sorted, disjoint, non-adjacent ranges with the count of ids before each, so how many
 * ids of a range lie outside them is two binary searches: a source set that claims 2^31 ids in
 * a few bytes of a crafted store is checked against the manifest or its part in time of its
 * bytes, not of its ids ({@link StoreConsistency}); and whether a set holds an id is one
 * binary search, where {@link SourceIds#contains} decodes the set (a validation asks it once a
 * record). Memory: three longs a range.
 */
public final class IdRuns {
  private long[] starts = new long[16];
  private long[] ends = new long[16];
  /** Ids in the ranges before range i. */
  private long[] before = new long[16];
  private int n;

  private IdRuns() {
  }

  public static IdRuns of(SourceIds ids) {
    IdRuns r = new IdRuns();
    ids.forEachRun(r::append);
    return r;
  }

  /** The ids of {@code dense} and then {@code sparse}, all of which are larger. */
  static IdRuns of(BitSet dense, Set<Integer> sparse) {
    IdRuns r = new IdRuns();
    for (int i = dense.nextSetBit(0); i >= 0; ) {
      int j = dense.nextClearBit(i);
      r.append(i, j);
      i = dense.nextSetBit(j);
    }
    sparse.stream().mapToInt(Integer::intValue).sorted().forEach(id -> r.append(id, id + 1L));
    return r;
  }

  /** Appends {@code [start, end)}, which starts at or after the last range's end. */
  private void append(long start, long end) {
    if (n > 0 && start == ends[n - 1]) {
      ends[n - 1] = end;
      return;
    }
    if (n == starts.length) {
      starts = Arrays.copyOf(starts, 2 * n);
      ends = Arrays.copyOf(ends, 2 * n);
      before = Arrays.copyOf(before, 2 * n);
    }
    before[n] = n == 0 ? 0 : before[n - 1] + ends[n - 1] - starts[n - 1];
    starts[n] = start;
    ends[n] = end;
    n++;
  }

  /**
   * How many ids of {@code set} are not among these; the first {@code list} of them go to
   * {@code listed}, in increasing order.
   */
  long missing(SourceIds set, long list, IntConsumer listed) {
    long[] total = {0};
    set.forEachRun((s, e) -> {
      long m = e - s - (coveredBelow(e) - coveredBelow(s));
      for (long id = s, left = Math.min(m, list - total[0]); left > 0; ) {
        int k = lastStartingAtOrBelow(id);
        if (k >= 0 && id < ends[k]) {
          id = ends[k]; // ranges are not adjacent: the id after one is missing
        } else {
          listed.accept((int) id++);
          left--;
        }
      }
      total[0] += m;
    });
    return total[0];
  }

  /** Whether {@code id} is one of these. */
  public boolean contains(long id) {
    int k = lastStartingAtOrBelow(id);
    return k >= 0 && id < ends[k];
  }

  /** How many of these ids are below {@code x}. */
  private long coveredBelow(long x) {
    int k = lastStartingAtOrBelow(x - 1);
    return k < 0 ? 0 : before[k] + Math.min(x, ends[k]) - starts[k];
  }

  /** The last range starting at or below {@code x}, or -1. */
  private int lastStartingAtOrBelow(long x) {
    int lo = 0;
    int hi = n - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] <= x) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}
