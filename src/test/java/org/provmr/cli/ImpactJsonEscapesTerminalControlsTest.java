package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.StoreJson;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** impact --json of a record holding C1 controls and a bidi override: escaped, same JSON. */
class ImpactJsonEscapesTerminalControlsTest {
  @TempDir
  Path tmp;

  @Test
  void impactJsonEscapesEightBitCsiAndBidiOverridesInRecordText() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.createDirectories(tmp.resolve("in"));
    String hostile = "eight-bit \u009b2J csi, bidi \u202e txt.exe";
    Files.writeString(in.resolve("a.log"), hostile + "\n", StandardCharsets.UTF_8);
    Path grep = tmp.resolve("grep");
    Run r = TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", grep.toUri().toString(), "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Run impact = TestData.provmr(conf, "impact", in.resolve("a.log").toUri().toString(),
        "--range", "0-10", "--output", grep.toUri().toString(), "--json");

    assertEquals(0, impact.exitCode(), impact.out() + impact.err());
    assertFalse(impact.out().contains("\u009b") || impact.out().contains("\u202e"), impact.out());
    assertTrue(StoreJson.mapper().readTree(impact.out()).toString().contains(hostile),
        impact.out());
  }
}
