/**
 * The lineage model: {@code Lineage} (nested steps, upstream jobs included), {@code Step} and
 * {@code Stage}. Immutable values, no byte format (that is {@code header.LineageCodec}) and
 * no storage (that is {@code store}).
 *
 * <p>May depend on: the JDK only.
 */
package org.provmr.lineage;
