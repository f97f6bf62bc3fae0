package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.TerminalText;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * A trace holds the lineage store of every output it reaches, and its tree whole (for --json).
 * Upstream links are the stores' word: a store whose splits are parts of thirty other outputs
 * made the coarse walk read and keep all thirty stores, however large, and a node for each.
 * Now at most --limit upstream parts are followed a node, the stores held are within
 * provenance.trace.max.store.entries and the nodes within provenance.trace.max.nodes, each an
 * error naming its key when reached; and --show-source reads a bounded prefix of a range.
 */
class TraceMemoryBoundsTest {
  private static final int UPSTREAMS = 30;

  @TempDir
  Path tmp;
  private Configuration conf;

  @BeforeEach
  void conf() {
    conf = TestData.localConf(tmp);
  }

  @Test
  void theCoarseWalkFollowsAtMostTheLimitOfUpstreamPartsAndCountsTheRest() throws Exception {
    org.apache.hadoop.fs.Path top = fannedOut();
    TestData.Run trace = TestData.provmr(conf, "trace", top.toString(), "--part",
        "part-r-00000", "--record", "0", "--limit", "5");
    assertEquals(0, trace.exitCode(), trace.err());
    long followed = trace.out().lines().filter(l -> l.trim().startsWith("part part-r-00000"))
        .count();
    assertEquals(5, followed, trace.out());
    assertTrue(trace.out().contains("... and 25 more upstream parts (--limit)"), trace.out());
    assertTrue(trace.out().contains("from " + UPSTREAMS + " splits: 0, 1, 2, 3, 4 ... and 25"
        + " more (--limit)"), trace.out());
  }

