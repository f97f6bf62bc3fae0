package org.provmr.conf;

/**
 * A ProvMR configuration value that cannot be used. The message names the key, echoes the
 * bad value and says what would be accepted. The CLI maps it to exit code 2 (usage).
 */
public class BadConfigurationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public BadConfigurationException(String key, String value, String accepted) {
    super("Bad value '" + value + "' for " + key + ": " + accepted);
  }

  public BadConfigurationException(String message) {
    super(message);
  }
}
