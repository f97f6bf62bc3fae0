/**
 * Recompute: alerts and policies in, the smallest re-computation out. {@code Planner} returns a
 * {@code RecomputePlan} (a value a test asserts on, printed by a dry run); {@code
 * StageExecutor} runs it as sub-jobs with the recorded configuration; {@code RecomputeCommit}
 * swaps the result in through a journal (docs/recompute.md).
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code lineage}, {@code store},
 * {@code mapreduce}, {@code validate} (alert types, revalidation), {@code
 * recompute.mapreduce}, {@code wrap} (only to read which jars a wrapped job recorded),
 * {@code progress} (sub-job progress), {@code history} (corruption counts for escalation),
 * {@code cache} (replaying cached map output). Never
 * on {@code cli}.
 */
package org.provmr.recompute;
