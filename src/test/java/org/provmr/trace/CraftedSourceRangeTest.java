package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;

/**
 * {@code provmr trace --show-source} of a map-side record whose store moved its split: the
 * range it names lies past the end of the source file, or before its start.
 */
class CraftedSourceRangeTest {
  @TempDir
  Path tmp;

  @Test
  void aRangePastTheEndOfTheSourceIsAnErrorNamingFileRangeAndStore() throws Exception {
    TestData.Run t = traceWithSplitStartAt(1L << 40);
    assertEquals(1, t.exitCode(), t.out() + t.err());
    assertTrue(t.err().contains("text-") && t.err().contains("past the end"), t.err());
    assertFalse(t.err().contains("\tat "), t.err());
  }

  @Test
  void aNegativeRangeIsAnErrorSayingSo() throws Exception {
    TestData.Run t = traceWithSplitStartAt(-1L << 40);
    assertEquals(1, t.exitCode(), t.out() + t.err());
    assertTrue(t.err().contains("negative"), t.err());
  }

  private TestData.Run traceWithSplitStartAt(long start) throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("g").toUri());
    TestData.Run run = TestData.provmr(conf, "run", "grep", "--regex", ".", "--input",
        in.toString(), "--output", out.toString());
    assertEquals(0, run.exitCode(), run.err());
    StoredJob s = LineageStore.read(conf, out);
    List<SourceEntry> moved = new ArrayList<>();
    for (SourceEntry e : s.sources()) {
      moved.add(new SourceEntry(e.id(), e.uri(), start, e.length(), e.fileLength(),
          e.modificationTime(), e.positions(), e.fingerprintAlgorithm(), e.fingerprint(),
          e.chunkBytes(), e.chunkFingerprints(), e.upstream()));
    }
    LineageStore.write(FileSystem.getLocal(conf), out, s.job(), moved, s.parts(), null);
    return TestData.provmr(conf, "trace", out.toString(), "--part", s.parts().get(0).name(),
        "--record", "0", "--show-source");
  }
}
