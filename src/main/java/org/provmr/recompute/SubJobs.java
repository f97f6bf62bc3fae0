package org.provmr.recompute;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration a recompute sub-job starts from: the operator's (cluster, file system,
 * credentials, JVM options, jars), plus the few recorded properties that decide what the job
 * computed, chosen by key from provenance.recompute.replay.keys. Whatever job.json holds beyond
 * those keys is never set. Nothing is loaded before the class allow-list has passed over every
 * recorded value and over every replayed value as the sub-job will read it (after Hadoop's
 * {@code ${var}} expansion).
 */
final class SubJobs {
  private static final Logger LOG = LoggerFactory.getLogger(SubJobs.class);

  private SubJobs() {
  }

  /**
   * The base configuration of the sub-jobs of {@code store}'s output, named {@code name}.
   *
   * @throws RefusedClassException if the store names a class the operator does not allow
   */
  static Configuration configuration(Configuration operator, RecomputeSettings settings,
      StoredJob store, String name) throws RefusedClassException {
    String where = "the lineage store of " + store.output();
    ClassLoader loader = loader(operator);
    SortedMap<String, String> recorded = store.job().configuration();
    // Every recorded class, replayed or not: a store naming foreign code is refused outright,
    // so the operator hears of it instead of the key being dropped in silence.
    settings.allowedClasses().check(recorded, where, loader);
    SortedMap<String, String> replayed = new TreeMap<>();
    int ignored = 0;
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      if (settings.replays(e.getKey())) {
        replayed.put(e.getKey(), e.getValue());
      } else {
        ignored++;
      }
    }
    Configuration conf = new Configuration(operator);
    for (Map.Entry<String, String> e : replayed.entrySet()) {
      conf.set(e.getKey(), e.getValue(), "lineage store " + store.output());
    }
    for (String key : replayed.keySet()) {
      settings.allowedClasses().check(key, conf.get(key), where, loader);
    }
    LOG.debug("{}: replaying {} recorded properties, ignoring {} outside provenance.recompute"
        + ".replay.keys", store.output(), replayed.size(), ignored);
    conf.set(MRJobConfig.JOB_NAME, name);
    return conf;
  }

  private static ClassLoader loader(Configuration conf) {
    ClassLoader l = conf.getClassLoader();
    return l != null ? l : SubJobs.class.getClassLoader();
  }
}
