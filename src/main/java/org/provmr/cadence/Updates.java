package org.provmr.cadence;

import java.util.Arrays;
import java.util.List;
import org.provmr.history.Observation;

/** Update times of a family from what was observed of its files. */
public final class Updates {
  private Updates() {
  }

  /**
   * The distinct modification times, with times closer than {@code burst} merged into one
   * update (its latest time: when a job finished writing its parts). Corruption marks are
   * not updates.
   */
  public static long[] of(List<Observation> observations, long burst) {
    long[] t = observations.stream().filter(o -> o.kind() != Observation.Kind.CORRUPT)
        .mapToLong(Observation::modificationTime).sorted().distinct().toArray();
    return merge(t, burst);
  }

  /** Sorted times with gaps of at most {@code burst} merged to the latest of each run. */
  public static long[] merge(long[] sorted, long burst) {
    if (sorted.length == 0) {
      return sorted;
    }
    long[] out = new long[sorted.length];
    int n = 0;
    for (int i = 0; i < sorted.length; i++) {
      if (n > 0 && burst > 0 && sorted[i] - sorted[i - 1] <= burst) {
        out[n - 1] = sorted[i];
      } else {
        out[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(out, n);
  }
}
