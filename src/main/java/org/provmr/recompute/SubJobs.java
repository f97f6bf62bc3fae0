package org.provmr.recompute;

import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.provmr.store.StoredJob;

/**
 * The configuration a recompute sub-job starts from: the operator's (cluster, file system,
 * credentials) overlaid with what the lineage store recorded for the job (classes, formats,
 * parameters). Environment keys of the recording run are not replayed: the recompute runs
 * where it runs now. Nothing is loaded before the allow-list has passed.
 */
final class SubJobs {
  /** Keys (prefixes) that describe where and how a run happened, not what it computed. */
  private static final String[] ENVIRONMENT = {
      "fs.", "dfs.", "yarn.", "hadoop.", "ipc.", "ha.", "net.", "mapreduce.framework.name",
      "mapreduce.jobhistory.", "mapreduce.client.", "mapreduce.job.jar", "mapreduce.job.dir",
      "mapreduce.job.user.name", "mapreduce.job.working.dir", "mapreduce.cluster.",
      "mapreduce.jobtracker.", "mapreduce.local.", "mapreduce.output.fileoutputformat.outputdir",
      "mapreduce.input.fileinputformat.inputdir", "mapreduce.job.name", "mapreduce.job.id",
      "mapreduce.job.classloader", "mapreduce.job.credentials", "mapreduce.job.token",
      "mapreduce.am.", "yarn.app.", "provenance.recompute.", "provenance.enabled",
      "provenance.keyed.",
      "tmpjars", "tmpfiles", "tmparchives"};

  private SubJobs() {
  }

  /** The recorded properties that are replayed, after the allow-list check. */
  static SortedMap<String, String> replayed(StoredJob store, ClassAllowList allow)
      throws RefusedClassException {
    SortedMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : store.job().configuration().entrySet()) {
      if (!isEnvironment(e.getKey())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    allow.check(out, "the lineage store of " + store.output());
    return out;
  }

  static Configuration configuration(Configuration operator, SortedMap<String, String> replayed,
      String name) throws IOException {
    Configuration conf = new Configuration(operator);
    for (Map.Entry<String, String> e : replayed.entrySet()) {
      conf.set(e.getKey(), e.getValue());
    }
    conf.set(MRJobConfig.JOB_NAME, name);
    return conf;
  }

  private static boolean isEnvironment(String key) {
    for (String p : ENVIRONMENT) {
      if (key.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
