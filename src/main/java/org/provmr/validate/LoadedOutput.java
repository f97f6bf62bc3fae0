package org.provmr.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.PartNames;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoreFiles;
import org.provmr.store.StoreReader;
import org.provmr.store.StoredJob;

/** One output's lineage store as a validator task uses it: indexed, with its source roots. */
final class LoadedOutput {
  final StoredJob job;
  /** Whether the store has a seal (keyed mode); the store unit verifies it. */
  final boolean sealed;
  final SourceRoots roots;
  final String output;
  /** Source entries by id, built on first use (the cadence survey never asks). */
  private Map<Integer, SourceEntry> sources;
  private final boolean mapOnly;
  /** The ids of job.json's lineages, which a compact header may name (asked once a record). */
  private final Set<Integer> lineageIds = new HashSet<>();

  private LoadedOutput(boolean sealed, StoredJob job, SourceRoots roots) {
    this.sealed = sealed;
    this.job = job;
    this.roots = roots;
    this.output = job.output().toString();
    boolean allMap = !job.parts().isEmpty();
    for (PartEntry p : job.parts()) {
      String file = fileName(p); // a sub-stream part: priority/part-m-00003
      allMap &= PartNames.isPart(file) && PartNames.isMap(file);
    }
    mapOnly = allMap;
    job.job().lineages().forEach(l -> lineageIds.add(l.id()));
  }

  /** Whether job.json has a lineage of this id. */
  boolean hasLineage(int id) {
    return lineageIds.contains(id);
  }

  static LoadedOutput load(Configuration conf, String output) throws IOException {
    StoreFiles files = LineageStore.readFiles(conf, new Path(output));
    StoredJob job = files.parse();
    // The bytes are dropped once parsed: the store unit, which verifies the seal over them,
    // streams the store itself (StoreChecker).
    return new LoadedOutput(files.seal() != null, job, SourceRoots.of(conf, job.job()));
  }

  /**
   * The cadence survey's view of an output: the planner's (StoreReader.forPlanning), streamed
   * and without fingerprints or source-set dictionaries, which the survey does not use.
   */
  static LoadedOutput forSurvey(Configuration conf, String output) throws IOException {
    StoredJob job = StoreReader.open(conf, new Path(output)).forPlanning();
    return new LoadedOutput(false, job, SourceRoots.of(conf, job.job()));
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
  synchronized SourceEntry source(int id) {
    if (sources == null) {
      sources = new HashMap<>();
      for (SourceEntry s : job.sources()) {
        sources.put(s.id(), s);
      }
    }
    return sources.get(id);
  }



  String jobId() {
    return job.job().jobId();
  }

  private static String fileName(PartEntry p) {
    return p.name().substring(p.name().indexOf('/') + 1);
  }

  /**
   * The parts computed from source {@code id}.
   *
   * @param first at most {@code limit} of them, in the store's order for parts of one set
   * @param total how many there are
   */
  record Dependents(List<PartEntry> first, long total) {
  }

  /** Parts by distinct source set (first seen first), and by map task; built on first use. */
  private Map<SourceIds, List<PartEntry>> bySet;
  private Map<Integer, List<PartEntry>> byTask;

  /**
   * The parts computed from source {@code id}: those whose entry lists it and, in a map-only
   * output, the part its map task wrote even if that part is empty (a grep that matched
   * nothing still depends on every line it read). Each distinct source set is asked once, not
   * each part: the parts of a hash-partitioned job share one set of every split, and a pass
   * over them all for each split of a stale file was splits × parts.
   */
  synchronized Dependents dependents(int id, long limit) {
    if (bySet == null) {
      bySet = new LinkedHashMap<>();
      byTask = new HashMap<>();
      for (PartEntry p : job.parts()) {
        bySet.computeIfAbsent(p.sources(), k -> new ArrayList<>()).add(p);
        int task = task(p);
        if (task >= 0) {
          byTask.computeIfAbsent(task, k -> new ArrayList<>(1)).add(p);
        }
      }
    }
    List<PartEntry> parts = new ArrayList<>();
    long total = 0;
    for (Map.Entry<SourceIds, List<PartEntry>> e : bySet.entrySet()) {
      if (e.getKey().contains(id)) {
        List<PartEntry> set = e.getValue();
        for (int i = 0; i < set.size() && parts.size() < limit; i++) {
          parts.add(set.get(i));
        }
        total += set.size(); // counted, not walked: a cap of 1,000 of 100,000 parts
      }
    }
    // The map task's own parts: its part-m-N and the named outputs it wrote (NAME-m-N).
    for (PartEntry p : byTask.getOrDefault(id, List.of())) {
      if (!p.sources().contains(id)) {
        if (parts.size() < limit) {
          parts.add(p);
        }
        total++;
      }
    }
    return new Dependents(parts, total);
  }

  /** In a map-only output, the map task (its split's id) that wrote {@code p}; else -1. */
  int task(PartEntry p) {
    return mapOnly ? PartNames.task(fileName(p)) : -1;
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
