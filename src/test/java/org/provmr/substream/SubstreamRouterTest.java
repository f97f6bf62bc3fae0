package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.Confidence;
import org.provmr.mapreduce.OutputRouter.TaskRoute;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;
import org.provmr.testing.TestData;

/**
 * Records of one source each, taken in turn as a sort's reduce writes them: every one goes to
 * its own source's band (or stays in the main parts), ranged or as a set, and a recomputed
 * record of any age goes to priority/, whatever came before it. A task whose job's sources are
 * all in one band is routed once, before its first record.
 */
class SubstreamRouterTest {
  @TempDir
  Path tmp;

  @Test
  void recordsOfAlternatingSourcesEachGoToTheirOwnSourcesBandWhateverCameBefore() throws Exception {
    Path fresh = RouterFixture.source(tmp, "fresh.txt",
        "a fresh line, the largest file of the three\n", Duration.ZERO);
    Path week = RouterFixture.source(tmp, "week.txt", "a line of three days ago, the second\n",
        Duration.ofDays(3));
    Path ancient = RouterFixture.source(tmp, "ancient.txt", "last year's line\n",
        Duration.ofDays(300));
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "confidence,age");
    conf.set("provenance.substream.age.bands", "1h,1d,7d");
    // Source ids follow the splits, largest first: fresh 0, week 1, ancient 2.
    SubstreamRouter router = RouterFixture.router(conf, fresh, week, ancient);
    Text payload = new Text("x");
    TracedValue[] ranges = new TracedValue[3];
    TracedValue[] sets = new TracedValue[3];
    for (int s = 0; s < 3; s++) {
      ranges[s] = new TracedValue().setRange(payload, s, 0, 1);
      SourceSet one = new SourceSet();
      one.setSingle(s);
      sets[s] = new TracedValue().setSources(payload, one);
    }
    String[] expected = {"priority", "age-7d", null};
    for (int round = 0; round < 3; round++) {
      for (int s = 0; s < 3; s++) {
        assertEquals(expected[s], router.route(Confidence.HIGH, ranges[s]), "range of " + s);
        assertEquals(expected[s], router.route(Confidence.HIGH, sets[s]), "set of " + s);
      }
      for (int s = 2; s >= 0; s--) {
        assertEquals("priority", router.route(Confidence.LOW, sets[s]),
            "a recomputed record of source " + s + " goes to priority/ whatever its age");
      }
    }
    assertNull(router.everyRecord(Confidence.HIGH), "sources of three bands: record by record");
    assertEquals(new TaskRoute("priority"), router.everyRecord(Confidence.LOW));
  }

  @Test
  void aJobWhoseSourcesAreAllInOneBandRoutesEachTaskOnce() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "age");
    conf.set("provenance.substream.age.bands", "1h,1d,7d");
    Path a = RouterFixture.source(tmp, "a.txt", "three days ago\n", Duration.ofDays(3));
    Path b = RouterFixture.source(tmp, "b.txt", "two days ago\n", Duration.ofDays(2));
    Path c = RouterFixture.source(tmp, "c.txt", "last year\n", Duration.ofDays(300));
    assertEquals(new TaskRoute("age-7d"), RouterFixture.router(conf, a, b).everyRecord(
        Confidence.HIGH));
    assertEquals(TaskRoute.MAIN, RouterFixture.router(conf, c).everyRecord(Confidence.HIGH));
    assertNull(RouterFixture.router(conf, a, c).everyRecord(Confidence.HIGH));

    conf.set("provenance.substream.by", "confidence");
    SubstreamRouter byConfidence = RouterFixture.router(conf, a, c);
    assertEquals(TaskRoute.MAIN, byConfidence.everyRecord(Confidence.HIGH));
    assertEquals(new TaskRoute("priority"), byConfidence.everyRecord(Confidence.LOW));
  }

  @Test
  void aJobOverMoreFilesThanATaskLooksUpRoutesRecordByRecord() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "age");
    Path dir = java.nio.file.Files.createDirectories(tmp.resolve("many"));
    for (int i = 0; i <= SubstreamRouter.MAX_FILES_LOOKED_UP; i++) {
      RouterFixture.source(dir, "f" + i, "x\n", Duration.ZERO);
    }
    assertNull(RouterFixture.router(conf, dir).everyRecord(Confidence.HIGH));
    java.nio.file.Files.delete(dir.resolve("f0"));
    assertEquals(new TaskRoute("priority"), RouterFixture.router(conf, dir).everyRecord(
        Confidence.HIGH), "as many files as it looks up, all fresh");
  }
}
