package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * The store is read again at recompute time, after the validation whose alerts drive it: an
 * owner who rewrites it in between so that the damaged part claims 2^31 sources (a dozen bytes)
 * gets that finding deferred, not a recompute that runs out of memory planning it.
 */
class CraftedStoreRecomputeTest {
  @TempDir
  Path tmp;

  @Test
  void partClaimingTwoBillionSourcesAfterValidationIsDeferredAndNothingChanges()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path grep = Outputs.damagedAndValidatedGrep(conf, tmp);

    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(grep.toUri());
    StoredJob s = LineageStore.read(conf, out);
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      parts.add(StoreEdits.withSources(p, huge, p.sourceSets()));
    }
    LineageStore.write(FileSystem.getLocal(conf), out, s.job(), s.sources(), parts, null);
    Map<String, Integer> before = Outputs.snapshot(grep);

    Run r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> TestData.provmr(conf,
        "recompute", "--alerts", tmp.resolve("alerts").toString()));
    // Exit 0 with the finding deferred, as for a store_inconsistent alert (docs/recompute.md).
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("deferred " + out.toUri().getScheme() + ":")
        && r.out().contains("part-m-00000 lists " + Integer.MAX_VALUE + " sources, more than"
        + " the 2 of its manifest; validate it again"), r.out() + r.err());
    assertEquals(before, Outputs.snapshot(grep), "nothing staged or swapped");
  }
}
