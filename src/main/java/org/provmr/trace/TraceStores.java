package org.provmr.trace;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.RefusedException;
import org.provmr.recompute.ReplayConfiguration;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * The lineage stores one trace reads: each once, kept for the whole trace (the records and
 * parts it follows point into them, and a store is reached again for its other parts), within
 * {@link ProvenanceKeys#TRACE_MAX_STORE_ENTRIES}. Upstream links are the stores' word: a crafted
 * set of outputs can name as many upstream outputs as its stores' size allows, each with files
 * at provenance.read.max.metadata.bytes, and the trace held every one of them. Entries, not
 * file bytes: a binary store's entry can take 4 bytes of its file and 360 of the heap.
 */
final class TraceStores {
  private final Configuration conf;
  private final long maxEntries;
  private final Map<String, StoredJob> stores = new HashMap<>();
  private final Map<StoredJob, SplitSet.Index> indexes = new java.util.IdentityHashMap<>();
  private long entries;

  /** @throws BadConfigurationException if the budget is not a whole number of at least 1 */
  TraceStores(Configuration conf) {
    this.conf = conf;
    this.maxEntries = count(conf, ProvenanceKeys.TRACE_MAX_STORE_ENTRIES,
        ProvenanceKeys.TRACE_MAX_STORE_ENTRIES_DEFAULT);
  }

  /** {@code key} as a whole number of at least 1, or a usage error naming it. */
  static long count(Configuration conf, String key, String def) {
    long v;
    try {
      v = conf.getLong(key, Long.parseLong(def));
    } catch (NumberFormatException e) {
      v = 0;
    }
    if (v < 1) {
      throw new BadConfigurationException(key, conf.get(key), "a whole number of at least 1");
    }
    return v;
  }

  /** {@code key} as a byte size of at least 1, or a usage error naming it. */
  static long size(Configuration conf, String key, String def) {
    long v;
    try {
      v = ByteSizes.of(conf, key, def);
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(key, conf.get(key), "a size such as 4k or 256m");
    }
    if (v < 1) {
      throw new BadConfigurationException(key, conf.get(key), "a size of at least 1 byte");
    }
    return v;
  }

  /** The store of {@code output}, read on first use. */
  StoredJob of(Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    String k = fs.makeQualified(output).toString();
    StoredJob s = stores.get(k);
    if (s == null) {
      s = LineageStore.read(conf, output);
      long n = (long) s.sources().size() + s.parts().size();
      if (entries + n > maxEntries) {
        throw new IOException("The trace reached the lineage store of " + k + " (" + n
            + " entries) after " + stores.size() + " others (" + entries + " entries), more"
            + " than " + ProvenanceKeys.TRACE_MAX_STORE_ENTRIES + " (" + maxEntries + ") lets"
            + " one trace hold: trace fewer stages (--depth) or fewer records a stage"
            + " (--limit), or raise it, and the client heap with it");
      }
      SplitSet.checkPaths(s);
      stores.put(k, s);
      entries += n;
    }
    return s;
  }

  /**
   * {@code s}'s manifest by path, built once a store: self-contained headers name their split
   * by URI, and every record of a store reached built it again (a pass over the manifest each).
   */
  SplitSet.Index index(StoredJob s) {
    return indexes.computeIfAbsent(s, SplitSet.Index::new);
  }

  /**
   * The store of the upstream output a split belongs to. The split's file must lie directly in
   * it, and both inside the source roots: a store may not send the trace elsewhere.
   */
  StoredJob upstream(StoredJob s, SourceEntry e) throws IOException, RefusedException {
    Path file = new Path(e.uri());
    Path dir = new Path(e.upstream());
    if (file.getParent() == null || !file.getParent().toUri().getPath()
        .equals(dir.toUri().getPath())) {
      throw new IOException("Source " + e.id() + " of the lineage store of " + s.output()
          + " names " + e.uri() + " as a part of the upstream output " + e.upstream()
          + ", which it is not in");
    }
    ReplayConfiguration.checkSources(conf, s, List.of(e.uri(), e.upstream()), "trace");
    return of(dir);
  }
}
