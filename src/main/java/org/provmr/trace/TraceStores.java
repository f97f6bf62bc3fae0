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
import org.provmr.store.StoreFiles;
import org.provmr.store.StoredJob;

/**
 * The lineage stores one trace reads: each once, kept for the whole trace (the records and
 * parts it follows point into them, and a store is reached again for its other parts), within
 * {@link ProvenanceKeys#TRACE_MAX_STORE_BYTES}. Upstream links are the stores' word: a crafted
 * set of outputs can name as many upstream outputs as its stores' size allows, each with files
 * at provenance.read.max.metadata.bytes, and the trace held every one of them.
 */
final class TraceStores {
  private final Configuration conf;
  private final long maxBytes;
  private final Map<String, StoredJob> stores = new HashMap<>();
  private long bytes;

  /** @throws BadConfigurationException if the budget is not a size of at least one byte */
  TraceStores(Configuration conf) {
    this.conf = conf;
    this.maxBytes = size(conf, ProvenanceKeys.TRACE_MAX_STORE_BYTES,
        ProvenanceKeys.TRACE_MAX_STORE_BYTES_DEFAULT);
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
      StoreFiles files = LineageStore.readFiles(conf, output);
      if (bytes + files.bytes() > maxBytes) {
        throw new IOException("The trace reached the lineage store of " + k + " ("
            + files.bytes() + " bytes) after " + stores.size() + " others (" + bytes
            + " bytes), more than " + ProvenanceKeys.TRACE_MAX_STORE_BYTES + " (" + maxBytes
            + " bytes) lets one trace hold: trace fewer stages (--depth) or fewer records"
            + " a stage (--limit), or raise it, and the client heap with it");
      }
      s = files.parseChecked();
      SplitSet.checkPaths(s);
      stores.put(k, s);
      bytes += files.bytes();
    }
    return s;
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
