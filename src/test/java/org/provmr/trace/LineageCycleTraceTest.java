package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * {@code provmr trace} over a store whose owner made the output its own upstream: both parts
 * of a two-reduce wordcount claim to come from both parts of the same output. Each part then
 * has two upstream parts, each of which has the same two again: followed naively to the
 * default depth of 32, that is 2^32 nodes (the trace never ended and filled the heap). A part
 * already followed in the trace is followed once and named after that, so the walk is bounded
 * by the parts it reaches and the cycle is said in a note.
 */
class LineageCycleTraceTest {
  @TempDir
  Path tmp;
  private Configuration conf;

  @BeforeEach
  void conf() {
    conf = TestData.localConf(tmp);
  }

  @Test
  void anOutputThatIsItsOwnUpstreamIsFollowedOncePerPart() throws Exception {
    org.apache.hadoop.fs.Path out = selfUpstream();
    TestData.Run trace = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> TestData.provmr(conf, "trace", out.toString(), "--part", "part-r-00000",
            "--record", "0", "--json"));
    assertEquals(0, trace.exitCode(), trace.err());
    assertTrue(trace.out().contains("lineage cycle"), trace.out());
    // two parts, each followed once: the record, then at most both parts and two back-refs each
    int parts = trace.out().split("\"scope\" : \"part\"", -1).length - 1;
    assertTrue(parts <= 6, parts + " part nodes:\n" + trace.out());
    TestData.Run text = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> TestData.provmr(conf, "trace", out.toString(), "--part", "part-r-00000",
            "--record", "0"));
    assertEquals(0, text.exitCode(), text.err());
    assertTrue(text.out().contains("lineage cycle"), text.out());
    assertFalse(text.out().contains("\tat org.provmr"), text.out());
  }

  /**
   * A map-side record whose store places its split on the record itself: the DataID leads
   * back to the same record, which was printed once per stage down to --depth.
   */
  @Test
  void aMapSideRecordThatIsItsOwnSourceIsNamedAsACycle() throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("g").toUri());
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--regex", ".", "--input",
        in.toString(), "--output", out.toString()).exitCode());
    StoredJob s = LineageStore.read(conf, out);
    PartEntry p = s.parts().get(0);
    long at;
    long within;
    try (org.provmr.mapreduce.ProvenanceFileReader<org.apache.hadoop.io.Writable,
        org.apache.hadoop.io.Writable> r = new org.provmr.mapreduce.ProvenanceFileReader<>(
            conf, new org.apache.hadoop.fs.Path(out, p.name()))) {
      assertTrue(r.next());
      at = r.recordOffset();
      within = r.value().header().offset(); // the record's DataID, relative to its split
    }
    String dir = s.output().toString();
    SourceEntry e = s.sources().get(0);
    List<SourceEntry> sources = new ArrayList<>(s.sources());
    sources.set(0, new SourceEntry(e.id(), dir + "/" + p.name(), at - within, p.bytes(),
        p.bytes(), 0, SourceEntry.POSITIONS_BYTES, null, null, 0, null, dir));
    JobRecord j = s.job();
    LineageStore.write(FileSystem.getLocal(conf), out, new JobRecord(j.formatVersion(),
        j.jobId(), j.jobName(), j.user(), j.committedAt(), j.headerMode(),
        j.checksumAlgorithm(), List.of(dir), j.lineages(), j.configuration()), sources,
        s.parts(), null);
    TestData.Run trace = TestData.provmr(conf, "trace", out.toString(), "--part", p.name(),
        "--record", "0");
    assertEquals(0, trace.exitCode(), trace.err());
    assertTrue(trace.out().contains("lineage cycle"), trace.out());
    assertEquals(2, trace.out().lines().filter(l -> l.trim().startsWith("record ")).count(),
        trace.out());
  }

  /** An upstream named through {@code ..}, or on another scheme: refused, nothing read. */
  @Test
  void anUpstreamOutsideTheFenceIsRefused() throws Exception {
    org.apache.hadoop.fs.Path out = selfUpstream();
    StoredJob s = LineageStore.read(conf, out);
    String dir = s.output().toString();
    String[][] elsewhere = {{dir + "/../wc/part-r-00000", dir + "/../wc"},
        {"hdfs://nn:8020" + out.toUri().getPath() + "/part-r-00000",
            "hdfs://nn:8020" + out.toUri().getPath()}};
    for (String[] e : elsewhere) {
      List<SourceEntry> sources = new ArrayList<>();
      for (SourceEntry x : s.sources()) {
        sources.add(new SourceEntry(x.id(), e[0], x.start(), x.length(), x.fileLength(), 0,
            x.positions(), null, null, 0, null, e[1]));
      }
      LineageStore.write(FileSystem.getLocal(conf), out, s.job(), sources, s.parts(), null);
      TestData.Run trace = TestData.provmr(conf, "trace", out.toString(), "--part",
          "part-r-00000", "--record", "0");
      assertEquals(4, trace.exitCode(), e[1] + ": " + trace.out() + trace.err());
      assertTrue(trace.err().contains(e[1]), trace.err());
    }
  }

  @Test
  void aDepthBeyondTheDeepestCapturedLineageIsAUsageError() throws Exception {
    org.apache.hadoop.fs.Path out = selfUpstream();
    TestData.Run trace = TestData.provmr(conf, "trace", out.toString(), "--part",
        "part-r-00000", "--record", "0", "--depth", "100000");
    assertEquals(2, trace.exitCode(), trace.out() + trace.err());
    assertTrue(trace.err().contains("--depth 100000 is more than 64"), trace.err());
  }

  /**
   * A two-reduce wordcount output whose store names its own two parts as its only sources,
   * recorded as an upstream output that its job read (so the source fence lets it through).
   */
  private org.apache.hadoop.fs.Path selfUpstream() throws Exception {
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    TestData.Run run = TestData.provmr(conf, "run", "wordcount", "--input",
        in.toString(), "--output", out.toString(), "--reduces", "2");
    assertEquals(0, run.exitCode(), run.err());
    StoredJob s = LineageStore.read(conf, out);
    assertEquals(2, s.parts().size());
    String dir = s.output().toString();
    List<SourceEntry> sources = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      sources.add(new SourceEntry(sources.size(), dir + "/" + p.name(), 0, p.bytes(),
          p.bytes(), 0, SourceEntry.POSITIONS_BYTES, null, null, 0, null, dir));
    }
    SourceIds both = SourceIds.range(0, 2);
    List<PartEntry> parts = new ArrayList<>();
    for (PartEntry p : s.parts()) {
      parts.add(StoreEdits.withSources(p, both, Collections.nCopies(p.sourceSets().size(),
          both)));
    }
    JobRecord j = s.job();
    JobRecord job = new JobRecord(j.formatVersion(), j.jobId(), j.jobName(), j.user(),
        j.committedAt(), j.headerMode(), j.checksumAlgorithm(), List.of(dir), j.lineages(),
        j.configuration());
    LineageStore.write(FileSystem.getLocal(conf), out, job, sources, parts, null);
    return out;
  }
}
