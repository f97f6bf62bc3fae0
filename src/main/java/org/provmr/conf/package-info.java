/**
 * Operator configuration: {@code ProvenanceKeys} (every key an operator sets, with its
 * default and reason, mirrored in conf/provmr-default.xml; its initializer registers
 * provmr-default.xml and provmr-site.xml) and {@code BadConfigurationException}.
 *
 * <p>May depend on: Hadoop's {@code Configuration} and the JDK.
 */
package org.provmr.conf;
