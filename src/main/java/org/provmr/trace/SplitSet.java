package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;

/**
 * The split ids a reduce record's header names, resolved through the store model's accessors
 * only. The replay works from "a set of split ids" and filters by key itself, so a set that a
 * store keeps coarser than exact (say, every split that fed the record's partition) yields the
 * same input records, only after reading more splits.
 */
final class SplitSet {
  private SplitSet() {
  }

  /** The contributing split ids of a reduce record, sorted; empty when none can be told. */
  static int[] of(ProvenanceHeader h, StoredJob store, PartEntry part) {
    return of(h, store, part, null);
  }

  /** The same, with {@code store}'s manifest indexed already (null: indexed here). */
  static int[] of(ProvenanceHeader h, StoredJob store, PartEntry part, Index manifest) {
    if (h.selfContained()) {
      // A header may name millions of ranges: index the manifest, and a set for the ids.
      Index index = manifest != null ? manifest : new Index(store);
      TreeSet<Integer> ids = new TreeSet<>();
      for (SourceRef r : h.sources()) {
        SourceEntry e = index.entry(r);
        if (e != null) {
          ids.add(e.id());
        }
      }
      return ids.stream().mapToInt(Integer::intValue).toArray();
    }
    if (!h.sourceSet()) {
      return new int[] {h.sourceId()};
    }
    List<SourceIds> sets = part.sourceSets();
    if (h.sourceSetId() < 0 || h.sourceSetId() >= sets.size()) {
      throw new IllegalArgumentException("The record's source set " + h.sourceSetId()
          + " is not in the dictionary of " + part.name() + " in the lineage store of "
          + store.output() + " (" + sets.size() + " sets): the store and the part disagree;"
          + " validate the output");
    }
    SourceIds set = sets.get(h.sourceSetId());
    checkDecodable(set, store, part);
    int[] ids = set.toArray(); // a summarized set: every split of the part
    Arrays.sort(ids);
    return ids;
  }

  /**
   * Whether a part's records carry one exact source range each (map-side output) rather than
   * sets of splits (reduce output).
   */
  static boolean mapSide(PartEntry part) {
    return part.sourceSets().isEmpty();
  }

  /**
   * The manifest's entries by file path, each list in manifest order, built once: finding a
   * reference's entry by parsing every entry's URI, for every record, made a store padded
   * with 20,000 entries cost 36 GB of allocation for a part of 1,300 records.
   */
  static final class Index {
    private final Map<String, List<SourceEntry>> byPath = new HashMap<>();

    Index(StoredJob store) {
      for (SourceEntry e : store.sources()) {
        byPath.computeIfAbsent(new Path(e.uri()).toUri().getPath(), k -> new ArrayList<>())
            .add(e);
      }
    }

    /** The first entry (in manifest order) of the reference's file that holds its range. */
    SourceEntry entry(SourceRef r) {
      for (SourceEntry e : byPath.getOrDefault(new Path(r.uri()).toUri().getPath(),
          List.of())) {
        if (r.offset() >= e.start() && r.offset() + r.length() <= e.start() + e.length()) {
          return e;
        }
      }
      return null;
    }
  }

  /**
   * Refuses a store whose source URIs or upstream outputs are not paths ({@code ""},
   * {@code a:b:c}): found before the walk, the error names the store, the source and the value
   * instead of surfacing as Hadoop's bare IllegalArgumentException wherever a path is made.
   */
  static void checkPaths(StoredJob s) throws IOException {
    for (SourceEntry e : s.sources()) {
      for (String v : Arrays.asList(e.uri(), e.upstream())) {
        try {
          if (v != null || e.uri() == null) {
            new Path(v);
          }
        } catch (IllegalArgumentException x) {
          String shown = v == null || v.length() <= 200 ? v : v.substring(0, 200) + "...";
          throw new IOException("Source " + e.id() + " in the lineage store of " + s.output()
              + " names '" + shown + "', which is not a path (" + x.getMessage() + "): the"
              + " store is damaged; validate the output");
        }
      }
    }
  }

  /**
   * Refuses a set of more ids than the store's manifest holds before it is decoded: a dozen
   * bytes of a crafted store can claim 2^31 ids, an 8 GiB array.
   */
  static void checkDecodable(SourceIds set, StoredJob s, PartEntry p) {
    if (set.cardinality() > s.sources().size()) {
      throw new IllegalArgumentException("Part " + p.name() + " in the lineage store of "
          + s.output() + " lists " + set.cardinality() + " sources, more than the "
          + s.sources().size() + " of its manifest: the store is damaged; validate the output");
    }
  }
}
