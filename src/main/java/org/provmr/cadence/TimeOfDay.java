package org.provmr.cadence;

import java.util.BitSet;

/**
 * Time-of-day seasonality: the night of a source that updates several times a day, but only
 * in some hours (an hourly feed from 08:00 to 18:00 UTC). Without it such a source is late
 * every night: its median interval is an hour, and the night is fourteen of them.
 *
 * <p>The rule, on the day (UTC) cut into {@value #SLOTS} slots of 15 minutes, a ring (a night
 * may run over midnight): when the history spans at least {@value #MIN_DAYS} days and the
 * median wall-clock interval is at most {@value #MAX_MEDIAN_HOURS} hours, the longest run of
 * slots in which no update ever happened, less its first half median interval, is quiet if
 * it still lasts at least {@value #MIN_QUIET_HOURS} hours and at least twice the median
 * interval. The half interval: a missed last update of the day is then overdue (at the
 * default 1.5 intervals) before the night stops the clock. Quiet slots do not
 * count as time, as quiet weekdays do not. Two weeks: a night is then seen fourteen times
 * over. Twice the median: the gaps between the updates of an evenly spaced sub-daily source
 * are never a night. Only the longest run: a source has one night; a lunch break stays
 * counted time. Slots of 15 minutes rather than hours: an update jittering to 07:58 would
 * otherwise make the whole hour from 07:00 counted time, and the source late every morning.
 */
final class TimeOfDay {
  static final int MIN_DAYS = 14;
  static final int MAX_MEDIAN_HOURS = 6;
  static final int MIN_QUIET_HOURS = 3;
  static final int SLOTS = 96;
  static final long SLOT = 15 * 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 24 * HOUR;

  private TimeOfDay() {
  }

  /**
   * The quiet slots of update times {@code u} (bit s: the quarter hour from {@code s * 15}
   * minutes after midnight UTC), empty when the rule does not apply.
   */
  static BitSet quietSlots(long[] u, long medianWall) {
    BitSet quiet = new BitSet(SLOTS);
    if (u.length < 2 || u[u.length - 1] - u[0] < MIN_DAYS * DAY || medianWall <= 0
        || medianWall > MAX_MEDIAN_HOURS * HOUR) {
      return quiet;
    }
    BitSet updated = new BitSet(SLOTS);
    for (long t : u) {
      updated.set(slot(t));
    }
    int anchor = updated.nextSetBit(0); // the ring is walked from a slot with updates
    int bestStart = -1;
    int bestLen = 0;
    int runStart = -1;
    int runLen = 0;
    for (int i = 1; i <= SLOTS; i++) {
      int s = (anchor + i) % SLOTS;
      if (updated.get(s)) {
        runLen = 0;
        continue;
      }
      if (runLen == 0) {
        runStart = s;
      }
      runLen++;
      if (runLen > bestLen) {
        bestLen = runLen;
        bestStart = runStart;
      }
    }
    // The night begins half a median interval late: the day's last update, if missed, is
    // still overdue (1.5 intervals after the one before) before the night stops the clock.
    int late = (int) ((medianWall / 2 + SLOT - 1) / SLOT);
    int length = bestLen - late;
    if (length * SLOT < Math.max(MIN_QUIET_HOURS * HOUR, 2 * medianWall)) {
      return quiet;
    }
    for (int i = 0; i < length; i++) {
      quiet.set((bestStart + late + i) % SLOTS);
    }
    return quiet;
  }

  static int slot(long t) {
    return (int) (Math.floorMod(t, DAY) / SLOT);
  }

  /** "18:15-07:45 UTC": from the run's first slot to the end of its last. */
  static String describe(BitSet quiet) {
    if (quiet.isEmpty()) {
      return "";
    }
    int start = 0;
    for (int s = 0; s < SLOTS; s++) {
      if (quiet.get(s) && !quiet.get((s + SLOTS - 1) % SLOTS)) {
        start = s;
        break;
      }
    }
    int end = start;
    while (quiet.get(end)) {
      end = (end + 1) % SLOTS;
    }
    return time(start) + "-" + time(end) + " UTC";
  }

  private static String time(int slot) {
    return String.format("%02d:%02d", slot / 4, slot % 4 * 15);
  }
}
