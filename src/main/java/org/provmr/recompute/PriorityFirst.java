package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobPriority;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Priority first inside a recompute (docs/substreams.md, "Downstream stages"): a stage whose
 * sub-job reads sub-stream parts of an upstream output (priority/, age bands) and other splits
 * runs as a priority phase over the sub-stream splits, then a main phase over the rest (map
 * only) or over everything with the priority splits replayed from the map-output cache (map and
 * reduce). Hadoop does not keep split order inside a job, so two jobs are what makes it real.
 */
final class PriorityFirst {
  private static final Logger LOG = LoggerFactory.getLogger(PriorityFirst.class);
  static final String PRIORITY = "priority";
  static final String MAIN = "main";
  /** The priority phase's own output directory, under the run directory. */
  static final String PHASE_DIR = "priority-phase";
  /** The per-run map-output cache of a map+reduce stage when the operator has none. */
  static final String CACHE_DIR = "priority-cache";
  /** Name prefix of a map-only priority phase's parts once moved into the staging directory. */
  static final String STAGED_PREFIX = "priority-phase-";

  /**
   * The sub-job's splits in two lists, each in task order.
   *
   * @param first the sub-stream splits, empty when there is no priority phase
   * @param rest the others
   */
  record Phases(List<ManifestInputFormat.Entry> first, List<ManifestInputFormat.Entry> rest) {
    boolean twoPhases() {
      return !first.isEmpty() && !rest.isEmpty();
    }
  }

  private PriorityFirst() {
  }

  /**
   * Splits {@code inputs} (in task order) into the sub-stream parts of upstream outputs and the
   * rest, when {@code provenance.recompute.priority.first} is on.
   */
  static Phases split(Configuration operator, List<ManifestInputFormat.Entry> inputs,
      String output, String kind) throws IOException {
    List<ManifestInputFormat.Entry> first = new ArrayList<>();
    List<ManifestInputFormat.Entry> rest = new ArrayList<>();
    Map<Path, Boolean> outputs = new HashMap<>();
    for (ManifestInputFormat.Entry e : inputs) {
      (isSubstreamPart(operator, new Path(e.uri()), outputs) ? first : rest).add(e);
    }
    if (first.isEmpty() || rest.isEmpty()) {
      return new Phases(List.of(), inputs);
    }
    if (!operator.getBoolean(ProvenanceKeys.RECOMPUTE_PRIORITY_FIRST,
        ProvenanceKeys.RECOMPUTE_PRIORITY_FIRST_DEFAULT)) {
      LOG.info("{} sub-job of {} reads {} sub-stream splits among {}: one job, since {}=false",
          kind, output, first.size(), inputs.size(), ProvenanceKeys.RECOMPUTE_PRIORITY_FIRST);
      return new Phases(List.of(), inputs);
    }
    LOG.info("{} sub-job of {} reads {} sub-stream splits among {}: a priority phase over them"
        + " first, then the main phase", kind, output, first.size(), inputs.size());
    return new Phases(first, rest);
  }

  /** A part in a sub-stream directory of an output with a lineage store. */
  static boolean isSubstreamPart(Configuration conf, Path file, Map<Path, Boolean> outputs)
      throws IOException {
    Path dir = file.getParent();
    if (dir == null || !StoreNames.isSubstreamDir(dir.getName()) || dir.getParent() == null) {
      return false;
    }
    Boolean known = outputs.get(dir.getParent());
    if (known == null) {
      known = LineageStore.exists(conf, dir.getParent());
      outputs.put(dir.getParent(), known);
    }
    return known;
  }

  /** Makes {@code job} the priority phase: named so, and ahead of other jobs in the queue. */
  static void prioritize(Job job) {
    job.getConfiguration().set(MRJobConfig.PRIORITY, JobPriority.VERY_HIGH.name());
    job.setJobName(job.getJobName() + " (priority phase)");
  }

  /**
   * Moves a map-only priority phase's parts from {@code phaseDir} into {@code staged} (named
   * {@code priority-phase-part-m-N}, so that the journal finds every staged file in the one
   * staging directory) and returns their moves: task j of the phase read {@code first.get(j)}.
   */
  static List<Journal.Move> stageMapOnly(FileSystem fs, StoredJob store,
      List<ManifestInputFormat.Entry> first, Path phaseDir, Path staged) throws IOException {
    List<Journal.Move> moves = new ArrayList<>();
    for (Journal.Move m : MapOnlyMoves.of(store, first, Set.of(), phaseDir, fs)) {
      Path from = new Path(m.staged());
      Path to = new Path(staged, STAGED_PREFIX + from.getName());
      if (!fs.rename(from, to)) {
        throw new IOException("Could not move the priority phase's " + from + " to " + to
            + "; nothing was swapped in");
      }
      moves.add(Journal.Move.of(m.kind(), m.live(), to.toString()));
    }
    return moves;
  }

  /**
   * The staged store with what the priority phase recorded: its sources (a split the main
   * phase replayed from the cache ran no capture there) and, for a map-only stage, its parts
   * under the names {@link #stageMapOnly} gave them.
   */
  static StoredJob merged(StoredJob staged, StoredJob phase, boolean withParts) {
    Map<Integer, SourceEntry> sources = new TreeMap<>();
    phase.sources().forEach(s -> sources.put(s.id(), s));
    staged.sources().forEach(s -> sources.put(s.id(), s)); // mapped in the main phase
    List<PartEntry> parts = new ArrayList<>(staged.parts());
    if (withParts) {
      phase.parts().forEach(p -> parts.add(p.renamed(STAGED_PREFIX + p.name())));
    }
    return new StoredJob(staged.output(), staged.job(), new ArrayList<>(sources.values()),
        parts);
  }
}
