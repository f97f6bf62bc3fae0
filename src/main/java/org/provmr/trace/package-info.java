/**
 * Lineage queries over committed outputs: {@code Tracer} walks one output record back through
 * every upstream stage (nested lineage stores) to source files and byte ranges, and for reduce
 * output can replay the recorded map step over the record's contributing splits to list the
 * exact input records ({@code SplitReplay}, {@code ReduceCheck}); {@code ImpactAnalysis} walks
 * the other way, from a source file or byte range to every output, part and (map-only) record
 * that depends on it. Everything read from an output is untrusted: stores through
 * {@code LineageStore}, parts through the bounded {@code ProvenanceFileReader}, sources only
 * inside provenance.validate.source.roots, classes only through recompute's allow-list.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code lineage}, {@code io},
 * {@code store}, {@code mapreduce} (reading parts), {@code recompute} (only
 * {@code ReplayConfiguration}: the allow-list, replay keys and source fence). Never on
 * {@code cli}.
 */
package org.provmr.trace;
