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
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** A damaged history file whose name holds terminal controls is named escaped. */
class SourcesEscapesTerminalControlsTest {
  @TempDir
  Path tmp;

  private Configuration conf;
  private String output;

  private void grepWithADamagedHistoryFileNamedWithControls() throws Exception {
    conf = TestData.localConf(tmp);
    Path history = Files.createDirectories(tmp.resolve("history"));
    conf.set(ProvenanceKeys.HISTORY_DIR, history.toUri().toString());
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.log"), "x\n", StandardCharsets.UTF_8);
    output = tmp.resolve("grep").toUri().toString();
    Run r = TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", output, "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    Files.writeString(history.resolve("obs-\u001b]0;pwned\u0007\nforged line.h1"), "junk");
  }

  private static void assertWarnedEscaped(String err) {
    assertTrue(err.contains("\\u001B]0;pwned\\u0007\\u000Aforged line.h1"), err);
    assertFalse(err.contains("\u001b") || err.contains("\nforged"), err);
  }

  @Test
  void sourcesWarnsAboutAHistoryFileNamedWithControlsOnOneEscapedLine() throws Exception {
    grepWithADamagedHistoryFileNamedWithControls();

    Run sources = TestData.provmr(conf, "sources", "--output", output);

    assertEquals(0, sources.exitCode(), sources.out() + sources.err());
    assertWarnedEscaped(sources.err());
  }

  @Test
  void validateWarnsAboutAHistoryFileNamedWithControlsOnOneEscapedLine() throws Exception {
    grepWithADamagedHistoryFileNamedWithControls();

    Run validate = TestData.provmr(conf, "validate", "--output", output, "--alerts",
        tmp.resolve("alerts").toUri().toString());

    assertEquals(0, validate.exitCode(), validate.out() + validate.err());
    assertWarnedEscaped(validate.err());
  }
}
