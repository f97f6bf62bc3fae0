package org.provmr.cadence;

import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/**
 * The model's knobs, read and checked once (in the driver).
 *
 * @param minUpdates updates before a cadence is trusted
 * @param sensitivity robust standard deviations of lateness before overdue
 * @param minSlack least lateness, as a fraction of the median interval
 * @param burst modification times closer than this are one update (ms)
 * @param horizon how far ahead update_expected looks (ms), or -1 for off
 * @param maxListed directory entries one family's listing may look at
 * @param maxListedTotal directory entries all the families of a survey may look at
 */
public record CadenceSettings(int minUpdates, double sensitivity, double minSlack, long burst,
    long horizon, long maxListed, long maxListedTotal) {

  /** The defaults of provmr-default.xml. */
  public static CadenceSettings defaults() {
    return of(new Configuration(false));
  }

  /** @throws BadConfigurationException naming the key and value */
  public static CadenceSettings of(Configuration conf) {
    int min = conf.getInt(ProvenanceKeys.CADENCE_MIN_UPDATES,
        ProvenanceKeys.CADENCE_MIN_UPDATES_DEFAULT);
    if (min < 3) {
      throw new BadConfigurationException(ProvenanceKeys.CADENCE_MIN_UPDATES,
          String.valueOf(min), "a whole number of at least 3 (two intervals and a spread)");
    }
    return new CadenceSettings(min,
        positive(conf, ProvenanceKeys.CADENCE_SENSITIVITY,
            ProvenanceKeys.CADENCE_SENSITIVITY_DEFAULT),
        positive(conf, ProvenanceKeys.CADENCE_MIN_SLACK, ProvenanceKeys.CADENCE_MIN_SLACK_DEFAULT),
        duration(conf, ProvenanceKeys.CADENCE_BURST, ProvenanceKeys.CADENCE_BURST_DEFAULT),
        duration(conf, ProvenanceKeys.CADENCE_HORIZON, ProvenanceKeys.CADENCE_HORIZON_DEFAULT),
        entries(conf, ProvenanceKeys.CADENCE_MAX_LISTED, ProvenanceKeys.CADENCE_MAX_LISTED_DEFAULT),
        entries(conf, ProvenanceKeys.CADENCE_MAX_LISTED_TOTAL,
            ProvenanceKeys.CADENCE_MAX_LISTED_TOTAL_DEFAULT));
  }

  private static long entries(Configuration conf, String key, long def) {
    String v = conf.getTrimmed(key, String.valueOf(def));
    try {
      long n = Long.parseLong(v);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadConfigurationException(key, v,
        "a whole number of directory entries, at least 1 (default " + def + ")");
  }

  private static double positive(Configuration conf, String key, String def) {
    String v = conf.getTrimmed(key, def);
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && d < 1e6) {
        return d;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadConfigurationException(key, v, "a positive number such as " + def);
  }

  /** A duration such as 5m or 2h, or off (-1); a bare number is refused. */
  static long duration(Configuration conf, String key, String def) {
    String v = conf.getTrimmed(key, def);
    if (v.equalsIgnoreCase("off")) {
      return -1;
    }
    if (!v.matches("\\d+\\s*(ms|s|m|h|d)")) {
      throw new BadConfigurationException(key, v, "a whole number and ms, s, m, h or d"
          + " (30m, 2h), or off");
    }
    Configuration one = new Configuration(false);
    one.set(key, v);
    return one.getTimeDuration(key, 0, TimeUnit.MILLISECONDS);
  }
}
