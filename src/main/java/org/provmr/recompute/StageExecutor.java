package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.cache.CacheCounter;
import org.provmr.cache.CacheReplay;
import org.provmr.cache.MapOutputCache;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.mapreduce.JobFailures;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.recompute.mapreduce.PartitionScope;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartNames;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.progress.JobProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage of a plan as real MapReduce sub-jobs built from the recorded configuration,
 * restricted to the planned splits or partitions, into a staging directory under the output's
 * {@code _provenance/recompute/<run>/}; then verifies the staged parts and prepares the commit
 * (which parts replace, add or remove which, and the store that describes the result).
 */
final class StageExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(StageExecutor.class);

  private final Configuration operator;
  private final RecomputeSettings settings;
  private final String runId;
  private final List<SubJobRun> runs;
  private final JobProgress progress;

  StageExecutor(Configuration operator, RecomputeSettings settings, String runId,
      List<SubJobRun> runs, JobProgress progress) {
    this.progress = progress;
    this.operator = operator;
    this.settings = settings;
    this.runId = runId;
    this.runs = runs;
  }

  /** The current stage's grown files: where their recorded splits end (AppendedSources). */
  private Map<String, Long> bounds = Map.of();

  /** Runs the stage's sub-jobs and returns the journal of the commit to make. */
  Journal run(StagePlan plan) throws Exception {
    Path output = new Path(plan.output());
    StoredJob store = LineageStore.read(operator, output); // fresh: upstream may have changed
    Path runDir = Journal.runDir(output, runId);
    FileSystem fs = output.getFileSystem(operator);
    Journal.refuseLinks(fs, output); // before anything is staged below it

    Configuration base = SubJobs.configuration(operator, settings, store, "provmr recompute");
    SubJobs.requireClasses(base, settings, store); // a missing jar fails here, not in a task
    Class<?> inputFormat = base.getClass(MRJobConfig.INPUT_FORMAT_CLASS_ATTR,
        org.apache.hadoop.mapreduce.lib.input.TextInputFormat.class);
    TreeSet<String> changed = new TreeSet<>(plan.changedFiles());
    if (plan.resyncUpstream()) {
      changed.addAll(InputChanges.changedUpstreamFiles(store, fs));
    }
    int nextId = store.sources().stream().mapToInt(SourceEntry::id).max().orElse(-1) + 1;
    // Grown files: only their new bytes are split (docs/recompute.md, "Appended sources").
    TreeSet<String> grownFiles = new TreeSet<>(plan.appendedFiles());
    grownFiles.removeAll(changed);
    AppendedSources.Result grown = AppendedSources.split(base, inputFormat, store, grownFiles,
        nextId);
    changed.addAll(grown.resplit());
    nextId += grown.fresh().size();
    bounds = grown.boundedAt();
    TreeSet<String> read = new TreeSet<>(changed);
    read.addAll(grownFiles);
    // Planned files were checked before anything ran; upstream files are found only now.
    SourceFence.check(operator, store, read, "recompute run " + runId);
    TreeSet<Integer> retired = new TreeSet<>();
    for (SourceEntry s : store.sources()) {
      if (changed.contains(s.uri())) {
        retired.add(s.id());
      }
    }
    List<ManifestInputFormat.Entry> fresh = new ArrayList<>(grown.fresh());
    for (String file : changed) {
      for (InputSplit split : InputChanges.splitsOf(base, inputFormat, new Path(file))) {
        if (split instanceof CombineFileSplit) {
          // Each file range of a combined split is a source of its own (as in capture).
          CombineFileSplit c = (CombineFileSplit) split;
          for (int i = 0; i < c.getNumPaths(); i++) {
            fresh.add(new ManifestInputFormat.Entry(nextId++, c.getPath(i).toString(),
                c.getOffset(i), c.getLength(i)));
          }
          continue;
        }
        FileSplit f = (FileSplit) split;
        fresh.add(new ManifestInputFormat.Entry(nextId++, f.getPath().toString(), f.getStart(),
            f.getLength()));
      }
    }
    List<ManifestInputFormat.Entry> kept = new ArrayList<>();
    for (SourceEntry s : store.sources()) {
      if (!retired.contains(s.id())) {
        kept.add(new ManifestInputFormat.Entry(s.id(), s.uri(), s.start(), s.length()));
      }
    }

    LOG.info("Recomputing {} in run {}: {} of {} recorded splits kept, {} retired, {} new from"
        + " {} changed files", output, runId, kept.size(), store.sources().size(), retired.size(),
        fresh.size(), changed.size());
    int lineageId = store.job().lineages().stream().mapToInt(LineageEntry::id).max().orElse(0)
        + 1;
    Lineage lineage = store.job().lineage(0).lineage().withStep(new Step(runId, Stage.RECOMPUTE,
        null, RecomputeManager.class.getName(), recomputeParams(plan, retired)));
    Path staged = new Path(runDir, "staged");
    Path phaseDir = new Path(runDir, PriorityFirst.PHASE_DIR);
    StoredJob phaseStore = null; // what a priority phase recorded (docs/substreams.md)
    List<Journal.Move> moves;
    if (plan.mapOnly()) {
      boolean combined = ManifestInputFormat.isCombined(inputFormat);
      // A combined split's part holds the records of all its file ranges: re-map them all.
      Set<Integer> remap = combined
          ? MapOnlyMoves.wholeGroups(base, kept, new TreeSet<>(plan.remapSources()), retired)
          : new TreeSet<>(plan.remapSources());
      List<ManifestInputFormat.Entry> inputs = new ArrayList<>();
      for (ManifestInputFormat.Entry e : kept) {
        if (remap.contains(e.id())) {
          inputs.add(e);
        }
      }
      inputs.addAll(fresh);
      inputs = inTaskOrder(inputs);
      SubJobs.requireSources(base, inputs, store);
      // Combined splits mix files in one task: no phase can hold only the sub-stream ones.
      PriorityFirst.Phases phases = combined ? new PriorityFirst.Phases(List.of(), inputs)
          : PriorityFirst.split(operator, inputs, plan.output(), "map-only");
      if (phases.twoPhases()) {
        Job first = subJob(base, phases.first(), inputFormat, phaseDir, lineageId, "map-only");
        first.setNumReduceTasks(0);
        PriorityFirst.prioritize(first);
        runJob(first, plan.output(), "map-only", phases.first().size(),
            PriorityFirst.PRIORITY);
        inputs = phases.rest();
      }
      Job job = subJob(base, inputs, inputFormat, staged, lineageId, "map-only");
      job.setNumReduceTasks(0);
      runJob(job, plan.output(), "map-only", inputs.size(),
          phases.twoPhases() ? PriorityFirst.MAIN : "");
      moves = combined ? MapOnlyMoves.ofCombined(base, store, inputs, retired, staged, fs)
          : MapOnlyMoves.of(store, inputs, retired, staged, fs);
      if (phases.twoPhases()) {
        phaseStore = LineageStore.read(operator, phaseDir);
        moves.addAll(PriorityFirst.stageMapOnly(fs, store, phases.first(), phaseDir, staged));
      }
    } else {
      TreeSet<Integer> partitions = new TreeSet<>(plan.partitions());
      if (!fresh.isEmpty() && plan.census()) { // no census when every partition is redone
        partitions.addAll(census(base, inTaskOrder(fresh), inputFormat, new Path(runDir,
            "census"), store));
      }
      List<ManifestInputFormat.Entry> inputs = new ArrayList<>(kept);
      inputs.addAll(fresh);
      inputs = inTaskOrder(inputs);
      SubJobs.requireSources(base, inputs, store);
      String kind = "reduce " + partitions;
      boolean combined = ManifestInputFormat.isCombined(inputFormat);
      PriorityFirst.Phases phases = combined ? new PriorityFirst.Phases(List.of(), inputs)
          : PriorityFirst.split(operator, inputs, plan.output(), kind);
      // Without the operator's cache, one of this run's own, deleted when the stage is done.
      Path cache = MapOutputCache.dir(base);
      Path ownCache = phases.twoPhases() && cache == null
          ? new Path(runDir, PriorityFirst.CACHE_DIR) : null;
      try {
        Map<Integer, SourceEntry> replayable = new TreeMap<>();
        store.sources().stream().filter(s -> !retired.contains(s.id()))
            .forEach(s -> replayable.put(s.id(), s));
        if (phases.twoPhases()) {
          phaseStore = priorityPhase(base, phases.first(), inputFormat, phaseDir, lineageId,
              kind, ownCache != null ? ownCache : cache, plan.output());
          if (phaseStore != null) {
            phaseStore.sources().forEach(s -> replayable.put(s.id(), s));
          }
        }
        Job job = subJob(base, inputs, inputFormat, staged, lineageId, "reduce");
        if (phaseStore != null && ownCache != null) {
          job.getConfiguration().set(ProvenanceKeys.CACHE_DIR, ownCache.toString());
        }
        scope(job, base, partitions, false);
        if (!combined) {
          // Unchanged splits with a cache entry replay their map output (docs/cache.md), and
          // so do the splits the priority phase just mapped.
          CacheReplay.configure(job, base, new ArrayList<>(replayable.values()), partitions);
          CacheReplay.grown(job, grown.boundedAt());
        }
        job.setNumReduceTasks(partitions.size());
        runJob(job, plan.output(), kind, inputs.size(),
            phaseStore != null ? PriorityFirst.MAIN : "");
      } finally {
        if (ownCache != null) {
          fs.delete(ownCache, true);
        }
      }
      moves = reduceMoves(fs, output, staged, new ArrayList<>(partitions));
    }
    if (PriorityMoves.applies(operator, store, fs)) {
      moves = PriorityMoves.route(moves, output, fs); // recomputed = LOW: docs/substreams.md
    }
    StoredJob stagedStore = LineageStore.read(operator, staged);
    if (phaseStore != null) {
      stagedStore = PriorityFirst.merged(stagedStore, phaseStore, plan.mapOnly());
      fs.delete(phaseDir, true);
    }
    List<String> problems = StagedVerifier.verify(operator, stagedStore);
    if (!problems.isEmpty()) {
      throw new IOException("Recomputed parts of " + output + " failed verification; nothing"
          + " was swapped in:\n  " + String.join("\n  ", problems));
    }
    LOG.info("Staged parts of {} verified: {} parts, {} records; {} part moves to commit", output,
        stagedStore.parts().size(), stagedStore.parts().stream().mapToLong(p -> p.records())
        .sum(), moves.size());
    return Journal.prepare(runId, output, runDir, moves,
        StoreRewrite.after(store, stagedStore, moves, retired, lineageId, lineage));
  }

  /** JobSubmitter runs splits largest first (a stable sort): task j reads entry j of this. */
  static List<ManifestInputFormat.Entry> inTaskOrder(List<ManifestInputFormat.Entry> entries) {
    List<ManifestInputFormat.Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparingLong(ManifestInputFormat.Entry::length).reversed());
    return sorted;
  }

  /**
   * The priority phase of a map+reduce stage: the recorded map step over the sub-stream splits,
   * its output kept in {@code cache} for the main phase to replay. Returns what it recorded,
   * or null when the cache cannot be written (then the main phase maps every split).
   */
  private StoredJob priorityPhase(Configuration base, List<ManifestInputFormat.Entry> first,
      Class<?> inputFormat, Path out, int lineageId, String kind, Path cache, String output)
      throws Exception {
    Job job = subJob(base, first, inputFormat, out, lineageId, "reduce");
    if (!CacheReplay.prime(job, base, cache)) {
      LOG.info("No priority phase for {}: the map-output cache {} cannot be written; one"
          + " sub-job maps every split", output, cache);
      return null;
    }
    PriorityFirst.prioritize(job);
    runJob(job, output, kind, first.size(), PriorityFirst.PRIORITY);
    return LineageStore.read(operator, out);
  }

  private Job subJob(Configuration base, List<ManifestInputFormat.Entry> inputs,
      Class<?> inputFormat, Path out, int lineageId, String kind) throws IOException {
    Job job = Job.getInstance(new Configuration(base),
        "provmr recompute " + runId + " " + kind);
    Configuration c = job.getConfiguration();
    ManifestInputFormat.bound(c, bounds); // grown files' recorded splits end where they did
    ProvenanceJob.enable(job);
    ProvenanceJob.setRecomputed(job, lineageId);
    // The sub-job stages whole parts; the commit decides their sub-stream (PriorityMoves).
    c.set(ProvenanceKeys.SUBSTREAM_BY, "none");
    ManifestInputFormat.configure(c, inputs, inputFormat);
    job.setInputFormatClass(ManifestInputFormat.class);
    job.setJarByClass(ManifestInputFormat.class);
    FileOutputFormat.setOutputPath(job, out);
    KeyedMode.ship(job); // the operator's key signs the recomputed parts, never the store's
    return job;
  }

  private static void scope(Job job, Configuration base, TreeSet<Integer> partitions,
      boolean census) {
    PartitionScope.configure(job, base.get(MRJobConfig.PARTITIONER_CLASS_ATTR),
        base.getInt(MRJobConfig.NUM_REDUCES, 1), partitions, census);
  }

  /** Which original partitions the new splits' map output goes to (nothing is shuffled). */
  private TreeSet<Integer> census(Configuration base, List<ManifestInputFormat.Entry> splits,
      Class<?> inputFormat, Path out, StoredJob store) throws Exception {
    Job job = subJob(base, splits, inputFormat, out, 0, "census");
    scope(job, base, new TreeSet<>(), true);
    job.setNumReduceTasks(0);
    runJob(job, store.output().toString(), "census", splits.size());
    TreeSet<Integer> partitions = new TreeSet<>();
    for (Counter c : job.getCounters().getGroup(PartitionScope.CENSUS_GROUP)) {
      partitions.add(Integer.parseInt(c.getName()));
    }
    LOG.info("Census {}: the new content of {} changed splits feeds partitions {} of {}",
        job.getJobID(), splits.size(), partitions, store.output());
    out.getFileSystem(base).delete(out, true);
    return partitions;
  }

  private void runJob(Job job, String output, String kind, int splits) throws Exception {
    runJob(job, output, kind, splits, "");
  }

  private void runJob(Job job, String output, String kind, int splits, String phase)
      throws Exception {
    long start = System.currentTimeMillis();
    ProvenanceJob.submit(job); // a failed submission leaves no claimed staging output
    LOG.info("Sub-job {} ({} of {}) submitted over {} splits", job.getJobID(), kind, output,
        splits);
    boolean ok = progress.follow(job);
    long millis = System.currentTimeMillis() - start;
    runs.add(new SubJobRun(output, kind, String.valueOf(job.getJobID()), splits,
        ok ? job.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue() : 0,
        ok ? job.getCounters().findCounter(FileInputFormatCounter.BYTES_READ).getValue() : 0,
        ok ? job.getCounters().findCounter(TaskCounter.REDUCE_INPUT_RECORDS).getValue() : 0,
        millis, ok, ok ? job.getCounters().findCounter(CacheCounter.HITS).getValue() : 0,
        ok ? job.getCounters().findCounter(CacheCounter.BYTES_READ).getValue() : 0, phase,
        start, start + millis));
    SubJobRun run = runs.get(runs.size() - 1);
    if (!ok) {
      JobFailures.Failure why = JobFailures.of(job);
      LOG.info("Sub-job {} ({} of {}) failed after {} ms: {}", job.getJobID(), kind, output,
          millis, why.summary());
      throw new IOException("Recompute sub-job " + job.getJobID() + " (" + kind + " of "
          + output + ") failed: " + why.summary() + "; nothing was swapped in", why.cause());
    }
    LOG.info("Sub-job {} ({} of {}) succeeded in {} ms: {} records and {} bytes read, {} reduce"
        + " input records", job.getJobID(), kind, output, millis, run.mapInputRecords(),
        run.bytesRead(), run.reduceInputRecords());
  }

  private static SortedMap<String, String> recomputeParams(StagePlan plan,
      TreeSet<Integer> retired) {
    SortedMap<String, String> p = new TreeMap<>();
    p.put("reason", String.join("; ", plan.reasons()));
    if (!plan.remapSources().isEmpty()) {
      p.put("remapped.sources", joinInts(plan.remapSources()));
    }
    if (!retired.isEmpty()) {
      p.put("retired.sources", joinInts(retired));
    }
    if (!plan.partitions().isEmpty()) {
      p.put("partitions", joinInts(plan.partitions()));
    }
    return p;
  }

  private static String joinInts(Iterable<Integer> ints) {
    StringBuilder s = new StringBuilder();
    for (int i : ints) {
      if (s.length() > 0) {
        s.append(',');
      }
      s.append(i);
    }
    return s.toString();
  }

  /**
   * The sub-job's reducer j rebuilt partition {@code partitions.get(j)}: each of its parts, the
   * job's own part-r-j and every MultipleOutputs named output NAME-r-j, becomes the live part
   * of that partition (PartNames).
   */
  static List<Journal.Move> reduceMoves(FileSystem fs, Path output, Path staged,
      List<Integer> partitions) throws IOException {
    List<Journal.Move> moves = new ArrayList<>();
    for (FileStatus st : fs.listStatus(staged)) {
      String name = st.getPath().getName();
      if (!st.isFile() || !PartNames.isPart(name) || PartNames.isMap(name)) {
        continue;
      }
      int j = PartNames.task(name);
      if (j >= partitions.size()) {
        throw new IOException("Recompute sub-job wrote " + st.getPath() + " but ran only "
            + partitions.size() + " reducers");
      }
      String live = PartNames.withTask(name, partitions.get(j));
      moves.add(Journal.Move.of(fs.exists(new Path(output, live)) ? "replace" : "add", live,
          st.getPath().toString()));
    }
    moves.sort(Comparator.comparing(Journal.Move::live));
    return moves;
  }
}
