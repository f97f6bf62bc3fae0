package org.provmr.validate;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.provmr.conf.BadConfigurationException;

/**
 * Durations as operators write them in configuration and on the command line: a whole number
 * and a unit, {@code 45s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}; or {@code off}.
 */
public final class Durations {
  /** What {@link #parse} returns for {@code off}: no window, nothing is ever stale. */
  public static final long OFF = -1;

  private static final Pattern FORM = Pattern.compile("(\\d{1,12})([smhdw])");
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
    Matcher m = FORM.matcher(v);
    if (!m.matches()) {
      throw new BadConfigurationException(key, value, ACCEPTED);
    }
    long n = Long.parseLong(m.group(1));
    long unit;
    switch (m.group(2)) {
      case "s":
        unit = 1_000L;
        break;
      case "m":
        unit = 60_000L;
        break;
      case "h":
        unit = 3_600_000L;
        break;
      case "d":
        unit = 86_400_000L;
        break;
      default:
        unit = 7 * 86_400_000L;
        break;
    }
    return n * unit;
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
