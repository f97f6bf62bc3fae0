package org.provmr.conf;

import java.util.regex.Pattern;

/**
 * The simple wildcards of ProvMR's own settings (configuration key names, class names,
 * policy URIs): {@code *} matches any run of characters, {@code ?} one character, everything
 * else is literal. (Validation's source-path windows use segment-aware globs instead.)
 */
public final class Wildcards {

  private Wildcards() {
  }

  public static Pattern compile(String glob, boolean ignoreCase) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return ignoreCase ? Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE)
        : Pattern.compile(re.toString());
  }
}
