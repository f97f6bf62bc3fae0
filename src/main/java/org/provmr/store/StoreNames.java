package org.provmr.store;

import java.util.regex.Pattern;

/**
 * The file names a lineage store (or a recompute journal) may give: plain names of files in
 * the output directory itself. Every name read from such a file is data whoever owns the
 * output can write; {@code new Path(output, name)} with a name like {@code ../victim.txt},
 * {@code a/b} or {@code file:/etc/passwd} would reach outside the output, so such a name is
 * refused before anything is opened.
 */
public final class StoreNames {
  /** Letters, digits, '.', '_' and '-', starting with a letter or digit (not hidden). */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  private StoreNames() {
  }

  /** Why {@code name} is not a plain file name of an output directory, or null if it is. */
  public static String whyNotPlain(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.contains("..")) {
      return "it contains '..'";
    }
    if (!PLAIN.matcher(name).matches()) {
      return "only letters, digits, '.', '_' and '-' are allowed, starting with a letter or"
          + " digit, at most 255 characters (no '/', ':' or other separator)";
    }
    return null;
  }
}
