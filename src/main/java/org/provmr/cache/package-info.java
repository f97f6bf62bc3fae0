/**
 * The map-output cache (docs/cache.md): map tasks keep their final, post-combiner output per
 * shuffle partition ({@code CachingCollector}, told the split's fingerprint through capture's
 * {@code MapOutputKeeper}), keyed by the split's bytes and the map step's identity ({@code
 * MapStepKey}); a recompute sub-job replays the cached segments of the partitions it
 * re-reduces instead of re-mapping unchanged splits ({@code CacheReplay}, {@code
 * ReplayingMapper}). Every entry is checksummed ({@code CacheEntry}: a CRC32 over its header,
 * Hadoop's IFile checksum over each segment); a bad or missing entry means re-mapping, never a
 * wrong result, and a cache that cannot be written never fails a job.
 *
 * <p>May depend on: Hadoop, {@code conf}, {@code store}, {@code mapreduce}. Never on {@code
 * recompute}, {@code validate}, {@code wrap} or {@code cli} (they use the cache, not the
 * reverse).
 */
package org.provmr.cache;
