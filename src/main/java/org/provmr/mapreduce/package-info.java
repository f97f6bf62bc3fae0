/**
 * Capture: the public API a job author uses ({@code ProvenanceMapper}, {@code
 * ProvenanceReducer}, {@code ProvenanceJob}, the input/output formats, {@code
 * ProvenanceWritable}, the output committer) and its package-private runtime (tracing
 * contexts, the record writer, source sets, the map-side tracker).
 *
 * <p>Extension points for other packages are small interfaces here, so that capture knows
 * nothing of who uses them: {@code SourceIdentifiedSplit} (a split naming its source id),
 * {@code MapOutputFilter} (drops map output before the shuffle), {@code Delegator} (a class
 * that runs another, named in the configuration, which the lineage records) and {@code
 * ProvenanceJob.setRecomputed} (the lineage id and confidence a job stamps).
 *
 * <p>{@code JobFailures} tells any driver why a job failed: the failed task's exception, not
 * Hadoop's "NA" (its nested log4j appender is Hadoop's logging backend, wired in
 * log4j.properties).
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code lineage}, {@code store},
 * {@code io} (parts are read through its bounded framing), {@code openlineage} (the
 * committer's run events). Never
 * on {@code recompute}, {@code validate}, {@code wrap}, {@code cli} or {@code examples}
 * (ArchitectureTest).
 */
package org.provmr.mapreduce;
