package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
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
import org.provmr.testing.Allocations;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * Self-contained headers name their source by URI and byte range; impact found each record's
 * split by parsing the URI of every manifest entry, for every record. A store padded with
 * tens of thousands of entries (a few MB) made that records x entries parsed paths: 36 GB
 * allocated for a part of 1,300 lines here, growing with both. The manifest is indexed once.
 */
class ManySourcesImpactTest {
  private static final int PADDING = 20_000;

  @TempDir
  Path tmp;

  /** Every line of {@code bytes} of text, grepped into {@code out} with self-contained headers. */
  private StoredJob selfContainedGrep(Configuration conf, int bytes,
      org.apache.hadoop.fs.Path out) throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), bytes, 1);
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--regex", ".", "--input",
        in.toString(), "--output", out.toString(), "--header-mode", "self-contained")
        .exitCode());
    return LineageStore.read(conf, out);
  }

  @Test
  void aManifestPaddedWithEntriesIsIndexedNotScannedPerRecord() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("g").toUri());
    StoredJob s = selfContainedGrep(conf, 64 * 1024, out);
    SourceEntry real = s.sources().get(0);
    List<SourceEntry> sources = new ArrayList<>();
    for (int i = 0; i < PADDING; i++) { // entries of other files, ahead of the real ones
      sources.add(new SourceEntry(i, real.uri() + ".pad" + i, 0, 1, 1, 0,
          SourceEntry.POSITIONS_BYTES, null, null, 0, null, null));
    }
    for (SourceEntry e : s.sources()) {
      sources.add(new SourceEntry(PADDING + e.id(), e.uri(), e.start(), e.length(),
          e.fileLength(), e.modificationTime(), e.positions(), e.fingerprintAlgorithm(),
          e.fingerprint(), e.chunkBytes(), e.chunkFingerprints(), e.upstream()));
    }
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      int[] ids = p.sources().toArray();
      for (int i = 0; i < ids.length; i++) {
        ids[i] += PADDING;
      }
      parts.add(StoreEdits.withSources(p, SourceIds.of(ids), p.sourceSets()));
    }
    LineageStore.write(FileSystem.getLocal(conf), out, s.job(), sources, parts, null);
    ImpactAnalysis impact = new ImpactAnalysis(conf, 5);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(real.uri());
    long before = Allocations.now();
    ImpactReport r = impact.run(file, 0, Long.MAX_VALUE, List.of(out));
    long allocated = Allocations.now() - before;
    assertEquals(1, r.outputs().size(), r::toString);
    long records = r.outputs().get(0).parts().stream().mapToLong(ImpactReport.Part::records)
        .sum();
    assertTrue(records > 500, r::toString);
    // reading the store and the part is tens of MB; a parse per record and entry was 36 GB
    assertTrue(allocated < 1L << 30, allocated + " bytes allocated");
  }

  /**
   * The same padded manifest, and the part listed 200 times (copies of it on disk): the index
   * was built again for each part the store lists, a pass over the manifest a part (6.2 GB
   * allocated here, growing with parts x entries); it is built once a store.
   */
  @Test
  void aManifestIsIndexedOnceAStoreNotOnceAPart() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("g").toUri());
    StoredJob s = selfContainedGrep(conf, 2 * 1024, out);
    SourceEntry real = s.sources().get(0);
    List<SourceEntry> sources = new ArrayList<>(s.sources());
    for (int i = 0; i < PADDING; i++) {
      sources.add(new SourceEntry(sources.size(), real.uri() + ".pad" + i, 0, 1, 1, 0,
          SourceEntry.POSITIONS_BYTES, null, null, 0, null, null));
    }
    FileSystem fs = FileSystem.getLocal(conf);
    PartEntry p = s.parts().get(0);
    List<PartEntry> parts = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String name = String.format("part-m-%05d", i);
      if (i > 0) {
        org.apache.hadoop.fs.FileUtil.copy(fs, new org.apache.hadoop.fs.Path(out, p.name()), fs,
            new org.apache.hadoop.fs.Path(out, name), false, conf);
      }
      parts.add(new PartEntry(name, p.task(), p.records(), p.bytes(), p.checksumAlgorithm(),
          p.checksum(), p.headerMode(), p.timestampBase(), p.lineageId(), p.headerBytes(),
          p.sources(), p.sourceSets(), p.summarySet(), p.summarizedRecords(), p.identity(),
          p.macKeyId(), p.macChunkBytes(), p.macs()));
    }
    LineageStore.write(fs, out, s.job(), sources, parts, null);
    long before = Allocations.now();
    ImpactReport r = new ImpactAnalysis(conf, 5).run(new org.apache.hadoop.fs.Path(real.uri()),
        0, Long.MAX_VALUE, List.of(out));
    long allocated = Allocations.now() - before;
    assertEquals(200, r.outputs().get(0).parts().size(), r::toString);
    assertTrue(r.outputs().get(0).parts().get(199).records() > 10, r::toString);
    assertTrue(allocated < 1L << 30, allocated + " bytes allocated");
  }
}
