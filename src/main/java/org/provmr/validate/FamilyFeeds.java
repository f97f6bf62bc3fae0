package org.provmr.validate;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/**
 * Which of some source families (the late ones of a cadence check) fed each part of one
 * output, for all the families at once: one pass over the sources (the family of a file asked
 * once), then each distinct source set of the parts walked once against the families' runs of
 * ids. Asking for each family in turn cost families × (sources + parts) and gave an alert per
 * family and part: a crafted store of 10,000 families feeding 10,000 parts, a hundred million.
 * A set's walk stops after {@value #WALK} runs of the families' ids, so a crafted set costs at
 * most that; the feed then says there were more. A feed keeps {@value #NAMED} families' names
 * and a count, whatever the number of families.
 */
final class FamilyFeeds {
  /** Runs of ids looked at per distinct source set. */
  static final int WALK = 1024;
  /** Families a feed names (the first and eight more); the rest are counted. */
  static final int NAMED = 9;

  /**
   * The families that fed a part.
   *
   * @param part the part
   * @param first the lowest id of theirs the part read (the finding's DataID)
   * @param named the first {@value #NAMED} families, in the order of their ids in the part's
   *     sources
   * @param families how many families
   * @param more whether the walk stopped before the end (there may be more families)
   */
  record Feed(PartEntry part, SourceEntry first, List<String> named, int families,
      boolean more) {
  }

  /** A run {@code [start, end]} of consecutive ids of one family. */
  private record Run(int start, int end, int family) {
  }

  /** What a walk over a source set found, without the part. */
  private record Found(int first, int[] named, int families, boolean more) {
  }

  private final LoadedOutput output;
  private final List<String> names = new ArrayList<>();
  private final TreeMap<Integer, Run> runs = new TreeMap<>();

  private FamilyFeeds(LoadedOutput output) {
    this.output = output;
  }

  /**
   * @param familyOf a source file's family if it is one of those asked about, else null
   */
  static FamilyFeeds of(LoadedOutput output, Function<String, String> familyOf) {
    FamilyFeeds f = new FamilyFeeds(output);
    Map<String, Integer> index = new HashMap<>();
    long[] ids = new long[64]; // id << 32 | family: a long a source, sorted as one
    int n = 0;
    String last = null;
    int lastFamily = -1;
    for (SourceEntry s : output.job.sources()) {
      if (s.uri() == null || s.id() < 0) {
        continue;
      }
      if (!s.uri().equals(last)) { // a file's splits are consecutive: one rule a file
        last = s.uri();
        String family = familyOf.apply(s.uri());
        lastFamily = family == null ? -1 : index.computeIfAbsent(family, k -> {
          f.names.add(k);
          return f.names.size() - 1;
        });
      }
      if (lastFamily >= 0) {
        if (n == ids.length) {
          ids = Arrays.copyOf(ids, n * 2);
        }
        ids[n++] = (long) s.id() << 32 | lastFamily;
      }
    }
    // Ids of a crafted store may come in any order or twice (the lower family kept).
    Arrays.sort(ids, 0, n);
    Run open = null;
    for (int i = 0; i < n; i++) {
      int id = (int) (ids[i] >>> 32);
      int family = (int) ids[i];
      if (open != null && id <= open.end()) {
        continue;
      }
      if (open != null && id == open.end() + 1 && family == open.family()) {
        open = new Run(open.start(), id, family);
      } else {
        open = new Run(id, id, family);
      }
      f.runs.put(open.start(), open);
    }
    return f;
  }

  /** The parts fed by the families, in the store's order (a name once). */
  List<Feed> parts() {
    List<Feed> fed = new ArrayList<>();
    if (runs.isEmpty()) {
      return fed;
    }
    Map<SourceIds, Found> bySet = new HashMap<>();
    Set<String> done = new HashSet<>();
    for (PartEntry p : output.job.parts()) {
      // A map-only output's part depends on its own split even when the part is empty.
      int task = output.task(p);
      Found w = task >= 0 && runAt(task) != null ? walk(p.sources(), task)
          : bySet.computeIfAbsent(p.sources(), set -> walk(set, -1));
      if (w.first() >= 0 && done.add(p.name())) {
        List<String> named = new ArrayList<>(w.named().length);
        for (int i : w.named()) {
          named.add(names.get(i));
        }
        fed.add(new Feed(p, output.source(w.first()), named, w.families(), w.more()));
      }
    }
    return fed;
  }

  private Run runAt(int id) {
    Map.Entry<Integer, Run> e = runs.floorEntry(id);
    return e != null && e.getValue().end() >= id ? e.getValue() : null;
  }

  /** Walks {@code set} and the id {@code extra} (-1: none), in the order of ids. */
  private Found walk(SourceIds set, int extra) {
    Walk w = new Walk();
    long[] pending = {extra};
    set.forEachRun((start, end) -> {
      if (pending[0] >= 0 && pending[0] < end) {
        if (pending[0] < start) {
          w.run(pending[0], pending[0] + 1);
        }
        pending[0] = -1;
      }
      w.run(start, end);
    });
    if (pending[0] >= 0) {
      w.run(pending[0], pending[0] + 1);
    }
    int[] named = new int[Math.min(NAMED, w.families.size())];
    int i = 0;
    for (Integer f : w.families) {
      if (i == named.length) {
        break;
      }
      named[i++] = f;
    }
    return new Found(w.first, named, w.families.size(), w.more);
  }

  /** A walk over one source set: at most {@link #WALK} runs, whatever the set. */
  private final class Walk {
    int first = -1;
    final Set<Integer> families = new LinkedHashSet<>();
    int looked;
    boolean more;

    void run(long start, long end) {
      if (more || start > Integer.MAX_VALUE) {
        return;
      }
      int from = (int) start;
      Run r = runAt(from);
      Map.Entry<Integer, Run> e = r != null ? Map.entry(r.start(), r) : runs.ceilingEntry(from);
      while (e != null && e.getKey() < end) {
        if (looked++ == WALK) {
          more = true;
          return;
        }
        Run run = e.getValue();
        if (first < 0) {
          first = Math.max(run.start(), from);
        }
        families.add(run.family());
        e = runs.higherEntry(run.start());
      }
    }
  }
}
