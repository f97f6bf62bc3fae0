/**
 * The Hadoop pieces of a recompute sub-job: {@code ManifestInputFormat} and {@code
 * ManifestSplit} (exactly the planned splits, keeping their original source ids), {@code
 * PartitionScope} and {@code ScopedPartitioner} (re-reduce only some partitions). They plug
 * into capture through its interfaces ({@code SourceIdentifiedSplit}, {@code
 * MapOutputFilter}).
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code store}, {@code mapreduce}.
 * Never on {@code recompute} itself (the planner and executor use these classes, not the
 * reverse).
 */
package org.provmr.recompute.mapreduce;
