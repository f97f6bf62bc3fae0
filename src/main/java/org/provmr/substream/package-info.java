/**
 * Confidence and age sub-streams (docs/substreams.md): the key ({@link
 * org.provmr.substream.SubstreamKey}), ProvMR's routing component ({@link
 * org.provmr.substream.SubstreamRouter}, an {@code org.provmr.mapreduce.OutputRouter} capture
 * asks for each record's sub-stream at write time) and the ages of a job's sources.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code store}, {@code mapreduce}.
 */
package org.provmr.substream;
