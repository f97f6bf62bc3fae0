package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * End to end in local mode: a family of daily files (modification times set with
 * FileSystem.setTimes) feeds a grep; a sweep learns the family from its files, a
 * skipped day is found overdue naming the output, and the delivered file is recomputed into
 * the output by the policy's on.update trigger, equal to a fresh run. Time is the sweep's
 * reference time, set per sweep.
 */
class PredictiveSweepTest {
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;

  @TempDir
  Path tmp;

  @Test
  void sweepLearnsADailyFamilyFlagsTheSkippedDayAndRecomputesWhenItArrives()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.createDirectories(tmp.resolve("logs"));
    long base = (System.currentTimeMillis() / DAY - 30) * DAY + 2 * HOUR; // 02:00 UTC
    for (int d = 0; d < 18; d++) {
      deliver(conf, in, d, base + d * DAY + (d % 3) * 60_000L);
    }
    String wc = tmp.resolve("wc").toString();
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", in.toString(),
        "--output", wc, "--regex", "user1").exitCode());
    Path policy = tmp.resolve("policy.xml");
    Files.writeString(policy, "<configuration><property><name>"
        + "provenance.policy.rule.default.on.update</name><value>recompute</value>"
        + "</property></configuration>");
    String root = tmp.resolve("sweeps").toString();

    // Day 17 at 20:00: the last file came this morning; the family is learned and fresh, and
    // the fixed 7-day window stays silent about day-00 ... day-10.
    Run fresh = sweep(conf, base + 17 * DAY + 18 * HOUR, root, policy);
    assertEquals(0, fresh.exitCode(), fresh.out() + fresh.err());
    Run sources = TestData.provmr(conf, "sources", "--output", wc, "--explain", "--at",
        java.time.Instant.ofEpochMilli(base + 17 * DAY + 18 * HOUR).toString());
    assertEquals(0, sources.exitCode(), sources.out() + sources.err());
    assertTrue(sources.out().contains("fresh") && sources.out().contains("every 1d"),
        sources.out());

    // Day 19 at 03:00: day 18 never came.
    Run late = sweep(conf, base + 19 * DAY + HOUR, root, policy);
    assertEquals(3, late.exitCode(), late.out() + late.err());
    String alerts = newestAlerts(root);
    assertTrue(alerts.contains("\"reason\":\"overdue\""), alerts);
    assertTrue(alerts.contains("Dependent outputs: " + new org.apache.hadoop.fs.Path(wc)
        .getFileSystem(conf).makeQualified(new org.apache.hadoop.fs.Path(wc))), alerts);
    assertTrue(!alerts.contains("older_than_window"), alerts);
    String timeline = Files.readString(newestRun(root).resolve("validate/sources.html"));
    assertTrue(timeline.contains("<svg") && timeline.contains("overdue"), timeline);

    // Day 18's file arrives late, on day 19 at 04:00; the next sweep recomputes.
    deliver(conf, in, 18, base + 19 * DAY + 2 * HOUR);
    Run delivered = sweep(conf, base + 19 * DAY + 4 * HOUR, root, policy);
    assertEquals(0, delivered.exitCode(), delivered.out() + delivered.err());
    assertTrue(delivered.out().contains("Sweep: clean after recompute."), delivered.out());
    assertTrue(delivered.out().contains("day-18.log"), "the new file is what was recomputed: "
        + delivered.out());

    String fresher = tmp.resolve("fresh-wc").toString();
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", in.toString(),
        "--output", fresher, "--regex", "user1").exitCode());
    List<String> expected = Outputs.payload(conf, Path.of(fresher));
    assertEquals(expected, Outputs.payload(conf, Path.of(wc)));
  }

  @Test
  void aDamagedHistoryFileIsNamedAndTheValidationStillRuns() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path history = Files.createDirectories(tmp.resolve("history"));
    conf.set("provenance.history.dir", history.toUri().toString());
    Files.writeString(history.resolve("obs-1-torn.h1"), "not a history file");
    Path in = Files.createDirectories(tmp.resolve("logs"));
    for (int d = 0; d < 3; d++) {
      deliver(conf, in, d, System.currentTimeMillis() - (3 - d) * HOUR);
    }
    String grep = tmp.resolve("grep").toString();
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", in.toString(),
        "--output", grep, "--regex", "user1").exitCode());
    Run v = TestData.provmr(conf, "validate", "--output", grep, "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(0, v.exitCode(), v.out() + v.err());
    assertTrue(v.err().contains("obs-1-torn.h1") && v.err().contains("damaged"), v.err());
    // What the capture read and what the validation saw went into the store, next to the
    // damaged file, as a new file each.
    try (Stream<Path> files = Files.list(history)) {
      assertEquals(3, files.filter(f -> f.toString().endsWith(".h1")).count());
    }
  }

  private static void deliver(Configuration conf, Path dir, int day, long mtime)
      throws Exception {
    Path f = dir.resolve(String.format("day-%02d.log", day));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      b.append("event ").append(day % 5).append(" user").append((i * 7 + day) % 13)
          .append(" ok\n");
    }
    Files.writeString(f, b.toString(), StandardCharsets.UTF_8);
    FileSystem.getLocal(conf).setTimes(new org.apache.hadoop.fs.Path(f.toUri()), mtime, -1);
  }

  private static Run sweep(Configuration conf, long at, String root, Path policy)
      throws Exception {
    return TestData.provmr(conf, "sweep", "-D", "provenance.validate.sweep.time=" + at,
        "--output", Path.of(root).getParent().resolve("wc").toString(), "--alerts-root", root,
        "--policy", policy.toString());
  }

  private static Path newestRun(String root) throws Exception {
    try (Stream<Path> runs = Files.list(Path.of(root))) {
      return runs.filter(Files::isDirectory).max(Path::compareTo).orElseThrow();
    }
  }

  private static String newestAlerts(String root) throws Exception {
    StringBuilder b = new StringBuilder();
    try (Stream<Path> files = Files.list(newestRun(root).resolve("validate"))) {
      for (Path f : files.filter(p -> p.getFileName().toString().startsWith("alerts"))
          .toList()) {
        b.append(Files.readString(f));
      }
    }
    return b.toString();
  }
}
