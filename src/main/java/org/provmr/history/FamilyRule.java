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
 *       {@code *}: {@code /logs/2026-11-30/part-00000} is in {@code /logs/*-*-*&#47;part-*}
 *       with every other day's parts. A name without digits is a family of one.
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
    StringBuilder b = new StringBuilder(prefix(u));
    boolean inDigits = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c >= '0' && c <= '9') {
        if (!inDigits) {
          b.append('*');
        }
        inDigits = true;
        continue;
      }
      inDigits = false;
      if ("\\{}[]*?".indexOf(c) >= 0) {
        b.append('\\'); // a literal glob character in a real name stays literal
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String prefix(java.net.URI u) {
    return (u.getScheme() == null ? "" : u.getScheme() + ":")
        + (u.getAuthority() == null ? "" : "//" + u.getAuthority());
  }
}
