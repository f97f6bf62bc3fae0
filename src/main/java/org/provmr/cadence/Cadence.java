package org.provmr.cadence;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The learned update cadence of one source or family, from its update times alone.
 *
 * <ul>
 *   <li><b>Clock.</b> A weekday (UTC) on which no update ever happened, over at least two
 *       such days in a history of two weeks or more, of a source updating at least every
 *       36 hours, is quiet: it does not count as time at all. A daily source that skips
 *       weekends then has a Friday-to-Monday interval of one day, and is never late on a
 *       Sunday.
 *   <li><b>Hour of day.</b> A source updating several times a day only in some hours has a
 *       night ({@link TimeOfDay}): quiet hours that do not count either.
 *   <li><b>Interval.</b> The median of the last {@value #WINDOW} intervals on that clock,
 *       and its spread, 1.4826 times their median absolute deviation (robust to the odd
 *       outage or burst).
 *   <li><b>Limit.</b> A regular source (spread at most half the median) is overdue
 *       {@code median + max(sensitivity * spread, minSlack * median)} after its last update.
 *       An irregular one (gaps like a Poisson process) is overdue after
 *       {@code 2.3 * sensitivity} mean intervals: with exponential gaps a gap that long
 *       happens once in {@code e^(2.3 * sensitivity)} (10^4 at the default 4).
 *   <li><b>Trust.</b> Below {@code minUpdates} updates the model is not trusted and the
 *       fixed staleness window decides.
 * </ul>
 */
public final class Cadence {
  /** Intervals the model looks at: recent behaviour wins over old. */
  static final int WINDOW = 200;
  private static final long DAY = 86_400_000L;

  /** Where a source stands against its cadence. */
  public enum Status {
    /** Before the expected update; past it; past the limit; too little history to say. */
    FRESH, DUE, OVERDUE, UNTRUSTED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final long[] updates;
  private final CadenceSettings settings;
  private final Set<DayOfWeek> quiet;
  private final BitSet quietSlots;
  private final Clock clock;
  private final long median;
  private final long spread;
  private final long mean;
  private final boolean regular;
  private final long limit;

  private Cadence(long[] updates, CadenceSettings settings, Set<DayOfWeek> quiet,
      BitSet quietSlots, long median, long spread, long mean, boolean regular, long limit) {
    this.updates = updates;
    this.settings = settings;
    this.quiet = quiet;
    this.quietSlots = quietSlots;
    this.clock = new Clock(quiet, quietSlots);
    this.median = median;
    this.spread = spread;
    this.mean = mean;
    this.regular = regular;
    this.limit = limit;
  }

  /** Learns from update times (ms, any order; see {@link Updates} for files). */
  public static Cadence learn(long[] updateTimes, CadenceSettings settings) {
    return learn(updateTimes, settings, true);
  }

  /** As {@link #learn(long[], CadenceSettings)}; without hour-of-day seasonality if asked. */
  static Cadence learn(long[] updateTimes, CadenceSettings settings, boolean timeOfDay) {
    long[] u = Arrays.stream(updateTimes).sorted().distinct().toArray();
    if (u.length < 2) {
      return new Cadence(u, settings, EnumSet.noneOf(DayOfWeek.class), new BitSet(), -1, -1, -1, false,
          -1);
    }
    int from = Math.max(0, u.length - 1 - WINDOW);
    long[] wall = new long[u.length - 1 - from];
    for (int i = from; i < u.length - 1; i++) {
      wall[i - from] = u[i + 1] - u[i];
    }
    long medianWall = median(wall.clone());
    Set<DayOfWeek> quiet = quietDays(u, medianWall);
    BitSet night = timeOfDay ? TimeOfDay.quietSlots(u, medianWall) : new BitSet();
    Clock clock = new Clock(quiet, night);
    long[] iv = new long[wall.length];
    for (int i = from; i < u.length - 1; i++) {
      iv[i - from] = clock.active(u[i], u[i + 1]);
    }
    long med = median(iv.clone());
    long[] dev = new long[iv.length];
    long sum = 0;
    for (int i = 0; i < iv.length; i++) {
      dev[i] = Math.abs(iv[i] - med);
      sum += iv[i];
    }
    long spread = Math.round(1.4826 * median(dev));
    long mean = sum / iv.length;
    boolean regular = spread <= med / 2;
    double k = settings.sensitivity();
    long limit = regular
        ? med + Math.max(Math.round(k * spread), Math.round(settings.minSlack() * med))
        : Math.max(Math.round(2.3 * k * mean), med + Math.round(k * spread));
    return new Cadence(u, settings, quiet, night, med, spread, mean, regular, limit);
  }

  /** Weekdays with no update at all, when the history is long and dense enough to say. */
  private static Set<DayOfWeek> quietDays(long[] u, long medianWall) {
    Set<DayOfWeek> quiet = EnumSet.noneOf(DayOfWeek.class);
    long first = u[0];
    long last = u[u.length - 1];
    if (last - first < 14 * DAY || medianWall > 36 * 3_600_000L) {
      return quiet;
    }
    int[] seen = new int[8];
    int[] updated = new int[8];
    // two weeks see every weekday twice, all a count needs: a crafted time of the year
    // 292 million would otherwise walk 10^14 days
    long stop = Math.min(Math.floorDiv(last, DAY), Math.floorDiv(first, DAY) + 15);
    for (long day = Math.floorDiv(first, DAY) + 1; day < stop; day++) {
      seen[Clock.weekday(day * DAY).getValue()]++;
    }
    for (long t : u) {
      updated[Clock.weekday(t).getValue()]++;
    }
    for (DayOfWeek d : DayOfWeek.values()) {
      if (seen[d.getValue()] >= 2 && updated[d.getValue()] == 0) {
        quiet.add(d);
      }
    }
    return quiet;
  }

  private static long median(long[] v) {
    if (v.length == 0) {
      return 0;
    }
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /**
   * Enough updates, and for a source updating at least every 36 hours two weeks of them: its
   * weekly pattern must be known before a quiet Sunday can be told from a missed one.
   */
  public boolean trusted() {
    if (updates.length < settings.minUpdates() || median <= 0) {
      return false;
    }
    long span = updates[updates.length - 1] - updates[0];
    return span >= 14 * DAY || (span / (updates.length - 1)) > 36 * 3_600_000L;
  }

  /** The last update (ms), or -1 without any. */
  public long lastUpdate() {
    return updates.length == 0 ? -1 : updates[updates.length - 1];
  }

  public int updates() {
    return updates.length;
  }

  /** The update times learned from (ms, oldest first). */
  public long[] updateTimes() {
    return updates.clone();
  }

  /** The median interval on the model's clock (ms), or -1 without two updates. */
  public long medianInterval() {
    return median;
  }

  public long spread() {
    return spread;
  }

  public boolean regular() {
    return regular;
  }

  public Set<DayOfWeek> quietDays() {
    return quiet;
  }

  /** The source's night ("18:15-07:45 UTC"), empty without time-of-day seasonality. */
  public String quietTimeOfDay() {
    return TimeOfDay.describe(quietSlots);
  }

  /** When the next update is expected (ms), or -1 without a model. */
  public long predictedNext() {
    return median <= 0 ? -1 : clock.after(lastUpdate(), median);
  }

  /** When the source becomes overdue (ms), or -1 without a model. */
  public long overdueAt() {
    return median <= 0 ? -1 : clock.after(lastUpdate(), limit);
  }

  public Status status(long now) {
    if (!trusted()) {
      return Status.UNTRUSTED;
    }
    long elapsed = clock.active(lastUpdate(), now);
    return elapsed >= limit ? Status.OVERDUE : elapsed >= median ? Status.DUE : Status.FRESH;
  }

  /** One line: interval, spread, quiet days, next and limit. */
  public String summary() {
    if (median <= 0) {
      return updates.length + " update(s): no interval yet";
    }
    return "every " + human(median) + " (spread " + human(spread) + ", "
        + (regular ? "regular" : "irregular") + ", " + updates.length + " updates"
        + (quiet.isEmpty() ? "" : ", none on " + days())
        + (quietSlots.isEmpty() ? "" : ", none " + quietTimeOfDay()) + ")";
  }

  /** The prediction with the observations it rests on, for people. */
  public List<String> explain() {
    List<String> lines = new ArrayList<>();
    lines.add(summary() + (trusted() ? "" : "; not trusted below " + settings.minUpdates()
        + " updates: the fixed staleness window decides"));
    int shown = Math.min(updates.length, 12);
    StringBuilder b = new StringBuilder("last " + shown + " updates:");
    for (int i = updates.length - shown; i < updates.length; i++) {
      b.append(' ').append(Instant.ofEpochMilli(updates[i]));
    }
    lines.add(b.toString());
    if (median > 0) {
      lines.add("intervals (" + clockText() + "): median " + human(median) + ", 1.4826 x MAD " + human(spread)
          + ", mean " + human(mean));
      lines.add("limit " + human(limit) + " = " + (regular
          ? "median + max(" + settings.sensitivity() + " x spread, " + settings.minSlack()
              + " x median)" : "2.3 x " + settings.sensitivity() + " x mean (irregular)"));
      lines.add("expected next " + Instant.ofEpochMilli(predictedNext()) + ", overdue after "
          + Instant.ofEpochMilli(overdueAt()));
    }
    return lines;
  }

  private String clockText() {
    if (clock.wall()) {
      return "wall clock";
    }
    List<String> parts = new ArrayList<>();
    if (!quiet.isEmpty()) {
      parts.add("quiet days " + days());
    }
    if (!quietSlots.isEmpty()) {
      parts.add("quiet hours " + quietTimeOfDay());
    }
    return String.join(", ", parts) + " not counted";
  }

  private String days() {
    StringBuilder b = new StringBuilder();
    for (DayOfWeek d : quiet) {
      b.append(b.length() == 0 ? "" : "/").append(d.name().substring(0, 3));
    }
    return b.toString();
  }

  /** 90m -> "1h30m". */
  public static String human(long ms) {
    Duration d = Duration.ofMillis(Math.max(0, ms));
    if (d.toDays() > 0) {
      return d.toDays() + "d" + (d.toHoursPart() > 0 ? d.toHoursPart() + "h" : "");
    }
    if (d.toHours() > 0) {
      return d.toHours() + "h" + (d.toMinutesPart() > 0 ? d.toMinutesPart() + "m" : "");
    }
    return d.toMinutes() > 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
  }
}
