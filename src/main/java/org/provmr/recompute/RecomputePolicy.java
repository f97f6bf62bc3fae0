package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.StringUtils.TraditionalBinaryPrefix;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.Glob;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.io.UntrustedXml;

/**
 * What the recompute manager may do, read from a Hadoop XML policy file
 * (examples/policy/recompute-policy.xml documents every key):
 *
 * <pre>
 * provenance.policy.rules                  critical,default   (first matching rule wins)
 * provenance.policy.rule.NAME.output       glob on the output directory URI   (default *)
 * provenance.policy.rule.NAME.source       glob on the source URI             (default *)
 * provenance.policy.rule.NAME.stage        map, reduce or any                 (default any)
 * provenance.policy.rule.NAME.enabled      true|false                         (default true)
 * provenance.policy.rule.NAME.criticality  low|medium|high                    (default medium)
 * provenance.policy.rule.NAME.error.rate   fraction of the output's records  (default 0)
 *                                          below which recomputation is deferred
 * provenance.policy.rule.NAME.stale        report|recompute                   (default report)
 * provenance.policy.rule.NAME.on.update    report|recompute: a family's new file (default report)
 * provenance.policy.rule.NAME.on.append    report|recompute: a source that grew (default recompute)
 * provenance.policy.rule.NAME.hold         true|false: wait for a predicted update (default false)
 * provenance.policy.rule.NAME.escalate.after  corruption findings on one path before
 *                                          criticality is high; 0 never (default 0)
 * provenance.policy.budget.max.jobs        sub-jobs per run                   (default 20)
 * provenance.policy.budget.max.bytes       input bytes per run, e.g. 10g      (default 1t)
 * </pre>
 *
 * Unknown keys and bad values are errors naming the key and the value: a typo in a policy
 * must not silently turn recomputation on or off.
 */
public final class RecomputePolicy {
  static final String PREFIX = "provenance.policy.";
  private static final Set<String> RULE_KEYS =
      Set.of("output", "source", "stage", "enabled", "criticality", "error.rate", "stale",
          "on.update", "on.append", "hold", "escalate.after");

  /** How important a rule's data is: high-criticality work is planned first within the budget. */
  public enum Criticality { LOW, MEDIUM, HIGH }

  /** What to do about a source that is stale but unchanged. */
  public enum StaleAction { REPORT, RECOMPUTE }

  /** One rule of the policy. */
  public record Rule(String name, Glob output, Glob source, String stage, boolean enabled,
      Criticality criticality, double errorRate, StaleAction stale) {

    boolean matches(String outputUri, String sourceUri, String stageName) {
      return output.matches(outputUri)
          && (sourceUri == null || source.matches(sourceUri))
          && (stage.equals("any") || stage.equals(stageName));
    }
  }

  /**
   * A rule's predictive triggers (docs/prediction.md), beside the rule so that its record
   * keeps its shape.
   *
   * @param onUpdate recompute the dependents when a family's expected update is observed
   * @param hold defer an output's recompute while an update of its sources is predicted
   * @param escalateAfter corruption findings on one path (in the history) from which the
   *     criticality is high; 0 never
   */
  public record Predictive(StaleAction onUpdate, boolean hold, int escalateAfter) {
  }

  private final List<Rule> rules;
  private final Map<String, Predictive> predictive = new LinkedHashMap<>();
  /** Per rule: what to do about a source that grew after capture (data_staleness). */
  private final Map<String, StaleAction> onAppend = new LinkedHashMap<>();
  private final int maxJobs;
  private final long maxBytes;

  private RecomputePolicy(List<Rule> rules, int maxJobs, long maxBytes) {
    this.rules = List.copyOf(rules);
    this.maxJobs = maxJobs;
    this.maxBytes = maxBytes;
  }

  /** The policy when no file is given: one rule that recomputes everything it can. */
  public static RecomputePolicy defaults() {
    return parse(new Configuration(false), "(built-in defaults)");
  }

