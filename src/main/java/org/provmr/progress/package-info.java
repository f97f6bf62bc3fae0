/**
 * What a long command shows while its jobs run, the way Hadoop users expect from
 * {@code waitForCompletion(true)}: the job id and tracking URL as soon as a job is submitted,
 * map and reduce progress while it runs, and a counter summary at the end ({@code JobProgress}).
 *
 * <p>May depend on: Hadoop's MapReduce client API and the JDK. Nothing of ProvMR, so capture,
 * validation and recomputation can all report through it.
 */
package org.provmr.progress;
