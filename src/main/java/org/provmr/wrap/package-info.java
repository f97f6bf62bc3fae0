/**
 * Running unmodified third-party Mapper/Reducer/Partitioner classes under provenance ({@code
 * provmr wrap}): {@code WrappedJob} sets a job up, inferring and checking its types ({@code
 * WrappedTypes}); the {@code Delegating*} classes run the user's classes in the task over the
 * capture package's tracing contexts. Old-API classes run in {@code OldApiTasks}, Hadoop
 * Streaming jobs ({@code provmr streaming}) through {@code StreamingJob}/{@code StreamingWrap}.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code mapreduce}.
 */
package org.provmr.wrap;
