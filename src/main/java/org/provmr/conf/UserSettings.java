package org.provmr.conf;

import org.apache.hadoop.conf.Configuration;

/** Whether a configuration value was chosen by someone, rather than shipped as a default. */
public final class UserSettings {

  private UserSettings() {
  }

  /**
   * Whether {@code key} has a value other than a shipped default ({@code *-default.xml}). Once
   * any job has run in the JVM, mapred-default.xml is loaded into every Configuration, so
   * "is it set" is not enough to tell a user's {@code -D} from Hadoop's default.
   */
  public static boolean isSet(Configuration conf, String key) {
    String[] sources = conf.getPropertySources(key);
    if (sources == null) {
      return false;
    }
    for (String s : sources) {
      if (!s.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }
}
