package org.provmr.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;

/**
 * Finds outputs under the roots: directories holding {@code _SUCCESS} and a lineage store,
 * at most {@code depth} levels down, never descending into {@code _} or {@code .} directories
 * or into an output. Reads the job id of each store version once (a bounded read).
 */
final class OutputScanner {
  private final Configuration conf;
  private final int depth;
  private static final int MAX_CACHED = 100_000;
  private final Map<String, String> jobIds = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> upstreams = new ConcurrentHashMap<>();

  OutputScanner(Configuration conf, int depth) {
    this.conf = conf;
    this.depth = depth;
  }

  List<OutputIdentity> scan(List<Path> roots) throws IOException {
    List<OutputIdentity> found = new ArrayList<>();
    for (Path root : roots) {
      walk(root.getFileSystem(conf), root, 0, found);
    }
    return upstreamFirst(found);
  }

  /**
   * {@code found} with every output after the outputs of the list its lineage reads, so that
   * queuing them in this order lets the queue hold a downstream output back (a cycle, which
   * only a rewritten output can make, keeps the listing order).
   */
  List<OutputIdentity> upstreamFirst(List<OutputIdentity> found) {
    Map<String, OutputIdentity> byOutput = new LinkedHashMap<>();
    for (OutputIdentity id : found) {
      byOutput.put(id.output(), id);
    }
    List<OutputIdentity> ordered = new ArrayList<>(found.size());
    Set<String> placed = new HashSet<>();
    Set<String> visiting = new HashSet<>();
    for (OutputIdentity id : found) {
      place(id, byOutput, placed, visiting, ordered);
    }
    return ordered;
  }

  private void place(OutputIdentity id, Map<String, OutputIdentity> byOutput, Set<String> placed,
      Set<String> visiting, List<OutputIdentity> ordered) {
    if (placed.contains(id.output()) || !visiting.add(id.output())) {
      return;
    }
    for (String up : upstreams(id)) {
      OutputIdentity u = byOutput.get(up);
      if (u != null) {
        place(u, byOutput, placed, visiting, ordered);
      }
    }
    placed.add(id.output());
    ordered.add(id);
  }

  private void walk(FileSystem fs, Path dir, int level, List<OutputIdentity> found)
      throws IOException {
    OutputIdentity id = OutputIdentity.of(conf, dir);
    if (id != null) {
      found.add(id);
      return;
    }
    if (level >= depth) {
      return;
    }
    FileStatus[] children;
    try {
      children = fs.listStatus(dir);
    } catch (FileNotFoundException e) {
      return; // removed while we looked
    }
    for (FileStatus c : children) {
      String n = c.getPath().getName();
      if (c.isDirectory() && !UntrustedFiles.isLink(c) && !n.startsWith("_")
          && !n.startsWith(".")) {
        walk(fs, c.getPath(), level + 1, found);
      }
    }
  }

  /** The job id the output's lineage store records, or "" when it cannot be read. */
  String jobId(OutputIdentity id) {
    if (jobIds.size() > MAX_CACHED) {
      jobIds.clear(); // old versions of outputs: re-read the few still present
    }
    return jobIds.computeIfAbsent(id.output() + "\n" + id.identity(), k -> {
      Path store = new Path(id.output(), OutputIdentity.STORE);
      try {
        FileSystem fs = store.getFileSystem(conf);
        byte[] bytes = UntrustedFiles.readAll(fs, store, UntrustedFiles.maxMetadataBytes(conf),
            org.provmr.conf.ProvenanceKeys.READ_MAX_METADATA_BYTES);
        // Bounded nesting: any owner's store is read here, on the dispatcher, and a deep one
        // overflowed its stack, leaving every notification journaled for ever.
        JsonNode n = StoreJson.readTree(bytes);
        return n.path("jobId").asText("");
      } catch (IOException | RuntimeException e) {
        return ""; // the worker's validation reports an unreadable store
      }
    });
  }

  /**
   * The provenance outputs this version of {@code id} read (its store's sources' upstream
   * directories, qualified), read once per version; empty when it read raw data only or its
   * store cannot be read (the validation reports that).
   */
  Set<String> upstreams(OutputIdentity id) {
    if (upstreams.size() > MAX_CACHED) {
      upstreams.clear();
    }
    return upstreams.computeIfAbsent(id.output() + "\n" + id.identity(), k -> {
      Set<String> up = new TreeSet<>();
      try {
        StoredJob stored = LineageStore.read(conf, new Path(id.output()));
        for (SourceEntry s : stored.sources()) {
          if (s.upstream() != null && !s.upstream().isEmpty()) {
            Path p = new Path(s.upstream());
            up.add(p.getFileSystem(conf).makeQualified(p).toString());
          }
        }
      } catch (IOException | RuntimeException e) {
        return Set.of();
      }
      up.remove(id.output());
      return Set.copyOf(up);
    });
  }
}
