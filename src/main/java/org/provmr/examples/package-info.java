/**
 * The built-in example jobs with provenance (wordcount, grep, topk, each a Tool like Hadoop's
 * TeraSort) and the deterministic sample text generator.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code mapreduce}, {@code store}, {@code cache}.
 */
package org.provmr.examples;
