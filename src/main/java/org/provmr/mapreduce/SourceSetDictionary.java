package org.provmr.mapreduce;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.provmr.store.SourceIds;

/**
 * A part file's dictionary of source sets: compact reduce records carry the id of their set
 * (usually one byte) and the dictionary goes to the lineage store when the part is closed.
 *
 * <p>The precision policy: sets are kept exactly until their encoded bytes reach the budget
 * ({@code provenance.capture.sourcesets.max.bytes}); from then on a record whose set is not
 * already in the dictionary gets the <em>summary</em> entry, the union of every source of the
 * part, which is sound (a superset) and costs the same header bytes. The store marks that
 * entry (PartEntry.summarySet), and the exact inputs of such a record are found by replay.
 * The dictionary, and the task's memory for it, stop growing at the budget.
 */
final class SourceSetDictionary {
  private final Map<SourceSet, Integer> ids = new HashMap<>();
  private final List<SourceIds> sets = new ArrayList<>();
  private final SourceSet union = new SourceSet();
  // The source noteSource added last (-1: none yet).
  private int lastNoted = -1;
  private final long budgetBytes;
  private long bytes;
  private int summaryId = -1;
  private long summarized;
  // The exact entries by id (null at the summary's), and the last one looked up: a reducer
  // writes runs of records with one set (every record of a key), and a hit here costs one
  // array compare instead of SourceSet.hashCode and a map look-up (the writer's profile,
  // bench/README.md). It refers to the dictionary's own copy, never to a caller's probe.
  private final List<SourceSet> keys = new ArrayList<>();
  private SourceSet last;
  private int lastId;
  // Exact entries of one source, by source id (entry id + 1; 0: not seen): most reduce records
  // have one source, and an output-heavy reduce alternates between them (a sort's keys come
  // from every map in turn), which the last-hit check misses and this array read does not.
  private static final int MAX_SINGLE_SOURCE = 1 << 16;
  private int[] singles = new int[0];

  SourceSetDictionary(long budgetBytes) {
    this.budgetBytes = budgetBytes;
  }

  /** The id of this set, adding it on first sight. The probe is not retained. */
  int idOf(SourceSet probe) {
    if (last != null && last.equals(probe)) {
      return lastId;
    }
    if (probe.size() == 1) {
      int source = probe.get(0);
      if (source >= 0 && source < singles.length && singles[source] != 0) {
        return singles[source] - 1;
      }
    }
    Integer id = ids.get(probe);
    if (id != null) {
      last = keys.get(id);
      lastId = id;
      return id;
    }
    union.addAll(probe); // an exact entry's sources were added when it was
    if (summaryId >= 0) {
      summarized++;
      return summaryId;
    }
    SourceIds exact = SourceIds.of(probe.toArray());
    if (bytes + exact.encodedLength() + 1 > budgetBytes) {
      summaryId = sets.size();
      sets.add(null); // filled with the part's sources at the end
      keys.add(null);
      summarized++;
      return summaryId;
    }
    SourceSet copy = new SourceSet();
    copy.copyFrom(probe);
    int next = sets.size();
    ids.put(copy, next);
    sets.add(exact);
    keys.add(copy);
    last = copy;
    lastId = next;
    bytes += exact.encodedLength() + 1;
    if (copy.size() == 1 && copy.get(0) >= 0 && copy.get(0) < MAX_SINGLE_SOURCE) {
      int source = copy.get(0);
      if (source >= singles.length) {
        singles = Arrays.copyOf(singles, Math.max(source + 1, singles.length * 2));
      }
      singles[source] = next + 1;
    }
    return next;
  }

  /** Adds the sources of a map-side record, which are not kept as a dictionary entry. */
  void noteSource(int id) {
    if (id != lastNoted) { // a map task's records mostly share one source: skip the search
      union.add(id);
      lastNoted = id;
    }
  }

  /** Entry i is the set with id i; the summary entry (if any) is every source of the part. */
  List<SourceIds> entries() {
    List<SourceIds> out = new ArrayList<>(sets);
    if (summaryId >= 0) {
      out.set(summaryId, allSources());
    }
    return out;
  }

  /** The id of the summary entry, or null when every set is exact. */
  Integer summaryId() {
    return summaryId < 0 ? null : summaryId;
  }

  /** Records that got the summary entry. */
  long summarizedRecords() {
    return summarized;
  }

  /** Every source any record of the part came from. */
  SourceIds allSources() {
    return SourceIds.of(union.toArray());
  }
}
