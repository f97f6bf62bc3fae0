package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * The crafted source sets of the binary store, in a formatVersion 1 (JSON) store: there a set
 * lists its ids one by one, so the most a part can claim is what fits the metadata bound, and
 * an id far past the manifest is one number. Every command reading the store gives its
 * documented answer, in bounded time, naming the store, and changes nothing.
 */
class CraftedJsonStoreTest {
  private static final int CLAIMED = 2_000_000;

  @TempDir
  Path tmp;

  @Test
  void jsonStoreWhosePartsClaimMillionsOfIdsAndTheLastIntIsRefusedEverywhere()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    org.apache.hadoop.fs.Path in = TestData.text(conf, tmp.resolve("in"), 4096, 1);
    Path wc = tmp.resolve("wc");
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", wc.toString()).exitCode());
    StoreEdits.toVersion1(wc);
    StoreEdits.edit(wc.resolve("_provenance/parts.json"), t -> {
      for (com.fasterxml.jackson.databind.JsonNode p : t) {
        ArrayNode many = ((ObjectNode) p).putArray("sources");
        for (int id = 0; id < CLAIMED; id++) {
          many.add(id);
        }
        ArrayNode sets = ((ObjectNode) p).putArray("sourceSets");
        sets.addArray().add(Integer.MAX_VALUE);
        sets.add(many);
      }
    });
    Map<String, Integer> before = Outputs.snapshot(wc);
    String out = wc.toUri().toString();
    TestData.Run v = run(conf, "validate", "--output", out, "--alerts",
        tmp.resolve("alerts").toUri().toString());
    assertEquals(3, v.exitCode(), v.out() + v.err());
    assertTrue(v.out().contains("store_inconsistent"), v.out());
    TestData.Run trace = run(conf, "trace", out, "--part", "part-r-00000", "--record", "0");
    assertEquals(1, trace.exitCode(), trace.out() + trace.err());
    assertTrue(trace.err().contains(wc.toString()), trace.err());
    TestData.Run impact = run(conf, "impact", in.toString() + "/part-00000", "--range", "0-10",
        "--output", out, "--json");
    TestData.Run inspect = run(conf, "inspect", out, "--limit", "3");
    TestData.Run recompute = run(conf, "recompute", "--alerts",
        tmp.resolve("alerts").toUri().toString());
    for (TestData.Run r : new TestData.Run[] {v, trace, impact, inspect, recompute}) {
      assertFalse((r.out() + r.err()).contains("\tat org.provmr"), r.out() + r.err());
      assertFalse((r.out() + r.err()).contains("OutOfMemoryError"), r.out() + r.err());
    }
    assertEquals(0, recompute.exitCode(), recompute.out() + recompute.err());
    assertTrue(recompute.out().contains("deferred"), recompute.out());
    assertEquals(before, Outputs.snapshot(wc), "nothing written to the output");
    assertEquals(0, impact.exitCode(), impact.out() + impact.err());
    assertEquals(0, inspect.exitCode(), inspect.out() + inspect.err()); // records, not sets
  }

  private static TestData.Run run(Configuration conf, String... args) {
    return assertTimeoutPreemptively(Duration.ofSeconds(60), () -> TestData.provmr(conf, args));
  }
}
