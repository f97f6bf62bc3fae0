package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;

/** Banding a run at a time gives what banding id by id gave, for every encoding of a set. */
class MtimeRangesTest {
  private static final long NOW = 1_800_000_000_000L;
  private static final long[] AGES = {-1, 1000, 7_200_000L, 2 * 86_400_000L, 30 * 86_400_000L};

  @Test
  void bandsByRangeEqualBandsIdById() {
    Random r = new Random(7);
    for (int round = 0; round < 2000; round++) {
      int span = 1 + r.nextInt(300);
      List<SourceEntry> sources = new ArrayList<>();
      int ages = 1 + r.nextInt(AGES.length);
      for (int id = 0; id < span; id++) {
        if (r.nextInt(4) > 0) {
          long age = AGES[r.nextInt(ages)];
          sources.add(new SourceEntry(id, "file:/in/f", 0, 10, 10, age < 0 ? -1 : NOW - age,
              "bytes", null, null, 0, List.of(), null));
        }
      }
      AgeHistogram h = AgeHistogram.of(new Configuration(false), NOW, sources);
      int[] ids = new int[r.nextInt(60)];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt(10) == 0 ? Integer.MAX_VALUE - r.nextInt(3) : r.nextInt(span + 5);
      }
      SourceIds set = r.nextBoolean() ? SourceIds.of(ids)
          : SourceIds.range(r.nextInt(span), span + r.nextInt(100));
      int[] seen = {Integer.MIN_VALUE};
      long[] newest = {0};
      set.forEach(id -> {
        int b = h.band(id);
        seen[0] = seen[0] == Integer.MIN_VALUE || seen[0] == b ? b : AgeHistogram.MIXED;
        for (SourceEntry s : sources) {
          newest[0] = s.id() == id ? Math.max(newest[0], s.modificationTime()) : newest[0];
        }
      });
      int expected = seen[0] == Integer.MIN_VALUE ? AgeHistogram.UNKNOWN : seen[0];
      assertEquals(expected, h.partBand(new PartEntry("part-r-00000", "a", 1, 1, "crc32c",
          "00ff00ff", "compact", 0, 0, 0, set, List.of(), null, 0, "n", null, 0, null)),
          set + " over " + sources.size() + " sources");
      int newestBand = newest[0] <= 0 ? AgeHistogram.UNKNOWN
          : h.band(sources.stream().filter(s -> s.modificationTime() == newest[0])
              .findFirst().orElseThrow().id());
      assertEquals(newestBand, h.band(set), set::toString);
    }
  }
}