  /**
   * Reads a policy file; errors name the file, the key and the value. The file may be
   * writable by others than the operator running the sweep: it must be a regular file within
   * provenance.read.max.metadata.bytes, and a DOCTYPE, entity or XInclude is refused (see
   * {@link UntrustedXml}).
   */
  public static RecomputePolicy load(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    if (!fs.exists(file)) {
      throw new BadConfigurationException("Policy file " + file + " does not exist");
    }
    Configuration policy;
    try {
      byte[] xml = UntrustedFiles.readAll(fs, file, UntrustedFiles.maxMetadataBytes(conf),
          ProvenanceKeys.READ_MAX_METADATA_BYTES);
      policy = UntrustedXml.parseConfiguration(xml, file.toString());
    } catch (IOException e) {
      throw new BadConfigurationException("Policy file " + file + " is refused: "
          + e.getMessage());
    }
    return parse(policy, file.toString());
  }

  static RecomputePolicy parse(Configuration c, String where) {
    Map<String, String> all = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : c) {
      all.put(e.getKey(), e.getValue());
    }
    List<String> names = new ArrayList<>();
    for (String n : c.getTrimmedStrings(PREFIX + "rules", "default")) {
      if (!n.matches("[A-Za-z0-9_-]+")) {
        throw bad(where, PREFIX + "rules", n, "rule names are letters, digits, - and _");
      }
      names.add(n);
    }
    for (String key : all.keySet()) {
      checkKnown(where, key, names);
    }
    List<Rule> rules = new ArrayList<>();
    Map<String, Predictive> predictive = new LinkedHashMap<>();
    Map<String, StaleAction> appends = new LinkedHashMap<>();
    for (String n : names) {
      String p = PREFIX + "rule." + n + ".";
      String stage = c.getTrimmed(p + "stage", "any").toLowerCase(Locale.ROOT);
      if (!Set.of("map", "reduce", "any").contains(stage)) {
        throw bad(where, p + "stage", stage, "use map, reduce or any");
      }
      rules.add(new Rule(n, glob(c, where, p + "output"), glob(c, where, p + "source"), stage,
          bool(c, where, p + "enabled", true),
          enumValue(Criticality.class, c, where, p + "criticality", "medium"),
          rate(c, where, p + "error.rate"),
          enumValue(StaleAction.class, c, where, p + "stale", "report")));
      predictive.put(n, new Predictive(
          enumValue(StaleAction.class, c, where, p + "on.update", "report"),
          bool(c, where, p + "hold", false), count(c, where, p + "escalate.after")));
      // Appended bytes are new data the output lacks and the cheapest thing to bring in: only
      // they are mapped (docs/recompute.md), so the default brings the output up to date.
      appends.put(n, enumValue(StaleAction.class, c, where, p + "on.append", "recompute"));
    }
    int maxJobs;
    String jobs = c.getTrimmed(PREFIX + "budget.max.jobs", "20");
    try {
      maxJobs = Integer.parseInt(jobs);
      if (maxJobs < 1) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw bad(where, PREFIX + "budget.max.jobs", jobs, "a whole number of at least 1");
    }
    long maxBytes = budgetBytes(c, where);
    RecomputePolicy policy = new RecomputePolicy(rules, maxJobs, maxBytes);
    policy.predictive.putAll(predictive);
    policy.onAppend.putAll(appends);
    return policy;
  }

  /** What the rule does about a source that grew after capture (its recorded ranges match). */
  public StaleAction onAppend(Rule rule) {
    return onAppend.getOrDefault(rule.name(), StaleAction.RECOMPUTE);
  }

  /** The predictive triggers of a rule. */
  public Predictive predictive(Rule rule) {
    return predictive.getOrDefault(rule.name(), new Predictive(StaleAction.REPORT, false, 0));
  }

  private static int count(Configuration c, String where, String key) {
    String v = c.getTrimmed(key, "0");
    try {
      int n = Integer.parseInt(v);
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw bad(where, key, v, "a whole number of findings, 0 for never");
  }

  private static void checkKnown(String where, String key, List<String> names) {
    if (!key.startsWith(PREFIX)) {
      throw new BadConfigurationException("Unknown key " + key + " in policy " + where
          + ": policy keys start with " + PREFIX);
    }
    String rest = key.substring(PREFIX.length());
    if (rest.equals("rules") || rest.equals("budget.max.jobs")
        || rest.equals("budget.max.bytes")) {
      return;
    }
    if (rest.startsWith("rule.")) {
      String r = rest.substring("rule.".length());
      int dot = r.indexOf('.');
      if (dot > 0 && RULE_KEYS.contains(r.substring(dot + 1))) {
        if (!names.contains(r.substring(0, dot))) {
          throw new BadConfigurationException("Key " + key + " in policy " + where
              + " is for rule '" + r.substring(0, dot) + "', which is not listed in "
              + PREFIX + "rules " + names);
        }
        return;
      }
    }
    throw new BadConfigurationException("Unknown key " + key + " in policy " + where
        + "; rule keys are " + PREFIX + "rule.NAME.{" + String.join(",", RULE_KEYS)
        + "}, plus " + PREFIX + "rules and " + PREFIX + "budget.max.{jobs,bytes}");
  }

  /** Hadoop's size syntax, as in dfs.blocksize: a whole number with k, m, g, t, p or e. */
  private static long budgetBytes(Configuration c, String where) {
    String key = PREFIX + "budget.max.bytes";
    long bytes;
    try {
      bytes = c.getLongBytes(key, TraditionalBinaryPrefix.TERA.value);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) { // "" has no last char
      bytes = -1;
    }
    if (bytes <= 0) {
      throw bad(where, key, c.get(key), "a size such as 500m, 10g or 1t (a whole number of"
          + " bytes, or with k, m, g, t, p or e for powers of 1024)");
    }
    return bytes;
  }

  private static Glob glob(Configuration c, String where, String key) {
    String v = c.getTrimmed(key, "*");
    try {
      return Glob.anywhere(key, v, false);
    } catch (BadConfigurationException e) {
      throw new BadConfigurationException(e.getMessage() + " (in policy " + where + ")");
    }
  }

  private static boolean bool(Configuration c, String where, String key, boolean def) {
    String v = c.getTrimmed(key, Boolean.toString(def)).toLowerCase(Locale.ROOT);
    if (!v.equals("true") && !v.equals("false")) {
      throw bad(where, key, v, "use true or false");
    }
    return Boolean.parseBoolean(v);
  }

  private static double rate(Configuration c, String where, String key) {
    String v = c.getTrimmed(key, "0");
    try {
      double d = Double.parseDouble(v);
      if (d < 0 || d > 1 || Double.isNaN(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw bad(where, key, v, "a fraction between 0 and 1, e.g. 0.01 for 1%");
    }
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, Configuration c, String where,
      String key, String def) {
    String v = c.getTrimmed(key, def);
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      List<String> ok = new ArrayList<>();
      for (E x : type.getEnumConstants()) {
        ok.add(x.name().toLowerCase(Locale.ROOT));
      }
      throw bad(where, key, v, "use one of " + ok);
    }
  }

  private static BadConfigurationException bad(String where, String key, String value,
      String accepted) {
    return new BadConfigurationException("Bad value '" + value + "' for " + key + " in policy "
        + where + ": " + accepted);
  }

  /** The first rule matching, or null when no rule covers it (then nothing is recomputed). */
  public Rule ruleFor(String outputUri, String sourceUri, String stage) {
    for (Rule r : rules) {
      if (r.matches(outputUri, sourceUri, stage)) {
        return r;
      }
    }
    return null;
  }

  public List<Rule> rules() {
    return rules;
  }

  public int maxJobs() {
    return maxJobs;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
