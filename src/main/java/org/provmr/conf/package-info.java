/**
 * Operator configuration: {@code ProvenanceKeys} (every key an operator sets, with its
 * default and reason, mirrored in conf/provmr-default.xml; its initializer registers
 * provmr-default.xml and provmr-site.xml), {@code BadConfigurationException}, and
 * {@code Glob}, the one glob of ProvMR's settings (over Hadoop's {@code GlobPattern}).
 *
 * <p>May depend on: Hadoop's {@code Configuration} and {@code GlobPattern} (with the re2j
 * exception it throws), and the JDK.
 */
package org.provmr.conf;
