/**
 * The {@code provmr} commands: one dispatcher ({@code ProvMR}) and one Hadoop Tool per
 * command. Commands are thin: parse options, load classes, call the library, print.
 *
 * <p>May depend on: every other ProvMR package; nothing depends on it.
 */
package org.provmr.cli;
