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
import org.provmr.io.UntrustedFiles;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.wrap.WrappedJob;
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
   * @throws RefusedSourceException if it names a file to read outside the sources' fence
   */
  static Configuration configuration(Configuration operator, RecomputeSettings settings,
      StoredJob store, String name)
      throws RefusedClassException, RefusedSourceException, IOException {
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
    SourceFence.checkReplayedFiles(operator, conf,
        replayed.containsKey(SourceFence.PARTITION_FILE), store);
    conf.set(MRJobConfig.JOB_NAME, name);
    return conf;
  }

  /**
   * Every class the sub-job will load must be on the class path (nothing is initialized here):
   * in the tasks a missing one is a task failure whose cause Hadoop does not tell the client.
   * Run after the allow-list check
   * ({@link #configuration}).
   */
  static void requireClasses(Configuration base, RecomputeSettings settings, StoredJob store)
      throws IOException {
    for (Map.Entry<String, String> e : store.job().configuration().entrySet()) {
      String key = e.getKey();
      if (!settings.replays(key)) {
        continue;
      }
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
      // A FIFO or device in a source's place would block the map task that opens it.
      UntrustedFiles.requireRegularFile(p.getFileSystem(base), p);
    }
  }

  private static ClassLoader loader(Configuration conf) {
    ClassLoader l = conf.getClassLoader();
    return l != null ? l : SubJobs.class.getClassLoader();
  }
}
