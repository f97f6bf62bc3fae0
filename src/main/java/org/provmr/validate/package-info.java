/**
 * Validation: the plan (work units over parts and source ranges), the validator MapReduce job,
 * the part and source checkers, alerts, counters and reports (docs/validation.md,
 * docs/alerts.md).
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code header}, {@code lineage}, {@code store},
 * {@code mapreduce} (to read provenance parts), {@code history} and {@code cadence} (staleness
 * against learned cadences, {@code CadenceCheck}). Never on {@code recompute} or {@code cli}.
 */
package org.provmr.validate;
