package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.StoreJson;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** trace --json of a record holding C1 controls and a bidi override: escaped, same JSON. */
class TraceJsonEscapesTerminalControlsTest {
  @TempDir
  Path tmp;

  @Test
  void traceJsonEscapesEightBitCsiAndBidiOverridesInRecordText() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.createDirectories(tmp.resolve("in"));
    String hostile = "eight-bit \u009b2J csi, bidi \u202e txt.exe";
    Files.writeString(in.resolve("a.log"), hostile + "\n", StandardCharsets.UTF_8);
    Path grep = tmp.resolve("grep");
    Run r = TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", grep.toUri().toString(), "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String part;
    try (Stream<Path> s = Files.list(grep)) {
      part = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .sorted().findFirst().orElseThrow();
    }

    Run trace = TestData.provmr(conf, "trace", grep.toUri().toString(), "--part", part,
        "--record", "0", "--json");

    assertEquals(0, trace.exitCode(), trace.out() + trace.err());
    assertFalse(trace.out().contains("\u009b") || trace.out().contains("\u202e"), trace.out());
    assertTrue(StoreJson.mapper().readTree(trace.out()).toString().contains(hostile),
        trace.out());
  }
}
