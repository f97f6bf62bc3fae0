package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.io.TerminalText;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Records whose payload holds terminal escape sequences reach the terminal through
 * {@code provmr inspect} only escaped; normal text stays byte for byte what TextOutputFormat
 * writes.
 */
class InspectEscapesTerminalControlsTest {
  /** What a hostile source line can hold: title, clear screen, 8-bit CSI, bidi override. */
  private static final List<String> HOSTILE = List.of(
      "set \u001b]0;pwned\u0007 title",
      "clear \u001b[2J\u001b[H screen",
      "eight-bit \u009b31m csi",
      "bidi \u202e txt.exe",
      "back\bspace and \u000b vertical tab");
  private static final List<String> NORMAL = List.of(
      "plain line with a \\backslash and\ta tab",
      "caf\u00e9 \u00fcn\u00efcode \u4e2d\u6587");

  @TempDir
  static Path tmp;
  static Configuration conf;
  static String output;

  @BeforeAll
  static void capture() throws Exception {
    conf = TestData.localConf(tmp);
    Path in = Files.createDirectories(tmp.resolve("in"));
    StringBuilder text = new StringBuilder();
    for (String l : HOSTILE) {
      text.append(l).append('\n');
    }
    for (String l : NORMAL) {
      text.append(l).append('\n');
    }
    Files.writeString(in.resolve("lines.txt"), text, StandardCharsets.UTF_8);
    output = tmp.resolve("grep").toUri().toString();
    Run r = TestData.provmr(conf, "run", "grep", "--input", in.toUri().toString(),
        "--output", output, "--regex", ".");
    assertEquals(0, r.exitCode(), r.out() + r.err());
  }

  private static void assertNoTerminalControls(String out) {
    for (char c : out.toCharArray()) {
      boolean control = (c < 0x20 && c != '\t' && c != '\n') || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e);
      assertTrue(!control, () -> "raw U+" + Integer.toHexString(c) + " in:\n" + out);
    }
  }

  @Test
  void payloadEscapesControlsAndKeepsNormalTextByteForByte() throws Exception {
    Run r = TestData.provmr(conf, "inspect", output, "--payload");
    assertEquals(0, r.exitCode(), r.err());
    assertNoTerminalControls(r.out());
    List<String> lines = Arrays.asList(r.out().split("\n"));
    assertTrue(lines.containsAll(NORMAL), lines.toString());
    assertTrue(lines.contains("set \\u001B]0;pwned\\u0007 title"), lines.toString());
    assertTrue(lines.contains("clear \\u001B[2J\\u001B[H screen"), lines.toString());
    assertTrue(lines.contains("eight-bit \\u009B31m csi"), lines.toString());
    assertTrue(lines.contains("bidi \\u202E txt.exe"), lines.toString());
    assertTrue(lines.contains("back\\u0008space and \\u000B vertical tab"), lines.toString());
    assertEquals(HOSTILE.size() + NORMAL.size(), lines.size());
  }

  @Test
  void decodedViewEscapesControlsToo() throws Exception {
    Run r = TestData.provmr(conf, "inspect", output);
    assertEquals(0, r.exitCode(), r.err());
    assertNoTerminalControls(r.out());
    assertTrue(r.out().contains("clear \\u001B[2J\\u001B[H screen"), r.out());
  }

  @Test
  void escaperLeavesPrintableTextAloneAndEscapesEachControlRange() {
    assertEquals("a\tb \\ c \u00e9", TerminalText.escape("a\tb \\ c \u00e9"));
    assertEquals("\\u0000\\u001B\\u007F\\u0085\\u2028\\u2066",
        TerminalText.escape("\u0000\u001b\u007f\u0085\u2028\u2066"));
    assertEquals("one\ntwo\\u001B", TerminalText.escapeKeepingLines("one\ntwo\u001b"));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    TerminalText.write(out, new byte[] {'o', 'k', (byte) 0x9b, 0x1b}, 0, 4);
    assertEquals("ok\ufffd\\u001B", bytes.toString(StandardCharsets.UTF_8));
  }
}
