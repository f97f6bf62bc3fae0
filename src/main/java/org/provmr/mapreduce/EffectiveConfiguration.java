package org.provmr.mapreduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.Glob;

/**
 * The part of a job's configuration that a re-run needs: every property whose value differs
 * from Hadoop's shipped defaults, minus secrets (provenance.store.config.exclude) and the
 * per-submission bookkeeping the framework sets again on every run.
 */
final class EffectiveConfiguration {
  private static final String[] DEFAULT_RESOURCES = {
      "core-default.xml", "hdfs-default.xml", "mapred-default.xml", "yarn-default.xml"};
  private static final String[] PER_SUBMISSION = {
      "mapreduce.job.dir", "mapreduce.job.submithost*", "mapreduce.job.split.metainfo*",
      "mapreduce.job.cache.*", "mapreduce.jobtracker.staging*", "yarn.app.mapreduce.am.staging*",
      "mapreduce.job.tags", "mapreduce.client.genericoptionsparser.used", "*.tmp.dir"};

  private EffectiveConfiguration() {
  }

  /**
   * Hadoop's shipped defaults, parsed once per JVM: they come from the jars on the class path,
   * and parsing the four files took about as long as the rest of a small job's commit. Only
   * read afterwards ({@code getRaw}, which also resolves deprecated names), as Hadoop's tasks
   * share their job's Configuration.
   */
  private static final class Defaults {
    static final Configuration CONF = parse();

    private static Configuration parse() {
      Configuration defaults = new Configuration(false);
      for (String r : DEFAULT_RESOURCES) {
        defaults.addResource(r);
      }
      defaults.size(); // loads the resources now, not in a reader's thread
      return defaults;
    }
  }

  static SortedMap<String, String> of(Configuration job) {
    // The job as its driver set it: a replay runs its own input format (no MapTask walk to
    // spare there), and a re-run of the driver installs SelfCountingInputFormat itself.
    Configuration conf = SelfCountingInputFormat.userView(job);
    Configuration defaults = Defaults.CONF;
    List<Glob> excluded = new ArrayList<>();
    for (String glob : conf.getTrimmedStrings(ProvenanceKeys.STORE_CONFIG_EXCLUDE,
        ProvenanceKeys.STORE_CONFIG_EXCLUDE_DEFAULT.split(","))) {
      excluded.add(Glob.anywhere(ProvenanceKeys.STORE_CONFIG_EXCLUDE, glob, true));
    }
    for (String glob : PER_SUBMISSION) {
      excluded.add(Glob.anywhere("EffectiveConfiguration.PER_SUBMISSION", glob, true));
    }
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      String key = e.getKey();
      if (Objects.equals(defaults.getRaw(key), e.getValue()) || matchesAny(excluded, key)) {
        continue;
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  private static boolean matchesAny(List<Glob> globs, String key) {
    for (Glob g : globs) {
      if (g.matches(key)) {
        return true;
      }
    }
    return false;
  }

}
