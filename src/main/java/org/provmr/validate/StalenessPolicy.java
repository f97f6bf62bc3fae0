package org.provmr.validate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.Glob;
import org.provmr.conf.ProvenanceKeys;

/**
 * How old a source may be before its outputs are flagged {@code data_staleness}: a default
 * window ({@value ProvenanceKeys#VALIDATE_STALENESS_WINDOW}) and per source path pattern
 * overrides, one key each:
 *
 * <pre>
 * provenance.validate.staleness.window./data/clicks/**      = 1h
 * provenance.validate.staleness.window.hdfs://nn/ref/*.csv  = 30d
 * provenance.validate.staleness.window./archive/**          = off
 * </pre>
 *
 * A pattern with a scheme is matched against the whole source URI, one without against its
 * path. The longest matching pattern wins, so specific rules override general ones whatever
 * order the files list them in.
 */
public final class StalenessPolicy {
  private final long defaultWindow;
  private final List<Rule> rules;

  private record Rule(String glob, Glob pattern, boolean withScheme, long window) {
  }

  private StalenessPolicy(long defaultWindow, List<Rule> rules) {
    this.defaultWindow = defaultWindow;
    this.rules = rules;
  }

  /**
   * Reads and checks the policy; every bad value fails here, in the driver.
   *
   * @throws BadConfigurationException naming the key and value
   */
  public static StalenessPolicy of(Configuration conf) {
    String key = ProvenanceKeys.VALIDATE_STALENESS_WINDOW;
    long window = Durations.parse(key,
        conf.getTrimmed(key, ProvenanceKeys.VALIDATE_STALENESS_WINDOW_DEFAULT));
    List<Rule> rules = new ArrayList<>();
    for (Map.Entry<String, String> e : conf.getPropsWithPrefix(key + ".").entrySet()) {
      String glob = e.getKey();
      boolean withScheme = glob.contains("://") || glob.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
      if (!withScheme && !glob.startsWith("/")) {
        throw new BadConfigurationException(key + "." + glob, e.getValue(), "the part after '"
            + key + ".' must be a path pattern starting with / or a URI pattern such as"
            + " hdfs://nn/data/**");
      }
      rules.add(new Rule(glob, Glob.path(key + "." + glob, glob), withScheme,
          Durations.parse(key + "." + glob, e.getValue())));
    }
    rules.sort(Comparator.comparingInt((Rule r) -> r.glob().length()).reversed()
        .thenComparing(Rule::glob));
    return new StalenessPolicy(window, rules);
  }

  /** The window for a source, in ms, or {@link Durations#OFF}. */
  public long windowFor(String sourceUri) {
    String path = pathOf(sourceUri);
    for (Rule r : rules) {
      if (r.pattern().matches(r.withScheme() ? sourceUri : path)) {
        return r.window();
      }
    }
    return defaultWindow;
  }

  /** Whether a per-pattern window names this source: it then wins over a learned cadence. */
  public boolean hasRuleFor(String sourceUri) {
    String path = pathOf(sourceUri);
    for (Rule r : rules) {
      if (r.pattern().matches(r.withScheme() ? sourceUri : path)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The path of a source URI a store records, or the URI itself when it is none ("fil\ufffd:"):
   * the store is untrusted, and the source checker reports such a source as forbidden.
   */
  private static String pathOf(String sourceUri) {
    try {
      return new Path(sourceUri).toUri().getPath();
    } catch (IllegalArgumentException e) {
      return sourceUri;
    }
  }

  public long defaultWindow() {
    return defaultWindow;
  }
}
