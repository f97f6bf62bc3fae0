package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * End to end in local mode, on a family of 18 daily files at 02:00 UTC read by a grep: the
 * forward-looking {@code update_expected} finding and the policy's hold that it drives, and a
 * per-pattern staleness window overriding the learned cadence. Time is the validation's
 * reference time ({@code provenance.validate.sweep.time}).
 */
class PredictiveFindingsTest {
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path tmp;
  private Configuration conf;
  private Path in;
  private String grep;
  private long base;

  @BeforeEach
  void dailyFamilyAndAGrep() throws Exception {
    conf = TestData.localConf(tmp);
    in = Files.createDirectories(tmp.resolve("logs"));
    base = (System.currentTimeMillis() / DAY - 30) * DAY + 2 * HOUR; // 02:00 UTC
    for (int d = 0; d < 18; d++) {
      deliver(d, base + d * DAY + (d % 3) * 60_000L);
    }
    grep = tmp.resolve("grep").toString();
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", in.toString(),
        "--output", grep, "--regex", "user1").exitCode());
  }

  @Test
  void anUpdateExpectedWithinTheHorizonIsReportedAndHoldsTheRecomputeUntilItComes()
      throws Exception {
    long evening = base + 17 * DAY + 20 * HOUR; // day 17, 22:00: day 18 is due at 02:00
    // Without a horizon: nothing to say, the family is fresh.
    Run quiet = validate(evening, "alerts-0");
    assertEquals(0, quiet.exitCode(), quiet.out() + quiet.err());

    // With a 6-hour horizon: update_expected, naming the output and the expected time.
    Run expected = validate(evening, "alerts-1", "-D", "provenance.cadence.horizon=6h");
    assertEquals(3, expected.exitCode(), expected.out() + expected.err());
    String alerts = Files.readString(tmp.resolve("alerts-1/alerts-cadence.jsonl"));
    assertTrue(alerts.contains("\"reason\":\"update_expected\""), alerts);
    assertTrue(alerts.contains("is expected to update by"), alerts);
    assertTrue(alerts.contains("Dependent outputs: " + qualified(grep)), alerts);
    assertFalse(alerts.contains("\"reason\":\"overdue\""), alerts);
    // Past the horizon's reach (day 17, 12:00: 14 hours ahead) it is not reported.
    assertEquals(0, validate(base + 17 * DAY + 10 * HOUR, "alerts-2", "-D",
        "provenance.cadence.horizon=6h").exitCode());

    // A corrupted part and a predicted update: hold=true defers the recompute (it would be
    // done again after the update) ...
    List<String> clean = Outputs.payload(conf, Path.of(grep));
    Path part = onePart(Path.of(grep));
    Outputs.corrupt(part);
    byte[] corrupted = Files.readAllBytes(part);
    Path hold = policy("hold", "<property><name>provenance.policy.rule.default.hold</name>"
        + "<value>true</value></property>");
    Run held = sweep(evening, hold, "sweeps-held");
    assertEquals(3, held.exitCode(), held.out() + held.err());
    assertTrue(held.out().contains("held (rule 'default' hold=true)"), held.out());
    assertTrue(java.util.Arrays.equals(corrupted, Files.readAllBytes(part)),
        "the held output is left as it is");

    // ... and without hold the same findings recompute the part now.
    Run now = sweep(evening, policy("nohold", ""), "sweeps-now");
    // (The update_expected finding itself stays until the update: exit 3.)
    assertEquals(3, now.exitCode(), now.out() + now.err());
    assertTrue(now.out().contains("findings remain"), now.out());
    assertFalse(now.out().contains("held (rule"), now.out());
    assertEquals(clean, Outputs.payload(conf, Path.of(grep)));
  }

  @Test
  void aPerPatternWindowOverridesTheLearnedCadenceForItsFiles() throws Exception {
    long late = base + 19 * DAY + HOUR; // day 19 03:00: day 18 never came
    Run cadence = validate(late, "alerts-cadence");
    assertEquals(3, cadence.exitCode(), cadence.out() + cadence.err());
    String learned = Files.readString(tmp.resolve("alerts-cadence/alerts-cadence.jsonl"));
    assertTrue(learned.contains("\"reason\":\"overdue\""), learned);

    // A 30-day window for these files: the operator's word; no overdue, nothing old enough.
    String key = "provenance.validate.staleness.window./**/logs/day-*.log";
    Run generous = validate(late, "alerts-30d", "-D", key + "=30d");
    assertEquals(0, generous.exitCode(), generous.out() + generous.err());
    assertFalse(Files.exists(tmp.resolve("alerts-30d/alerts-cadence.jsonl")));

    // A 10-day window: the fixed rule reports the files older than it, still no overdue.
    Run strict = validate(late, "alerts-10d", "-D", key + "=10d");
    assertEquals(3, strict.exitCode(), strict.out() + strict.err());
    String fixed = allAlerts(tmp.resolve("alerts-10d"));
    assertTrue(fixed.contains("older_than_window"), fixed);
    assertFalse(fixed.contains("\"reason\":\"overdue\""), fixed);

    // The report carries the families as data and as a timeline.
    JsonNode report = new ObjectMapper().readTree(
        tmp.resolve("alerts-cadence/report.json").toFile());
    JsonNode family = report.path("sources").path(0);
    assertEquals("overdue", family.path("status").asText(), report.toString());
    assertTrue(family.path("family").asText().endsWith("/logs/day-*.log"), family.toString());
    assertEquals(qualified(grep), family.path("dependents").path(0).asText());
    String html = Files.readString(tmp.resolve("alerts-cadence/report.html"));
    assertTrue(html.contains("<h2>Source families</h2>"), html);
    assertTrue(html.contains("/logs/day-*.log <span class=\"overdue\""), html);
  }

  private Run validate(long at, String alerts, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("validate", "-D",
        "provenance.validate.sweep.time=" + at));
    args.addAll(List.of(more));
    args.addAll(List.of("--output", grep, "--alerts", tmp.resolve(alerts).toString()));
    return TestData.provmr(conf, args.toArray(new String[0]));
  }

  private Run sweep(long at, Path policy, String root) throws Exception {
    return TestData.provmr(conf, "sweep", "-D", "provenance.validate.sweep.time=" + at,
        "-D", "provenance.cadence.horizon=6h", "--output", grep, "--alerts-root",
        tmp.resolve(root).toString(), "--policy", policy.toString());
  }

  private Path policy(String name, String extra) throws Exception {
    Path p = tmp.resolve(name + ".xml");
    Files.writeString(p, "<configuration>" + extra + "</configuration>");
    return p;
  }

  private String qualified(String p) throws Exception {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p);
    return path.getFileSystem(conf).makeQualified(path).toString();
  }

  private static Path onePart(Path dir) throws Exception {
    try (Stream<Path> parts = Files.list(dir)) {
      return parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .findFirst().orElseThrow();
    }
  }

  private static String allAlerts(Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("alerts"))
          .toList()) {
        b.append(Files.readString(f));
      }
    }
    return b.toString();
  }

  private void deliver(int day, long mtime) throws Exception {
    Path f = in.resolve(String.format("day-%02d.log", day));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      b.append("event ").append(day % 5).append(" user").append((i * 7 + day) % 13)
          .append(" ok\n");
    }
    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
    FileSystem.getLocal(conf).setTimes(new org.apache.hadoop.fs.Path(f.toUri()), mtime, -1);
  }
}
