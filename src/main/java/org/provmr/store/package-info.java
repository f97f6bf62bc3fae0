/**
 * The lineage store, {@code <output>/_provenance/}: what a later validation or recompute needs
 * (job record and effective configuration, source manifest, parts, lineage table), its JSON
 * form and the fingerprints of source ranges. Everything read from a store is untrusted data:
 * {@code StoreConsistency} checks it against itself, and keyed mode ({@code KeyedMode},
 * {@code PartMac}, {@code StoreSeal}) authenticates parts and stores with HMAC-SHA256 under a
 * key from Hadoop's credential providers.
 *
 * <p>May depend on: Hadoop (file system, configuration), {@code header}, {@code lineage},
 * {@code conf}, {@code io} (store files are read as untrusted files).
 */
package org.provmr.store;
