package org.provmr.mapreduce;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A part file's dictionary of source sets: compact reduce records carry the id of their set
 * (usually one byte) and the dictionary goes to the lineage store when the part is closed.
 */
final class SourceSetDictionary {
  private final Map<SourceSet, Integer> ids = new HashMap<>();
  private final List<int[]> sets = new ArrayList<>();
  private final SourceSet union = new SourceSet();

  /** The id of this set, adding it on first sight. The probe is not retained. */
  int idOf(SourceSet probe) {
    Integer id = ids.get(probe);
    if (id != null) {
      return id;
    }
    SourceSet copy = new SourceSet();
    copy.copyFrom(probe);
    int next = sets.size();
    ids.put(copy, next);
    sets.add(copy.toArray());
    union.addAll(copy);
    return next;
  }

  /** Adds the sources of a map-side record, which are not kept as a dictionary entry. */
  void noteSource(int id) {
    union.add(id);
  }

  /** Entry i is the set with id i. */
  List<int[]> entries() {
    return sets;
  }

  /** Every source any record of the part came from. */
  int[] allSources() {
    return union.toArray();
  }
}
