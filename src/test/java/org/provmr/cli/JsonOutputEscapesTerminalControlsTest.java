package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.StoreJson;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * trace --json, impact --json and inspect --store of records and stores holding C1 controls
 * and a bidi override: Jackson leaves those raw, the commands escape them, and the JSON says
 * the same.
 */
class JsonOutputEscapesTerminalControlsTest {
  private static final String HOSTILE = "eight-bit \u009b2J csi, bidi \u202e txt.exe";

  @TempDir
  Path tmp;
  Configuration conf;
  Path in;
  Path grep;

  @BeforeEach
  void grepOfAHostileLine() throws Exception {
    conf = TestData.localConf(tmp);
    in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.log"), HOSTILE + "\n", StandardCharsets.UTF_8);
    grep = tmp.resolve("grep");
    Run r = TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", grep.toUri().toString(), "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());
  }

  private static void assertEscapedAndSame(Run run) throws Exception {
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertFalse(run.out().contains("\u009b") || run.out().contains("\u202e"), run.out());
    assertTrue(StoreJson.mapper().readTree(run.out()).toString().contains(HOSTILE),
        run.out());
  }

  @Test
  void traceJsonEscapesEightBitCsiAndBidiOverridesInRecordText() throws Exception {
    String part;
    try (Stream<Path> s = Files.list(grep)) {
      part = s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("part-"))
          .sorted().findFirst().orElseThrow();
    }
    assertEscapedAndSame(TestData.provmr(conf, "trace", grep.toUri().toString(), "--part",
        part, "--record", "0", "--json"));
  }

  @Test
  void impactJsonEscapesEightBitCsiAndBidiOverridesInRecordText() throws Exception {
    assertEscapedAndSame(TestData.provmr(conf, "impact",
        in.resolve("a.log").toUri().toString(), "--range", "0-10", "--output",
        grep.toUri().toString(), "--json"));
  }

  @Test
  void inspectStoreEscapesEightBitCsiAndBidiOverridesInStoreValues() throws Exception {
    // A source file named by the job's owner: its URI is in the store's sources.
    Path named = Files.createDirectories(tmp.resolve("named"));
    String name = "csi \u009b2J bidi \u202egol.txt";
    Files.writeString(named.resolve(name), "a line\n", StandardCharsets.UTF_8);
    Path out = tmp.resolve("grep-named");
    Run r = TestData.provmr(conf, "run", "grep", "--input", named.toUri().toString(),
        "--output", out.toUri().toString(), "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());

    Run store = TestData.provmr(conf, "inspect", out.toUri().toString(), "--store");

    assertEquals(0, store.exitCode(), store.out() + store.err());
    assertFalse(store.out().contains("\u009b") || store.out().contains("\u202e"), store.out());
    boolean found = false;
    for (String line : store.out().split("\n")) {
      JsonNode entry = StoreJson.mapper().readTree(line); // each line is still one JSON value
      found |= entry.has("source") && entry.get("source").toString().contains(name);
    }
    assertTrue(found, store.out());
  }
}
