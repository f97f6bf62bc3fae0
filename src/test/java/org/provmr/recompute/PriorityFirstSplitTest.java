package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.mapreduce.ManifestInputFormat.Entry;
import org.provmr.store.LineageStore;
import org.provmr.testing.TestData;

/**
 * Which splits of a recompute sub-job go to the priority phase: parts in a sub-stream directory
 * of an output with a lineage store, only when there are other splits too and the key is on.
 */
class PriorityFirstSplitTest {
  @TempDir
  Path tmp;

  private Entry entry(int id, String relative) throws Exception {
    Path f = tmp.resolve(relative);
    Files.createDirectories(f.getParent());
    Files.writeString(f, "x");
    return new Entry(id, f.toUri().toString(), 0, 1);
  }

  private void output(String name) throws Exception {
    Path store = tmp.resolve(name).resolve(LineageStore.DIR).resolve(LineageStore.JOB_FILE);
    Files.createDirectories(store.getParent());
    Files.writeString(store, "{}");
  }

  @Test
  void subStreamPartsOfAnOutputGoFirstAndEverythingElseAfter() throws Exception {
    output("wc");
    Entry main = entry(0, "wc/part-r-00000");
    Entry priority = entry(1, "wc/priority/part-r-00001");
    Entry band = entry(2, "wc/age-1d/part-r-00002");
    Entry notAnOutput = entry(3, "plain/priority/part-r-00000"); // no store above it
    Entry file = entry(4, "text/priority.txt");
    Configuration conf = TestData.localConf(tmp);
    PriorityFirst.Phases p = PriorityFirst.split(conf,
        List.of(main, priority, band, notAnOutput, file), "out", "map-only");
    assertTrue(p.twoPhases());
    assertEquals(List.of(priority, band), p.first(), "in the order given (task order)");
    assertEquals(List.of(main, notAnOutput, file), p.rest());
  }

  @Test
  void oneJobWhenTheKeyIsOffOrOnlyOneKindOfSplitIsRead() throws Exception {
    output("wc");
    Entry main = entry(0, "wc/part-r-00000");
    Entry priority = entry(1, "wc/priority/part-r-00001");
    Configuration off = TestData.localConf(tmp);
    off.setBoolean(ProvenanceKeys.RECOMPUTE_PRIORITY_FIRST, false);
    PriorityFirst.Phases p = PriorityFirst.split(off, List.of(main, priority), "out", "reduce");
    assertFalse(p.twoPhases());
    assertEquals(List.of(main, priority), p.rest());
    Configuration on = TestData.localConf(tmp);
    assertFalse(PriorityFirst.split(on, List.of(priority), "out", "reduce").twoPhases());
    assertFalse(PriorityFirst.split(on, List.of(main), "out", "reduce").twoPhases());
    assertEquals(List.of(priority), PriorityFirst.split(on, List.of(priority), "out", "reduce")
        .rest());
  }
}
