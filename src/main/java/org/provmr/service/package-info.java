/**
 * {@code provmr serve}: the long-running validator service (docs/service.md). Job-end
 * notifications and a periodic scan of configured roots feed a durable, idempotent journal;
 * bounded workers check each new or changed output (small ones in the service's own JVM),
 * hand outputs with findings to a sweep (validation job, recompute by policy, revalidation)
 * and publish results, status and Prometheus metrics over the JDK's HTTP server.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code io}, {@code store} (output locks, reading
 * {@code job.json}), {@code validate} (in-process checks). The sweep itself is handed in by
 * {@code cli} as an {@link org.provmr.service.OutputProcessor}, so this package never depends
 * on {@code cli} or {@code recompute}.
 */
package org.provmr.service;
