package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * {@code provmr trace} on an output whose owner rewrote its store so that every source set of
 * a part claims 2^31 ids (a dozen bytes each): a clear error naming the store, not an
 * OutOfMemoryError from decoding the set.
 */
class CraftedStoreTraceTest {
  @TempDir
  Path tmp;
  private Configuration conf;

  @org.junit.jupiter.api.BeforeEach
  void conf() {
    conf = TestData.localConf(tmp);
  }

  @Test
  void sourceSetClaimingTwoBillionIdsFailsNamingTheStoreAndTheFix() throws Exception {
    org.apache.hadoop.fs.Path out = craftedOutput();
    TestData.Run trace = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> TestData.provmr(conf, "trace", out.toString(), "--part", "part-r-00000",
            "--record", "0"));
    assertEquals(1, trace.exitCode(), trace.out() + trace.err());
    assertTrue(trace.err().contains(Integer.MAX_VALUE + " sources")
        && trace.err().contains(out.toUri().getPath()) && trace.err().contains("validate"),
        trace.err());
  }

  @Test
  void validatingTheSameStoreReportsItInconsistentForEverySubstreamSelection()
      throws Exception {
    org.apache.hadoop.fs.Path out = craftedOutput();
    for (String substream : List.of("all", "main")) {
      String alerts = tmp.resolve("alerts-" + substream).toUri().toString();
      TestData.Run v = assertTimeoutPreemptively(Duration.ofSeconds(120),
          () -> TestData.provmr(conf, "validate", "--substream", substream, "--alerts",
              alerts, "--output", out.toString()));
      assertEquals(3, v.exitCode(), substream + ": " + v.out() + v.err());
      assertTrue((v.out() + v.err()).contains("store_inconsistent"), v.out() + v.err());
    }
  }

  /** A wordcount output whose store gives every part 2^31 sources and source sets of them. */
  private org.apache.hadoop.fs.Path craftedOutput() throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    TestData.Run run = TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    StoredJob s = LineageStore.read(conf, out);
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      parts.add(StoreEdits.withSources(p, huge,
          Collections.nCopies(p.sourceSets().size(), huge)));
    }
    LineageStore.write(FileSystem.getLocal(conf), out, s.job(), s.sources(), parts, null);
    return out;
  }
}
