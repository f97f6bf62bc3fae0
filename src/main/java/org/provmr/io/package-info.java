/**
 * Reading bytes that someone else controls: files from output directories, lineage stores,
 * alert directories and policy files, which whoever owns an output (or can write an alerts
 * directory) can craft. {@code UntrustedFiles} opens only regular files (no FIFO, device or
 * symbolic link) within a size limit; {@code UntrustedXml} parses configuration XML with no
 * DTD, entity or XInclude; {@code BoundedSequenceFileReader} frames SequenceFile records with
 * every length checked before it is allocated.
 *
 * <p>May depend on: Hadoop (file system, configuration, codecs), {@code conf}, the JDK. It is
 * below {@code store} and {@code mapreduce}, which read through it.
 */
package org.provmr.io;
