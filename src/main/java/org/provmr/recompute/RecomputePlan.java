package org.provmr.recompute;

import java.util.List;

/**
 * What a recompute run will do, decided before anything runs: the stages to recompute in
 * topological order, and what is deferred or refused and why. {@code --dry-run} prints it.
 *
 * @param stages the stages to recompute, upstream before downstream
 * @param deferred findings that are reported but not acted upon, with the reason
 */
public record RecomputePlan(List<StagePlan> stages, List<Deferred> deferred) {

  public RecomputePlan {
    stages = List.copyOf(stages);
    deferred = List.copyOf(deferred);
  }

  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /**
   * The recomputation of one job's output.
   *
   * @param output the output directory (qualified URI)
   * @param mapOnly whether the job had no reduce phase
   * @param remapSources map-only: source ids whose recorded split is re-mapped as it was
   * @param changedFiles source files to re-split and re-map (their old splits are retired)
   * @param partitions map+reduce: the reduce partitions known to be affected
   * @param resyncUpstream whether to diff the inputs against the manifest at run time because
   *     an upstream stage of this plan replaces parts this job read
   * @param criticality of the policy rule that chose this work
   * @param reasons one line per trigger: alert type, subject and alert id
   * @param plannedBytes source bytes the sub-jobs will read (estimate from the manifest)
   * @param fullRerunBytes source bytes a full rerun of the job reads
   * @param census map+reduce: whether a census finds the partitions new content feeds (not
   *     when every partition is re-reduced anyway)
   * @param choice why the planner re-reduces every partition instead of the targeted plan
   *     (its cost estimate), or empty when it kept the targeted plan
   * @param appendedFiles source files that grew after capture: only the bytes after the
   *     recorded end are split and mapped, the recorded splits are kept
   */
  public record StagePlan(String output, boolean mapOnly, List<Integer> remapSources,
      List<String> changedFiles, List<Integer> partitions, boolean resyncUpstream,
      RecomputePolicy.Criticality criticality, List<String> reasons, long plannedBytes,
      long fullRerunBytes, boolean census, String choice, List<String> appendedFiles) {

    public StagePlan {
      remapSources = List.copyOf(remapSources);
      changedFiles = List.copyOf(changedFiles);
      partitions = List.copyOf(partitions);
      reasons = List.copyOf(reasons);
      appendedFiles = List.copyOf(appendedFiles);
    }

    /** Sub-jobs this stage runs: one, plus a partition census when sources changed. */
    public int jobs() {
      return 1 + (census ? 1 : 0);
    }
  }

  /** A finding or stage that is not recomputed in this run, and why. */
  public record Deferred(String output, String subject, String reason) {
  }
}
