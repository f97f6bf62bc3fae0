/**
 * Cadence: per source or family, the learned time to the next update (median and MAD of the
 * intervals, weekdays and the night of a sub-daily source without updates left out of the
 * clock), the prediction and whether a
 * source is fresh, due or overdue, each explainable by the observations behind it
 * (docs/prediction.md).
 *
 * <p>May depend on: Hadoop (configuration), {@code conf}, {@code history}, {@code store} (which
 * files an output read), the JDK. Never on
 * {@code validate}, {@code recompute} or {@code cli}.
 */
package org.provmr.cadence;
