package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * The coarse trace of a reduce record lists the source ranges of its splits; a store can
 * claim as many splits as its size allows, and under {@code --show-source} each was read and
 * its text kept (up to provenance.read.max.record.bytes each), however many there were. The
 * ranges follow {@code --limit}, as docs/trace.md says: the first are listed (and read), the
 * rest counted.
 */
class CoarseTraceLimitTest {
  @TempDir
  Path tmp;

  @Test
  void aReduceRecordClaimingManySplitsListsAndReadsOnlyTheLimit() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", out.toString()).exitCode());
    StoredJob s = LineageStore.read(conf, out);
    SourceEntry split = s.sources().get(0);
    List<SourceEntry> sources = new ArrayList<>();
    for (int id = 0; id < 50; id++) { // the same whole file, fifty times over
      sources.add(new SourceEntry(id, split.uri(), split.start(), split.length(),
          split.fileLength(), split.modificationTime(), split.positions(),
          split.fingerprintAlgorithm(), split.fingerprint(), split.chunkBytes(),
          split.chunkFingerprints(), null));
    }
    SourceIds all = SourceIds.range(0, 50);
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      parts.add(StoreEdits.withSources(p, all, Collections.nCopies(p.sourceSets().size(),
          all)));
    }
    LineageStore.write(FileSystem.getLocal(conf), out, s.job(), sources, parts, null);
    TestData.Run trace = TestData.provmr(conf, "trace", out.toString(), "--part",
        "part-r-00000", "--record", "0", "--show-source", "--limit", "3");
    assertEquals(0, trace.exitCode(), trace.err());
    long shown = trace.out().lines().filter(l -> l.trim().startsWith("source ")).count();
    assertEquals(3, shown, trace.out());
    assertTrue(trace.out().contains("... and 47 more source ranges (--limit)"), trace.out());
  }
}
