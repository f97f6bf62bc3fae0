package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html of a real validation after an earlier one in the same root (as sweep leaves
 * them): the next step as the exact command, the Output column, readable times, a reduce
 * record's source range resolved to files, and the charts per output and over time.
 * No headless browser is installed here; the manual check is in docs/validation.md.
 */
class ReportNextStepTest {
  @TempDir
  Path dir;

  @Test
  void reportOfAFlippedReduceRecordSaysWhatToDoNextAndWhereItCameFrom() throws Exception {
    Configuration conf = ValidationFixtures.conf(dir);
    String text = dir.resolve("text").toUri().toString();
    String wc = dir.resolve("wc").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.wordcount(conf, text, wc);
    String first = dir.resolve("sweeps/2026-01-01").toUri().toString();
    assertEquals(0, ValidationFixtures.validate(conf, first, "--output", wc).exitCode());

    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(wc, "part-r-00000");
    ValidationFixtures.RecordAt r = ValidationFixtures.records(conf, part).get(7);
    long end = r.offset() + 8 + r.keyLength() + r.valueLength() - 1;
    ValidationFixtures.edit(conf, part, b -> b[(int) end] ^= 0x01);
    Path second = dir.resolve("sweeps/2026-01-02");
    ValidationFixtures.Validation v = ValidationFixtures.validate(conf,
        second.toUri().toString(), "--output", wc);
    assertEquals(3, v.exitCode(), v.err());

    String html = Files.readString(second.resolve(ValidationReport.HTML_FILE),
        StandardCharsets.UTF_8);
    assertTrue(html.contains("<pre class=\"next\">provmr recompute --dry-run --alerts file:"
        + second + "\nprovmr recompute --alerts file:" + second + "</pre>"), html);
    assertTrue(html.contains("<strong>1 finding (1 error, 0 warnings).</strong>"), html);
    assertTrue(html.contains("<th>Output</th>"), html);
    assertTrue(html.contains("<td><code>file:" + dir.resolve("wc") + "</code></td>"), html);
    assertTrue(Pattern.compile("started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
        .matcher(html).find(), html);
    assertFalse(html.contains("T0") && html.contains("Z,"), "no raw ISO instants: " + html);
    // The flipped record's source range: its source set resolved to the input splits.
    Matcher row = Pattern.compile("<td>part-r-00000</td><td>7</td><td>\\d+</td><td>([^<]*)</td>")
        .matcher(html);
    assertTrue(row.find(), html);
    assertTrue(row.group(1).contains("file:" + dir.resolve("text")), row.group(1));
    assertTrue(row.group(1).matches(".*\\[\\d+\\+\\d+\\].*"), row.group(1));
    assertTrue(html.contains("aria-label=\"Findings by output\""), html);
    assertTrue(html.contains("<h2>Findings over time (UTC)</h2>"), html);
    // Each sweep's time of day is its own label, without the zone (it is in the heading).
    assertTrue(Pattern.compile("font-size=\"10\">\\d\\d:\\d\\d:\\d\\d</text>")
        .matcher(html).find(), html);
    assertTrue(html.contains("<title>file:" + dir.resolve("wc") + ": 1</title>"), html);
    assertTrue(html.contains("<title>file:" + dir.resolve("wc") + ": 0</title>"), html);
  }

  @Test
  void aCleanReportHasNoNextStep() {
    com.fasterxml.jackson.databind.node.ObjectNode report =
        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    report.putObject("findings").put("total", 0);
    report.put("startedAt", "2026-12-01T00:07:05.123Z");
    String html = ReportHtml.render(report, java.util.List.of(), "file:/a", a -> null,
        java.util.List.of());
    assertFalse(html.contains("recompute"), html);
    assertTrue(html.contains("started 2026-12-01 00:07:05 UTC"), html);
  }

  @Test
  void pathsWithShellCharactersAreQuotedInTheCommand() {
    assertEquals("file:/a/b-1", ReportHtml.shellQuote("file:/a/b-1"));
    assertEquals("'file:/a b/it'\\''s'", ReportHtml.shellQuote("file:/a b/it's"));
  }
}
