package org.provmr.history;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.Glob;
import org.provmr.conf.ProvenanceKeys;

/**
 * Which files belong together. Most HDFS sources grow by new files, not by rewrites
 * ({@code /logs/2026-11-30/part-00000}, an hourly {@code events-2026113014.log}), so a
 * source's cadence is its family's:
 *
 * <ol>
 *   <li>a pattern of {@value ProvenanceKeys#HISTORY_FAMILIES} (comma-separated path globs,
 *       {@code /in/*.csv}) that matches the file's path names its family, the first one
 *       listed winning;
 *   <li>otherwise the family is the file's URI with every run of ASCII digits replaced by
 *       {@code *} in the file name and in directories that name a time (only digits and
 *       {@code - _ .}, optionally after {@code key=}: {@code 2026-11-30}, {@code 14},
 *       {@code dt=2026-11-30}); other directories stay as they are ({@code v2},
 *       {@code run-17}). {@code /logs/2026-11-30/part-00000} is in
 *       {@code /logs/*-*-*&#47;part-*} with every other day's parts. A name without digits is
 *       a family of one.
 * </ol>
 *
 * The family is a glob: listing it finds the members, whose modification times are the
 * family's history from the first sweep on.
 */
public final class FamilyRule {
  private final List<String> patterns;
  private final List<Glob> globs;

  private FamilyRule(List<String> patterns, List<Glob> globs) {
    this.patterns = patterns;
    this.globs = globs;
  }

  /** @throws org.provmr.conf.BadConfigurationException naming a pattern that does not compile */
  public static FamilyRule of(Configuration conf) {
    List<String> patterns = new ArrayList<>();
    List<Glob> globs = new ArrayList<>();
    for (String p : conf.getTrimmedStringCollection(ProvenanceKeys.HISTORY_FAMILIES)) {
      patterns.add(p);
      globs.add(Glob.path(ProvenanceKeys.HISTORY_FAMILIES, p));
    }
    return new FamilyRule(patterns, globs);
  }

  /** The family of a source file, as a glob on its URI (scheme and authority kept). */
  public String familyOf(String uri) {
    java.net.URI u = new Path(uri).toUri();
    String path = u.getPath();
    for (int i = 0; i < globs.size(); i++) {
      if (globs.get(i).matches(path)) {
        return prefix(u) + patterns.get(i);
      }
    }
    String[] segments = path.split("/", -1);
    StringBuilder b = new StringBuilder(prefix(u));
    for (int i = 0; i < segments.length; i++) {
      String seg = segments[i];
      b.append(i == 0 ? "" : "/");
      if (i == segments.length - 1 || DATED.matcher(seg).matches()) {
        appendWithDigitsWild(b, seg);
      } else {
        appendLiteral(b, seg);
      }
    }
    return b.toString();
  }

  /** A directory that names a time: 2026-11-30, 14, 2026_11, dt=2026-11-30, hour=07. */
  private static final java.util.regex.Pattern DATED =
      java.util.regex.Pattern.compile("([A-Za-z_]+=)?[0-9][0-9._-]*");

  private static void appendWithDigitsWild(StringBuilder b, String seg) {
    boolean inDigits = false;
    for (int i = 0; i < seg.length(); i++) {
      char c = seg.charAt(i);
      if (c >= '0' && c <= '9') {
        if (!inDigits) {
          b.append('*');
        }
        inDigits = true;
        continue;
      }
      inDigits = false;
      appendLiteral(b, String.valueOf(c));
    }
  }

  private static void appendLiteral(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ("\\{}[]*?".indexOf(c) >= 0) {
        b.append('\\'); // a literal glob character in a real name stays literal
      }
      b.append(c);
    }
  }

  private static String prefix(java.net.URI u) {
    return (u.getScheme() == null ? "" : u.getScheme() + ":")
        + (u.getAuthority() == null ? "" : "//" + u.getAuthority());
  }
}
