/**
 * OpenLineage: ProvMR's runs as OpenLineage RunEvents (START, COMPLETE, FAIL), with datasets
 * named as OpenLineage names file and HDFS datasets, the lineage steps as a job facet and
 * ProvMR's figures as a custom run facet (schema: docs/openlineage/ProvMRFacets.json), sent
 * over HTTP (Marquez-compatible) or appended to a file. Off unless configured; a failure to
 * send is logged, never thrown (docs/openlineage.md).
 *
 * <p>May depend on: Hadoop ({@code Configuration}, {@code Path}), Jackson (Hadoop's own),
 * {@code conf}, {@code lineage} and the JDK. Nothing else of ProvMR, so capture, validation
 * and recomputation can all emit through it.
 */
package org.provmr.openlineage;