  @Test
  void aTraceThatWouldHoldMoreStoreEntriesThanTheLimitStopsNamingTheKey() throws Exception {
    org.apache.hadoop.fs.Path top = fannedOut();
    StoredJob up = LineageStore.read(conf, new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(tmp.resolve("ups").toUri()), "up-0"));
    long one = up.sources().size() + up.parts().size();
    Configuration c = new Configuration(conf);
    c.setLong(ProvenanceKeys.TRACE_MAX_STORE_ENTRIES, UPSTREAMS + 1 + 10 * one);
    TestData.Run trace = TestData.provmr(c, "trace", top.toString(), "--part",
        "part-r-00000", "--record", "0", "--limit", "" + UPSTREAMS);
    assertEquals(1, trace.exitCode(), trace.out() + trace.err());
    assertTrue(trace.err().contains(ProvenanceKeys.TRACE_MAX_STORE_ENTRIES + " ("
        + (UPSTREAMS + 1 + 10 * one) + ")"), trace.err());
    assertTrue(trace.err().contains("after 11 others"), trace.err());
    // within the default, the same trace reads all of them
    TestData.Run all = TestData.provmr(conf, "trace", top.toString(), "--part",
        "part-r-00000", "--record", "0", "--limit", "" + UPSTREAMS);
    assertEquals(0, all.exitCode(), all.err());
    assertEquals(UPSTREAMS, all.out().lines()
        .filter(l -> l.trim().startsWith("part part-r-00000")).count(), all.out());
  }

  @Test
  void aTraceReachingMoreNodesThanTheLimitStopsNamingTheKey() throws Exception {
    org.apache.hadoop.fs.Path top = fannedOut();
    Configuration c = new Configuration(conf);
    c.setInt(ProvenanceKeys.TRACE_MAX_NODES, 3);
    TestData.Run trace = TestData.provmr(c, "trace", top.toString(), "--part",
        "part-r-00000", "--record", "0");
    assertEquals(1, trace.exitCode(), trace.out() + trace.err());
    assertTrue(trace.err().contains("more than 3 records and parts ("
        + ProvenanceKeys.TRACE_MAX_NODES + ")"), trace.err());
    c.set(ProvenanceKeys.TRACE_MAX_NODES, "0");
    TestData.Run bad = TestData.provmr(c, "trace", top.toString(), "--part",
        "part-r-00000", "--record", "0");
    assertEquals(2, bad.exitCode(), bad.out() + bad.err());
    assertTrue(bad.err().contains(ProvenanceKeys.TRACE_MAX_NODES), bad.err());
  }

  /**
   * A whole split under --show-source, larger than provenance.read.max.record.bytes (as an
   * HDFS block of 128 MB is larger than its 64 MB default): the trace failed; now the first
   * provenance.trace.show.source.bytes of it are shown, saying it was cut.
   */
  @Test
  void showSourceOfASplitLargerThanTheRecordLimitShowsItsFirstBytesSayingSo()
      throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 8192, 1);
    org.apache.hadoop.fs.Path wc = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", wc.toString()).exitCode());
    SourceEntry split = LineageStore.read(conf, wc).sources().get(0);
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.READ_MAX_RECORD_BYTES, "1k");
    c.set(ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES, "100");
    TestData.Run trace = TestData.provmr(c, "trace", wc.toString(), "--part", "part-r-00000",
        "--record", "0", "--show-source");
    assertEquals(0, trace.exitCode(), trace.err());
    assertTrue(split.length() > 1024, "the split is " + split.length() + " bytes");
    byte[] first = new byte[100];
    try (java.io.InputStream s = Files.newInputStream(Path.of(
        new org.apache.hadoop.fs.Path(split.uri()).toUri().getPath()))) {
      assertEquals(100, s.readNBytes(first, 0, 100));
    }
    assertTrue(trace.out().contains("| " + TerminalText.escape(new String(first,
        StandardCharsets.UTF_8)) + "\n"), trace.out());
    assertTrue(trace.out().contains("(cut: the first 100 of " + split.length() + " bytes"
        + " shown, " + ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES + ")"), trace.out());
  }

  /**
   * A record of 20,000 characters: its key or value was kept and printed whole, in every node
   * that reached it (up to provenance.read.max.record.bytes each); now cut as a source range is.
   */
  @Test
  void aLongRecordIsShownCutToTheSameBound() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("long"));
    Files.writeString(in.resolve("one.txt"), "y".repeat(20_000) + "\n");
    org.apache.hadoop.fs.Path g = new org.apache.hadoop.fs.Path(tmp.resolve("g").toUri());
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--regex", "y", "--input",
        in.toUri().toString(), "--output", g.toString()).exitCode());
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES, "100");
    TestData.Run trace = TestData.provmr(c, "trace", g.toString(), "--part", "part-m-00000",
        "--record", "0", "--json");
    assertEquals(0, trace.exitCode(), trace.err());
    assertTrue(trace.out().contains("\"" + "y".repeat(100) + "... (19900 more characters not"
        + " shown, " + ProvenanceKeys.TRACE_SHOW_SOURCE_BYTES + ")\""), trace.out());
    assertTrue(!trace.out().contains("y".repeat(101)), trace.out());
  }

  /**
   * {@value #UPSTREAMS} copies of a wordcount output under {@code ups/}, and a copy whose
   * store says its one reduce part came from the part of each (every split an upstream part).
   */
  private org.apache.hadoop.fs.Path fannedOut() throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path wc = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", wc.toString()).exitCode());
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path ups = new org.apache.hadoop.fs.Path(tmp.resolve("ups").toUri());
    List<SourceEntry> sources = new ArrayList<>();
    for (int i = 0; i < UPSTREAMS; i++) {
      org.apache.hadoop.fs.Path up = new org.apache.hadoop.fs.Path(ups, "up-" + i);
      assertTrue(FileUtil.copy(fs, wc, fs, up, false, conf));
      String dir = fs.makeQualified(up).toString();
      long bytes = fs.getFileStatus(new org.apache.hadoop.fs.Path(up, "part-r-00000")).getLen();
      sources.add(new SourceEntry(i, dir + "/part-r-00000", 0, bytes, bytes, 0,
          SourceEntry.POSITIONS_BYTES, null, null, 0, null, dir));
    }
    org.apache.hadoop.fs.Path top = new org.apache.hadoop.fs.Path(tmp.resolve("top").toUri());
    assertTrue(FileUtil.copy(fs, wc, fs, top, false, conf));
    StoredJob s = LineageStore.read(conf, top);
    SourceIds all = SourceIds.range(0, UPSTREAMS);
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      parts.add(StoreEdits.withSources(p, all, Collections.nCopies(p.sourceSets().size(),
          all)));
    }
    JobRecord j = s.job();
    LineageStore.write(fs, top, new JobRecord(j.formatVersion(), j.jobId(), j.jobName(),
        j.user(), j.committedAt(), j.headerMode(), j.checksumAlgorithm(),
        List.of(fs.makeQualified(ups).toString()), j.lineages(), j.configuration()), sources,
        parts, null);
    return top;
  }
}
