/**
 * The provenance header: its model ({@code ProvenanceHeader}, {@code SourceRef},
 * {@code Confidence}), its byte format and codec ({@code HeaderCodec}, {@code LineageCodec},
 * framing, varints) and the payload checksums. Plain Java: no Hadoop types, so the format can
 * be read by any consumer and tested without a cluster (docs/header-format.md).
 *
 * <p>May depend on: {@code org.provmr.lineage} (the lineage a self-contained header inlines)
 * and the JDK. Nothing else.
 */
package org.provmr.header;
