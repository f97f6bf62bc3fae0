package org.provmr.conf;

import com.google.re2j.PatternSyntaxException;
import java.util.Locale;
import org.apache.hadoop.fs.GlobPattern;

/**
 * A glob of ProvMR's settings, in Hadoop's syntax ({@link GlobPattern}: {@code *}, {@code ?},
 * {@code [abc]}, {@code [!abc]}, {@code {a,b}}, {@code \} to escape), matched one of two ways:
 *
 * <ul>
 *   <li>{@link #anywhere}: over the whole string, {@code *} matching any run of characters,
 *       dots and slashes included. For names that are not paths (configuration keys, class
 *       names) and for the policy's URI patterns (&#42;/billing/&#42;).
 *   <li>{@link #path}: segment by segment, as {@code hadoop fs -ls} globs a path: {@code *},
 *       {@code ?} and classes stay within one segment, and a segment that is exactly
 *       {@code **} matches one or more whole segments ({@code /data/**}, {@code /data/**}{@code
 *       /x.log}). For validation's staleness windows.
 * </ul>
 *
 * Hadoop compiles globs to RE2 patterns, which match in linear time whatever the pattern.
 */
public final class Glob {
  private static final String SYNTAX = "a glob such as *, ?, [abc] or {a,b}, with \\ to escape";

  private final String pattern;
  private final boolean ignoreCase;
  private final GlobPattern whole;
  private final GlobPattern[] segments; // path globs only; a null entry is **

  private Glob(String pattern, boolean ignoreCase, GlobPattern whole, GlobPattern[] segments) {
    this.pattern = pattern;
    this.ignoreCase = ignoreCase;
    this.whole = whole;
    this.segments = segments;
  }

  /**
   * A glob over the whole string.
   *
   * @param key where the glob was read, for the message
   * @throws BadConfigurationException naming the key and the glob if it does not compile
   */
  public static Glob anywhere(String key, String glob, boolean ignoreCase) {
    String g = ignoreCase ? glob.toLowerCase(Locale.ROOT) : glob;
    return new Glob(glob, ignoreCase, compile(key, glob, g), null);
  }

  /**
   * A glob matched segment by segment, on '/'; {@code **} must be a whole segment.
   *
   * @throws BadConfigurationException naming the key and the glob if it does not compile
   */
  public static Glob path(String key, String glob) {
    String[] parts = glob.split("/", -1);
    GlobPattern[] segments = new GlobPattern[parts.length];
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].equals("**")) {
        continue;
      }
      if (parts[i].contains("**")) {
        throw new BadConfigurationException(key, glob, "** stands for whole path segments"
            + " (/data/**, /data/**/x.log); within a segment use *");
      }
      segments[i] = compile(key, glob, parts[i]);
    }
    return new Glob(glob, false, null, segments);
  }

  private static GlobPattern compile(String key, String glob, String part) {
    try {
      return new GlobPattern(part);
    } catch (PatternSyntaxException | IllegalArgumentException e) {
      throw new BadConfigurationException(key, glob, SYNTAX + " (" + e.getMessage() + ")");
    }
  }

  public boolean matches(String s) {
    if (whole != null) {
      return whole.matches(ignoreCase ? s.toLowerCase(Locale.ROOT) : s);
    }
    String[] parts = s.split("/", -1);
    // reach[j]: the segments so far match the first j parts of s.
    boolean[] reach = new boolean[parts.length + 1];
    reach[0] = true;
    for (GlobPattern segment : segments) {
      boolean[] next = new boolean[parts.length + 1];
      if (segment == null) {
        boolean before = false;
        for (int j = 0; j <= parts.length; j++) {
          next[j] = before; // ** takes one part or more: some k < j was reached
          before |= reach[j];
        }
      } else {
        for (int j = 0; j < parts.length; j++) {
          next[j + 1] = reach[j] && segment.matches(parts[j]);
        }
      }
      reach = next;
    }
    return reach[parts.length];
  }

  /** The glob as written. */
  @Override
  public String toString() {
    return pattern;
  }
}
