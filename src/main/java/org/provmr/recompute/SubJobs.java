package org.provmr.recompute;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.wrap.WrappedJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration a recompute sub-job starts from: the operator's (cluster, file system,
 * credentials) overlaid with what the lineage store recorded for the job (classes, formats,
 * parameters). Environment keys of the recording run are not replayed: the recompute runs
 * where it runs now. Nothing is loaded before the allow-list has passed.
 */
final class SubJobs {
  private static final Logger LOG = LoggerFactory.getLogger(SubJobs.class);

  /** Keys (prefixes) that describe where and how a run happened, not what it computed. */
  private static final String[] ENVIRONMENT = {
      "fs.", "dfs.", "yarn.", "hadoop.", "ipc.", "ha.", "net.", "mapreduce.framework.name",
      "mapreduce.jobhistory.", "mapreduce.client.", "mapreduce.job.jar", "mapreduce.job.dir",
      "mapreduce.job.user.name", "mapreduce.job.working.dir", "mapreduce.cluster.",
      "mapreduce.jobtracker.", "mapreduce.local.", "mapreduce.output.fileoutputformat.outputdir",
      "mapreduce.input.fileinputformat.inputdir", "mapreduce.job.name", "mapreduce.job.id",
      "mapreduce.job.classloader", "mapreduce.job.credentials", "mapreduce.job.token",
      "mapreduce.am.", "yarn.app.", "provenance.recompute.", "provenance.enabled",
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
    LOG.debug("Replaying {} of the {} recorded properties of {} (environment keys left out)",
        out.size(), store.job().configuration().size(), store.output());
    return out;
  }

  /**
   * Every class the sub-job will load must be on the class path (nothing is initialized here):
   * in the tasks a missing one is a task failure whose cause Hadoop does not tell the client.
   * Run after the allow-list check.
   */
  static void requireClasses(Configuration base, SortedMap<String, String> replayed,
      StoredJob store) throws IOException {
    for (Map.Entry<String, String> e : replayed.entrySet()) {
      String key = e.getKey();
      if (!key.endsWith(".class")
          || !(key.startsWith("mapreduce.job.") || key.startsWith("provenance."))) {
        continue; // other class lists (codecs, serializations) are loaded only when used
      }
      String name = e.getValue().trim();
      if (name.isEmpty()) {
        continue;
      }
      try {
        Class.forName(name, false, base.getClassLoader());
      } catch (ClassNotFoundException | LinkageError x) {
        throw new IOException(missingClass(base, store, key, name), x);
      }
    }
  }

  private static String missingClass(Configuration conf, StoredJob store, String key,
      String name) {
    List<String> jars = WrappedJob.getJars(conf); // replayed from the store
    StringBuilder s = new StringBuilder("Cannot recompute " + store.output() + ": its job ran "
        + name + " (" + key + "), which is not on the class path. ");
    if (jars.isEmpty()) {
      s.append("Pass the jar that holds it with -libjars before the command's options"
          + " (provmr recompute -libjars JAR --alerts DIR).");
    } else {
      List<String> gone = new ArrayList<>();
      for (String jar : jars) {
        if (!exists(conf, jar)) {
          gone.add(jar);
        }
      }
      s.append("The job was wrapped with classes from ").append(String.join(", ", jars))
          .append(" (recorded in its lineage store)");
      if (!gone.isEmpty()) {
        s.append(", and ").append(String.join(", ", gone)).append(gone.size() == 1
            ? " no longer exists" : " no longer exist").append(": restore it, then");
      } else {
        s.append(':');
      }
      s.append(" pass it with -libjars before the command's options (provmr recompute -libjars"
          + " JAR --alerts DIR).");
    }
    return s.append(" Nothing was swapped in.").toString();
  }

  private static boolean exists(Configuration conf, String uri) {
    try {
      Path p = new Path(uri);
      return p.getFileSystem(conf).exists(p);
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Every source file the sub-job reads must exist: a manifest entry naming a missing file
   * would otherwise fail a map task, and the client would only learn that it failed.
   */
  static void requireSources(Configuration base, List<ManifestInputFormat.Entry> inputs,
      StoredJob store) throws IOException {
    Set<String> checked = new HashSet<>();
    for (ManifestInputFormat.Entry e : inputs) {
      if (!checked.add(e.uri())) {
        continue;
      }
      Path p = new Path(e.uri());
      if (!p.getFileSystem(base).exists(p)) {
        boolean recorded = store.sources().stream().map(SourceEntry::uri)
            .anyMatch(u -> u.equals(e.uri()));
        throw new FileNotFoundException("Cannot recompute " + store.output() + ": source "
            + (recorded ? "entry " + e.id() + " of its lineage store (_provenance/sources.json)"
            : "split " + e.id()) + " names " + e.uri() + ", which does not exist. Restore the"
            + " file, or validate again (a missing source is reported as source_missing and"
            + " not recomputed). Nothing was swapped in.");
      }
    }
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
