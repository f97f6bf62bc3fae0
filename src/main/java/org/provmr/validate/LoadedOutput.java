package org.provmr.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.PartNames;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreFiles;
import org.provmr.store.StoredJob;

/** One output's lineage store as a validator task uses it: indexed, with its source roots. */
final class LoadedOutput {
  final StoredJob job;
  /** The store's files as read (job is parsed from them), for keyed mode's seal. */
  final StoreFiles files;
  final SourceRoots roots;
  final String output;
  private final Map<Integer, SourceEntry> sources = new HashMap<>();
  private final boolean mapOnly;

  private LoadedOutput(StoreFiles files, StoredJob job, SourceRoots roots) {
    this.files = files;
    this.job = job;
    this.roots = roots;
    this.output = job.output().toString();
    for (SourceEntry s : job.sources()) {
      sources.put(s.id(), s);
    }
    boolean allMap = !job.parts().isEmpty();
    for (PartEntry p : job.parts()) {
      String file = fileName(p); // a sub-stream part: priority/part-m-00003
      allMap &= PartNames.isPart(file) && PartNames.isMap(file);
    }
    mapOnly = allMap;
  }

  static LoadedOutput load(Configuration conf, String output) throws IOException {
    StoreFiles files = LineageStore.readFiles(conf, new Path(output));
    StoredJob job = files.parse();
    return new LoadedOutput(files, job, SourceRoots.of(conf, job.job()));
  }

  /** Per file: the end of the furthest range the manifest records of it (built when asked). */
  private Map<String, Long> coveredEnds;

  /** How far into {@code uri} the output's recorded ranges reach; -1 if it records none. */
  synchronized long coveredEnd(String uri) {
    if (coveredEnds == null) {
      coveredEnds = new HashMap<>();
      for (SourceEntry s : job.sources()) {
        coveredEnds.merge(s.uri(), s.start() + s.length(), Math::max);
      }
    }
    return coveredEnds.getOrDefault(uri, -1L);
  }

  /** The manifest entry of a source id, or null. */
  SourceEntry source(int id) {
    return sources.get(id);
  }

  String jobId() {
    return job.job().jobId();
  }

  /**
   * The parts computed from source {@code id}: those whose entry lists it and, in a map-only
   * output, the part its map task wrote even if that part is empty (a grep that matched
   * nothing still depends on every line it read).
   */
  private static String fileName(PartEntry p) {
    return p.name().substring(p.name().indexOf('/') + 1);
  }

  List<PartEntry> dependents(int id) {
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : job.parts()) {
      boolean listed = p.sources().contains(id);
      // The map task's own parts: its part-m-N and the named outputs it wrote (NAME-m-N).
      if (listed || (mapOnly && PartNames.task(fileName(p)) == id)) {
        parts.add(p);
      }
    }
    return parts;
  }

  /** Ids of the part's source sets that contain source {@code id}. */
  static List<Integer> setsContaining(PartEntry part, int id) {
    List<Integer> sets = new ArrayList<>();
    for (int i = 0; i < part.sourceSets().size(); i++) {
      if (part.sourceSets().get(i).contains(id)) {
        sets.add(i);
      }
    }
    return sets;
  }
}
