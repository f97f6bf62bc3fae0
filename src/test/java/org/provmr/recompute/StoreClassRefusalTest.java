package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.example.trap.Trap;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A lineage store whose recorded configuration names a class outside the allow-list, under
 * any key, alone or in a list, gets the recompute refused with exit code 4, and the class is
 * never initialized: its static initializer would leave a marker file.
 */
class StoreClassRefusalTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path clean;

  @TempDir
  Path tmp;
  Path wc;

  @BeforeAll
  static void wordcountOnce() throws Exception {
    conf = TestData.localConf(shared);
    TestData.text(conf, shared.resolve("text"), 64 * 1024, 2);
    clean = shared.resolve("wc");
    Run r = TestData.provmr(conf, "run", "wordcount", "--input",
        shared.resolve("text").toString(), "--output", clean.toString(), "--reduces", "2");
    assertEquals(0, r.exitCode(), r.err());
  }

  /** A damaged copy with its alerts, so that recompute has a stage to plan. */
  @BeforeEach
  void damagedCopy() throws Exception {
    System.setProperty(Trap.DIR, tmp.toString());
    wc = tmp.resolve("wc");
    FileUtils.copyDirectory(clean.toFile(), wc.toFile());
    Outputs.corrupt(wc.resolve("part-r-00001"));
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
  }

  @AfterEach
  void clearTrapDir() {
    System.clearProperty(Trap.DIR);
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource(delimiter = '|', value = {
      "io.compression.codecs|com.example.trap.TrapCodec|com.example.trap.TrapCodec",
      "io.compression.codecs|org.apache.hadoop.io.compress.DefaultCodec,"
          + "com.example.trap.TrapCodec|com.example.trap.TrapCodec",
      "mapreduce.job.reduce.class|com.example.trap.TrapReducer|com.example.trap.TrapReducer",
      "provmr.wordcount.note|com.example.trap.TrapMapper|com.example.trap.TrapMapper"})
  void recordedClassOutsideTheAllowListIsRefusedAndNeverInitialized(String key, String value,
      String trap) throws Exception {
    StoreEdits.edit(wc.resolve("_provenance/job.json"),
        tree -> ((ObjectNode) tree.get("configuration")).put(key, value));
    Map<String, Integer> before = Outputs.snapshot(wc);

    for (String[] args : new String[][] {
        {"recompute", "--alerts", tmp.resolve("alerts").toString(), "--dry-run"},
        {"recompute", "--alerts", tmp.resolve("alerts").toString()}}) {
      Run rc = TestData.provmr(conf, args);
      assertEquals(ExitCodes.REFUSED, rc.exitCode(), rc.out() + rc.err());
      assertTrue(rc.err().startsWith("provmr recompute: Refused: the lineage store of file:"
          + wc + " names class " + trap + " (in " + key + "), which"
          + " provenance.recompute.allowed.classes [org.provmr.*,org.apache.hadoop.*,"
          + "java.lang.*] does not allow."), rc.err());
      assertTrue(rc.err().contains("Nothing was loaded or run."), rc.err());
    }
    assertFalse(Files.exists(tmp.resolve(Trap.marker(trap))), trap + " was initialized");
    assertEquals(before, Outputs.snapshot(wc), "nothing was staged, swapped or backed up");
  }
}
