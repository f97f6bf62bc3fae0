/**
 * Source history: what capture, validation, sweeps and {@code provmr sources} observed of each
 * source file (path, length, modification time, fingerprint), kept per source family in a
 * bounded store under {@code provenance.history.dir} that many writers may append to at once
 * (docs/prediction.md). {@code FamilyRule} groups files that belong together
 * ({@code /logs/2026-11-30/part-00000} and its siblings).
 *
 * <p>May depend on: Hadoop (file system, configuration), {@code conf}, {@code io}, the JDK.
 * Never on {@code validate}, {@code recompute}, {@code cadence} or {@code cli}.
 */
package org.provmr.history;
