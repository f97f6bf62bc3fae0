package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.provmr.lineage.Lineage;

/**
 * A source set claims as many ids as the manifest in a handful of bytes (one or two runs), so
 * a crafted parts file can hold tens of thousands of distinct such sets, or parts, in under a
 * megabyte. Checking them must cost time in the bytes read, not in the ids claimed.
 */
class StoreConsistencyCostTest {
  private static final String CRC = "0badcafe";
  private static final int SOURCES = 1 << 16;
  private static final int CRAFTED = 40_000;
  private static final int CRAFTED_PARTS = 400_000;

  @Test
  void manyDistinctSetsEachClaimingTheWholeManifestAreCheckedInTimeOfTheirBytes() {
    List<SourceIds> sets = new ArrayList<>();
    for (int i = 1; i <= CRAFTED; i++) {
      sets.add(allBut(i));
    }
    sets.add(runs(0, SOURCES - 1)); // still a subset: no problem
    sets.add(withUnknown());
    StoredJob store = store(List.of(part("part-r-00000", SourceIds.range(0, SOURCES), sets)));
    List<StoreConsistency.Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> StoreConsistency.check(store));
    assertEquals(List.of("part part-r-00000: source set " + (CRAFTED + 1) + " names source "
        + SOURCES + ", which is not among the part's sources"),
        problems.stream().map(StoreConsistency.Problem::message).toList());
  }

  @Test
  void manyPartsEachClaimingTheWholeManifestAreCheckedInTimeOfTheirBytes() {
    List<PartEntry> parts = new ArrayList<>();
    for (int i = 1; i <= CRAFTED_PARTS; i++) {
      parts.add(part("part-r-" + i, allBut(1 + i % (SOURCES - 2)), List.of()));
    }
    parts.add(part("part-r-x", withUnknown(), List.of()));
    StoredJob store = store(parts);
    List<StoreConsistency.Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> StoreConsistency.check(store));
    assertEquals(1, problems.size(), problems::toString);
    assertTrue(problems.get(0).message().equals("part part-r-x: lists source " + SOURCES
        + ", which the source manifest (sources.json) does not have"), problems::toString);
  }

  /** Every id of the manifest but {@code hole}: two runs, seven bytes. */
  private static SourceIds allBut(int hole) {
    return runs(0, hole, hole + 1, SOURCES);
  }

  /** The manifest's ids but 0, and one id past it. */
  private static SourceIds withUnknown() {
    return runs(1, SOURCES + 1);
  }

  /** A RUNS encoding of {@code [start, end)} pairs, as a crafted store would hold it. */
  private static SourceIds runs(int... bounds) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream o = new DataOutputStream(b);
      o.writeByte(SourceIds.RUNS);
      SourceIds.writeVarint(o, bounds.length / 2);
      long end = 0;
      for (int i = 0; i < bounds.length; i += 2) {
        SourceIds.writeVarint(o, bounds[i] - end);
        SourceIds.writeVarint(o, bounds[i + 1] - bounds[i] - 1L);
        end = bounds[i + 1];
      }
      return SourceIds.decode(b.toByteArray());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static StoredJob store(List<PartEntry> parts) {
    List<SourceEntry> sources = new ArrayList<>();
    for (int id = 0; id < SOURCES; id++) {
      sources.add(new SourceEntry(id, "file:/in/a.txt", 0, 100, 1000, 1, "bytes", null, null,
          0, List.of(), null));
    }
    JobRecord job = new JobRecord(1, "job_1_0001", "wc", "u", 0, "compact", "crc32c",
        List.of("file:/in"), List.of(new LineageEntry(0, Lineage.empty())), null);
    return new StoredJob(new Path("file:/out"), job, sources, parts);
  }

  private static PartEntry part(String name, SourceIds sources, List<SourceIds> sets) {
    return new PartEntry(name, "attempt_1_0001_r_000000_0", 10, 500, "crc32c", CRC, "compact",
        0, 0, 90, sources, sets, null, 0, "nonce", null, 0, null);
  }
}
