package org.provmr.validate;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;

/**
 * Durations as operators write them in configuration and on the command line: a whole number
 * and a unit, {@code 45s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}; or {@code off}.
 * The number and the units up to days are Hadoop's ({@link Configuration#getTimeDuration},
 * which also takes ms); weeks and {@code off} are ProvMR's on top. Unlike Hadoop, a bare
 * number is refused: a window of "7" is more likely 7 days than 7 ms.
 */
public final class Durations {
  /** What {@link #parse} returns for {@code off}: no window, nothing is ever stale. */
  public static final long OFF = -1;

  private static final long WEEK_DAYS = 7;
  private static final String ACCEPTED = "use a whole number followed by s, m, h, d or w"
      + " (such as 30m, 12h or 7d), or 'off'";

  private Durations() {
  }

  /**
   * Milliseconds of {@code value}, or {@link #OFF}.
   *
   * @param key the configuration key or option the value came from, for the message
   * @throws BadConfigurationException naming the key, echoing the value and the accepted forms
   */
  public static long parse(String key, String value) {
    String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("off")) {
      return OFF;
    }
    boolean weeks = v.endsWith("w");
    String hadoop = weeks ? v.substring(0, v.length() - 1) + "d" : v;
    if (hadoop.isEmpty() || !Character.isDigit(hadoop.charAt(0))
        || Character.isDigit(hadoop.charAt(hadoop.length() - 1))) {
      throw new BadConfigurationException(key, value, ACCEPTED); // no sign, and a unit
    }
    try {
      // The value is passed as the default of a key that an empty configuration lacks.
      long ms = new Configuration(false).getTimeDuration(key, hadoop, TimeUnit.MILLISECONDS);
      return weeks ? Math.multiplyExact(ms, WEEK_DAYS) : ms;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new BadConfigurationException(key, value, ACCEPTED);
    }
  }

  /** The shortest exact form in days, hours, minutes or seconds: 90 minutes is {@code 90m}. */
  public static String format(long millis) {
    if (millis < 0) {
      return "off";
    }
    long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] names = {"d", "h", "m", "s"};
    for (int i = 0; i < units.length; i++) {
      if (millis % units[i] == 0 && millis >= units[i]) {
        return millis / units[i] + names[i];
      }
    }
    return millis + "ms";
  }
}
