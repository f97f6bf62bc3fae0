package org.provmr.validate;

import java.util.Arrays;
import java.util.Map;

/**
 * The manifest's modification times by source id, with the oldest and newest of any id range
 * in O(log n) (two segment trees over the ids in order): {@link AgeHistogram} bands a source
 * set a run at a time, so a crafted store's sets claiming the whole manifest in a few bytes
 * each cost time in their bytes, not in their ids. Memory: five longs a source.
 */
final class MtimeRanges {
  private final int[] ids;
  private final long[] min;
  private final long[] max;

  MtimeRanges(Map<Integer, Long> mtimes) {
    ids = mtimes.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    int n = ids.length;
    min = new long[2 * n];
    max = new long[2 * n];
    for (int i = 0; i < n; i++) {
      min[n + i] = max[n + i] = mtimes.get(ids[i]);
    }
    for (int i = n - 1; i > 0; i--) {
      min[i] = Math.min(min[2 * i], min[2 * i + 1]);
      max[i] = Math.max(max[2 * i], max[2 * i + 1]);
    }
  }

  /** How many manifest ids are in {@code [start, end)}. */
  long count(long start, long end) {
    return index(end) - index(start);
  }

  /** The oldest time of the manifest ids in {@code [start, end)}; Long.MAX_VALUE if none. */
  long oldest(long start, long end) {
    return query(index(start), index(end), min, Long.MAX_VALUE, true);
  }

  /** The newest time of the manifest ids in {@code [start, end)}; Long.MIN_VALUE if none. */
  long newest(long start, long end) {
    return query(index(start), index(end), max, Long.MIN_VALUE, false);
  }

  /** The position of the first id at or above {@code id}. */
  private int index(long id) {
    int i = Arrays.binarySearch(ids, (int) Math.min(id, Integer.MAX_VALUE));
    int at = i >= 0 ? i : -i - 1;
    return id > Integer.MAX_VALUE ? ids.length : at;
  }

  private long query(int from, int to, long[] tree, long none, boolean lowest) {
    long r = none;
    int n = ids.length;
    for (int l = from + n, h = to + n; l < h; l >>= 1, h >>= 1) {
      if ((l & 1) == 1) {
        long v = tree[l++];
        r = lowest ? Math.min(r, v) : Math.max(r, v);
      }
      if ((h & 1) == 1) {
        long v = tree[--h];
        r = lowest ? Math.min(r, v) : Math.max(r, v);
      }
    }
    return r;
  }
}
