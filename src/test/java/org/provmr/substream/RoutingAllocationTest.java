package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.Confidence;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;
import org.provmr.testing.Allocations;
import org.provmr.testing.TestData;

/**
 * Routing runs once per output record, so after a task's first record of a source it must
 * neither allocate nor look anything up again: the router of a real task context, over real
 * input files, measured with the JVM's per-thread allocation counter.
 */
class RoutingAllocationTest {
  private static final int RECORDS = 100_000;
  private static final long BUDGET_BYTES = 16 * 1024;

  @TempDir
  Path tmp;

  @Test
  void routingRecordsByAgeAllocatesNothingPerRecord() throws Exception {
    Path fresh = RouterFixture.source(tmp, "fresh.txt", "a fresh line, the larger file\n",
        Duration.ZERO);
    Path old = RouterFixture.source(tmp, "old.txt", "an old line\n", Duration.ofDays(3));
    Configuration conf = TestData.localConf(tmp);
    conf.set("provenance.substream.by", "age");
    conf.set("provenance.substream.age.bands", "1h,1d,7d");
    SubstreamRouter router = RouterFixture.router(conf, fresh, old);
    Text payload = new Text("x");
    TracedValue freshRecord = new TracedValue().setRange(payload, 0, 0, 1);
    TracedValue oldRecord = new TracedValue().setRange(payload, 1, 0, 1);
    SourceSet both = new SourceSet();
    both.add(0);
    both.add(1);
    SourceSet oldOnly = new SourceSet();
    oldOnly.setSingle(1);
    TracedValue mixed = new TracedValue().setSources(payload, both);
    TracedValue oldSet = new TracedValue().setSources(payload, oldOnly);

    assertEquals("priority", router.route(Confidence.HIGH, freshRecord));
    assertEquals("age-7d", router.route(Confidence.HIGH, oldRecord));
    assertEquals("priority", router.route(Confidence.HIGH, mixed), "the newest source counts");
    assertEquals("age-7d", router.route(Confidence.HIGH, oldSet));

    long before = Allocations.now();
    int priority = 0;
    for (int i = 0; i < RECORDS; i++) {
      // Runs of one source, as a map task writes them, and alternating sets, as a reduce does.
      priority += router.route(Confidence.HIGH, i % 1000 < 500 ? freshRecord : oldRecord)
          .length();
      priority += router.route(Confidence.HIGH, (i & 1) == 0 ? mixed : oldSet).length();
    }
    long allocated = Allocations.now() - before;
    assertEquals(RECORDS / 2 * ("priority".length() + "age-7d".length()) * 2, priority);
    assertTrue(allocated < BUDGET_BYTES, allocated + " bytes allocated routing " + RECORDS * 2
        + " records");
  }
}
