package org.provmr.validate;

import java.util.regex.Pattern;

/**
 * Path globs of the validation settings: {@code **} matches anything, {@code *} and {@code ?}
 * stay within one path segment, everything else is literal.
 */
final class Globs {

  private Globs() {
  }

  static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*' || c == '?') {
        if (literal.length() > 0) {
          re.append(Pattern.quote(literal.toString()));
          literal.setLength(0);
        }
        if (c == '?') {
          re.append("[^/]");
        } else if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
          re.append(".*");
          i++;
        } else {
          re.append("[^/]*");
        }
      } else {
        literal.append(c);
      }
    }
    if (literal.length() > 0) {
      re.append(Pattern.quote(literal.toString()));
    }
    return Pattern.compile(re.toString());
  }
}
