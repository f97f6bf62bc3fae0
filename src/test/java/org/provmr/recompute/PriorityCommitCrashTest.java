package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A recompute into the priority sub-stream moves a part from the main parts to priority/: an
 * add and a removal in one journaled commit. A crash after any step keeps every partition's
 * records in at least one place, and the next run finishes with each in exactly one.
 */
class PriorityCommitCrashTest {
  static final String PART = DamagedWordCount.PART;
  static final String PRIORITY = "priority/" + PART;
  @org.junit.jupiter.api.io.TempDir
  static Path shared;
  static Configuration conf;
  static Path cleanOutput;
  static List<String> cleanPayload;

  @org.junit.jupiter.api.io.TempDir
  Path tmp;
  Path wc;
  byte[] corrupted;

  @BeforeAll
  static void captureOnce() throws Exception {
    conf = TestData.localConf(shared);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, "confidence");
    cleanOutput = DamagedWordCount.capture(conf, shared);
    cleanPayload = Outputs.payload(conf, cleanOutput);
  }

  @BeforeEach
  void damagedCopy() throws Exception {
    wc = DamagedWordCount.damagedCopy(conf, cleanOutput, tmp);
    corrupted = Files.readAllBytes(wc.resolve(PART));
  }

  @ParameterizedTest
  @ValueSource(strings = {"journal", "backup:" + PART, "swap:" + PRIORITY, "swap:" + PART,
      "store", "done"})
  void crashAfterEachStepOfAMoveToPriorityLosesNothingAndARerunLeavesOneCopy(String step)
      throws Exception {
    AlertLog log = AlertLog.read(conf, new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri()));
    List<String> seen = new ArrayList<>();
    RecomputeResult result = new RecomputeManager(conf, RecomputePolicy.defaults(), s -> {
      seen.add(s);
      if (s.equals(step)) {
        throw new IOException("injected crash after " + s);
      }
    }).run(log.alerts(), List.of(), List.of(), false);
    assertTrue(seen.contains(step), "the step happened: " + seen);
    assertFalse(result.succeeded());
    assertTrue(Files.exists(wc.resolve(PART)) || Files.exists(wc.resolve(PRIORITY)),
        "partition 1 is somewhere after a crash at " + step);
    if (step.equals("journal") || step.startsWith("backup")) {
      assertArrayEquals(corrupted, Files.readAllBytes(wc.resolve(PART)), "not swapped yet");
      assertFalse(Files.exists(wc.resolve(PRIORITY)));
    }

    Run again = TestData.provmr(conf, "recompute", "--alerts", tmp.resolve("alerts").toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertFalse(Files.exists(wc.resolve(PART)), "no duplicate left in the main parts");
    assertTrue(Files.exists(wc.resolve(PRIORITY)));
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("after").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
    assertEquals(cleanPayload, Outputs.payload(conf, wc));
  }
}
