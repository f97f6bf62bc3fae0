package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ranges give the same missing ids as a check id by id, for every encoding of a set. */
class IdRunsTest {
  @Test
  void missingIdsAreThoseACheckIdByIdFindsForDeltasRunsAndBitmaps() {
    Random r = new Random(42);
    for (int round = 0; round < 2000; round++) {
      int span = 1 + r.nextInt(round % 2 == 0 ? 64 : 5000);
      BitSet known = new BitSet();
      Set<Integer> sparse = new HashSet<>();
      double density = r.nextDouble();
      for (int id = 0; id < span; id++) {
        if (r.nextDouble() < density) {
          known.set(id);
        }
      }
      if (r.nextBoolean()) {
        sparse.add(Integer.MAX_VALUE - r.nextInt(3));
      }
      int[] ids = new int[r.nextInt(200)];
      double setDensity = r.nextDouble();
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextDouble() < setDensity ? r.nextInt(span + 10)
            : Integer.MAX_VALUE - r.nextInt(4);
      }
      SourceIds set = SourceIds.of(ids);
      List<Integer> expected = new ArrayList<>();
      set.forEach(id -> {
        if (!(known.get(id) || sparse.contains(id))) {
          expected.add(id);
        }
      });
      int list = r.nextInt(20);
      List<Integer> listed = new ArrayList<>();
      long missing = IdRuns.of(known, sparse).missing(set, list, listed::add);
      assertEquals(expected.size(), missing, set + " against " + known + sparse);
      assertEquals(expected.subList(0, Math.min(list, expected.size())), listed);
      Set<Integer> setBits = new HashSet<>();
      set.forEach(setBits::add);
      List<Integer> notInSet = new ArrayList<>();
      long outside = IdRuns.of(set).missing(SourceIds.of(known.stream().toArray()), 5,
          notInSet::add);
      assertEquals(known.stream().filter(id -> !setBits.contains(id)).count(), outside);
      assertEquals(known.stream().filter(id -> !setBits.contains(id)).limit(5).boxed().toList(),
          notInSet);
    }
  }

  /** Whether an id is in a set: the same answer as the set's own, for every encoding. */
  @Test
  void containsAgreesWithTheSetForDeltasRunsBitmapsAndTheLargestIds() {
    Random r = new Random(7);
    for (int round = 0; round < 500; round++) {
      int[] ids = new int[r.nextInt(300)];
      int span = 1 + r.nextInt(round % 2 == 0 ? 64 : 100_000);
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt(10) == 0 ? Integer.MAX_VALUE - r.nextInt(3) : r.nextInt(span);
      }
      SourceIds set = SourceIds.of(ids);
      IdRuns runs = IdRuns.of(set);
      for (int probe = 0; probe < 200; probe++) {
        int id = r.nextInt(8) == 0 ? Integer.MAX_VALUE - r.nextInt(4) : r.nextInt(span + 2);
        assertEquals(set.contains(id), runs.contains(id), set + " holds " + id);
      }
      assertEquals(false, runs.contains(-1));
    }
    // 2^31 ids in a few bytes: one range, asked in one search.
    IdRuns all = IdRuns.of(SourceIds.range(0, Integer.MAX_VALUE));
    assertEquals(true, all.contains(Integer.MAX_VALUE - 1));
    assertEquals(false, all.contains(Integer.MAX_VALUE));
  }
}
