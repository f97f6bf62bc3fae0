package org.provmr.cadence;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Replays one synthetic source through a detector with a sweep every 15 minutes, and scores
 * it: a finding episode starts at the first sweep that flags the source and lasts until its
 * next update; it is true when the current gap contains a missed update, else false.
 */
final class Replay {
  static final long SWEEP = 15 * SyntheticSource.MIN;

  /** Flags a source as late at {@code now}, knowing the first {@code known} updates. */
  interface Detector {
    boolean late(long now, long[] updates, int known);
  }

  /** The scores of many replays of one kind of source with one detector. */
  static final class Score {
    final List<Double> delaysInIntervals = new ArrayList<>();
    final List<Double> delaysHours = new ArrayList<>();
    int missedEvents;
    int undetected;
    int falseFindings;
    int weekendFindings;
    /** False findings from 19:00 to 08:00 UTC. */
    int nightFindings;
    double sourceMonths;

    double median(List<Double> v) {
      if (v.isEmpty()) {
        return Double.NaN;
      }
      double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    double falsePer100() {
      return 100.0 * falseFindings / sourceMonths;
    }
  }

  private Replay() {
  }

  static void run(SyntheticSource s, Detector d, Score score) {
    long[] u = s.updates();
    long[] missed = s.missed();
    boolean[] detected = new boolean[missed.length];
    int known = 0;
    boolean inEpisode = false;
    for (long now = SyntheticSource.START; now < SyntheticSource.END; now += SWEEP) {
      int before = known;
      while (known < u.length && u[known] <= now) {
        known++;
      }
      if (known > before) {
        inEpisode = false; // an update ends the episode
      }
      if (inEpisode || known == 0 || !d.late(now, u, known)) {
        continue;
      }
      inEpisode = true;
      long last = u[known - 1];
      int hit = -1;
      for (int i = 0; i < missed.length; i++) {
        if (missed[i] > last && missed[i] <= now) {
          hit = i;
          break;
        }
      }
      if (hit < 0) {
        score.falseFindings++;
        DayOfWeek w = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).getDayOfWeek();
        if (w == DayOfWeek.SATURDAY || w == DayOfWeek.SUNDAY) {
          score.weekendFindings++;
        }
        int hour = Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).getHour();
        if (hour >= 19 || hour < 8) {
          score.nightFindings++;
        }
      } else if (!detected[hit]) {
        detected[hit] = true;
        double delay = now - missed[hit];
        score.delaysHours.add(delay / SyntheticSource.HOUR);
        score.delaysInIntervals.add(delay / s.nominal());
      }
    }
    score.missedEvents += missed.length;
    for (boolean b : detected) {
      score.undetected += b ? 0 : 1;
    }
    score.sourceMonths += SyntheticSource.DAYS / 30.0;
  }

  /** A fixed window: late when the last update is older than it. */
  static Detector fixed(long window) {
    return (now, u, known) -> now - u[known - 1] > window;
  }

  /**
   * A fixed window tuned per source the way an operator would: 1.2 times the longest gap of
   * its first two weeks.
   */
  static Detector tuned(SyntheticSource s) {
    long max = 0;
    long[] u = s.updates();
    for (int i = 1; i < u.length && u[i] < SyntheticSource.START + 14 * SyntheticSource.DAY;
        i++) {
      max = Math.max(max, u[i] - u[i - 1]);
    }
    return fixed(Math.round(max * 1.2));
  }

  /**
   * The learned cadence, relearned when an update arrives (from the last 400, about what the
   * store keeps of an hourly source), the 7-day window until it is trusted.
   */
  static Detector cadence(CadenceSettings settings) {
    return cadence(settings, true);
  }

  /** The learned cadence, with or without hour-of-day seasonality. */
  static Detector cadence(CadenceSettings settings, boolean timeOfDay) {
    return new Detector() {
      int learnedAt = -1;
      Cadence model;

      @Override
      public boolean late(long now, long[] u, int known) {
        if (known != learnedAt) {
          model = Cadence.learn(Arrays.copyOfRange(u, Math.max(0, known - 400), known),
              settings, timeOfDay);
          learnedAt = known;
        }
        Cadence.Status st = model.status(now);
        return st == Cadence.Status.UNTRUSTED ? now - u[known - 1] > 7 * SyntheticSource.DAY
            : st == Cadence.Status.OVERDUE;
      }
    };
  }
}
