package org.provmr.cadence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A synthetic update history with its ground truth: the update times, and the times at which
 * an update that should have come did not (a skipped update, or the first one after the
 * source stopped).
 */
record SyntheticSource(String kind, long nominal, long[] updates, long[] missed) {
  static final long MIN = 60_000L;
  static final long HOUR = 60 * MIN;
  static final long DAY = 24 * HOUR;
  /** Monday 2026-01-05 00:00 UTC. */
  static final long START = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
  static final long DAYS = 60;
  static final long END = START + DAYS * DAY;

  /** Every hour at :00 with 2 minutes of jitter; three hours skipped after day 15. */
  static SyntheticSource hourly(long seed) {
    Random r = new Random(seed);
    List<Long> skip = pick(r, 3, 15 * 24, (int) (DAYS * 24 - 2));
    List<Long> u = new ArrayList<>();
    List<Long> missed = new ArrayList<>();
    for (long h = 0; h < DAYS * 24; h++) {
      long t = START + h * HOUR + jitter(r, 2 * MIN);
      (skip.contains(h) ? missed : u).add(skip.contains(h) ? START + h * HOUR : t);
    }
    return new SyntheticSource("hourly", HOUR, toArray(u), toArray(missed));
  }

  /**
   * Business hours: every hour from 08:00 to 18:00 UTC, Monday to Friday, 2 minutes of jitter;
   * three of those updates skipped after day 15.
   */
  static SyntheticSource businessHours(long seed) {
    Random r = new Random(seed);
    List<Long> slots = new ArrayList<>();
    for (long d = 0; d < DAYS; d++) {
      DayOfWeek w = Instant.ofEpochMilli(START + d * DAY).atZone(ZoneOffset.UTC).getDayOfWeek();
      if (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY) {
        continue;
      }
      for (long h = 8; h <= 18; h++) {
        slots.add(START + d * DAY + h * HOUR);
      }
    }
    int firstAfterDay15 = 0;
    while (slots.get(firstAfterDay15) < START + 15 * DAY) {
      firstAfterDay15++;
    }
    List<Long> skipIdx = pick(r, 3, firstAfterDay15, slots.size() - 2);
    List<Long> u = new ArrayList<>();
    List<Long> missed = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (skipIdx.contains((long) i)) {
        missed.add(slots.get(i));
      } else {
        u.add(slots.get(i) + jitter(r, 2 * MIN));
      }
    }
    return new SyntheticSource("hourly 08:00-18:00, Monday to Friday", HOUR, toArray(u),
        toArray(missed));
  }

  /** 02:00 Monday to Friday, 10 minutes of jitter, none at weekends; two weekdays skipped. */
  static SyntheticSource weekdays(long seed) {
    Random r = new Random(seed);
    List<Long> u = new ArrayList<>();
    List<Long> missed = new ArrayList<>();
    List<Long> weekdays = new ArrayList<>();
    for (long d = 0; d < DAYS; d++) {
      DayOfWeek w = Instant.ofEpochMilli(START + d * DAY).atZone(ZoneOffset.UTC).getDayOfWeek();
      if (w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY) {
        weekdays.add(d);
      }
    }
    List<Long> skipIdx = pick(r, 2, 16, weekdays.size() - 2);
    for (int i = 0; i < weekdays.size(); i++) {
      long due = START + weekdays.get(i) * DAY + 2 * HOUR;
      if (skipIdx.contains((long) i)) {
        missed.add(due);
      } else {
        u.add(due + jitter(r, 10 * MIN));
      }
    }
    return new SyntheticSource("daily 02:00, no weekends", DAY, toArray(u), toArray(missed));
  }

  /** Exponential gaps with a mean of 4 hours; the source stops on day 50. */
  static SyntheticSource irregular(long seed) {
    Random r = new Random(seed);
    long mean = 4 * HOUR;
    List<Long> u = new ArrayList<>();
    long stop = START + 50 * DAY;
    for (long t = START; ; ) {
      t += (long) (-Math.log(1 - r.nextDouble()) * mean);
      if (t >= stop) {
        break;
      }
      u.add(t);
    }
    long last = u.get(u.size() - 1);
    return new SyntheticSource("irregular (exp. gaps, mean 4h), stops day 50", mean,
        toArray(u), new long[] {last + mean});
  }

  /** Every day at 06:00 with 15 minutes of jitter, weekends included; stops on day 40. */
  static SyntheticSource stops(long seed) {
    Random r = new Random(seed);
    List<Long> u = new ArrayList<>();
    for (long d = 0; d < 40; d++) {
      u.add(START + d * DAY + 6 * HOUR + jitter(r, 15 * MIN));
    }
    return new SyntheticSource("daily 06:00, stops day 40", DAY, toArray(u),
        new long[] {START + 40 * DAY + 6 * HOUR});
  }

  private static long jitter(Random r, long sd) {
    return (long) Math.max(-3 * sd, Math.min(3 * sd, r.nextGaussian() * sd));
  }

  private static List<Long> pick(Random r, int n, int from, int to) {
    List<Long> picked = new ArrayList<>();
    while (picked.size() < n) {
      long v = from + r.nextInt(to - from);
      // Skips at least two days apart, so each is its own late episode.
      if (picked.stream().noneMatch(p -> Math.abs(p - v) < 3)) {
        picked.add(v);
      }
    }
    return picked;
  }

  private static long[] toArray(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).sorted().toArray();
  }
}
