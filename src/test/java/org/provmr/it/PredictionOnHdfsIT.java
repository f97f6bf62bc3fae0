package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Predictive re-computation on the mini clusters: a family of dated files on HDFS
 * ({@code events-2026-MM-DD.log}, modification times at 02:00 UTC set with
 * {@code FileSystem.setTimes}; the older ones deleted by retention and known only to the
 * history store) read by a grep on YARN. The capture's commit (in the
 * application master) records the files in the HDFS history store; {@code provmr sources}
 * learns the daily cadence; a sweep after a skipped day finds the family overdue naming the
 * output; the delivered file is recomputed into the output by the {@code on.update=recompute}
 * policy, equal to a fresh grep over all the files. Time is the sweep's reference time. The
 * sweeps and the fresh grep run their jobs in LocalJobRunner against HDFS, to keep the class
 * near two minutes on a small machine.
 */
class PredictionOnHdfsIT {
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  static MiniClusters clusters;

  @BeforeAll
  static void start() throws IOException {
    clusters = MiniClusters.shared(PredictionOnHdfsIT.class);
  }

  @AfterAll
  static void stop() throws IOException {
    clusters.close();
  }

  @Test
  void aDailyFamilyOnHdfsIsLearnedFlaggedWhenLateAndRecomputedWhenItsUpdateArrives()
      throws Exception {
    Configuration conf = clusters.conf();
    conf.set("provenance.history.dir", clusters.path("history"));
    FileSystem fs = clusters.fs();
    String logs = clusters.path("logs");
    long base = (System.currentTimeMillis() / DAY - 30) * DAY + 2 * HOUR; // 02:00 UTC
    // Days 0-15 were read by earlier captures and have since been deleted by retention: only
    // the history store remembers them. Days 16-17 are on HDFS. (Two files, not eighteen:
    // each file is a map container, and containers are what makes a YARN test slow.)
    SourceHistory store = SourceHistory.of(conf);
    List<Observation> earlier = new java.util.ArrayList<>();
    for (int d = 0; d < 16; d++) {
      String gone = new Path(logs, name(base, d)).toString();
      earlier.add(new Observation(logs + "/events-*-*-*.log", gone, 3400,
          base + d * DAY + (d % 3) * 60_000L, null, base + d * DAY + HOUR,
          Observation.Kind.CAPTURE));
    }
    store.record(earlier);
    for (int d = 16; d < 18; d++) {
      deliver(fs, logs, base, d, base + d * DAY + (d % 3) * 60_000L);
    }
    String grep = clusters.path("grep");
    Run captured = TestData.provmr(conf, "run", "grep", "--input", logs, "--output", grep,
        "--regex", "user1");
    assertEquals(0, captured.exitCode(), captured.out() + captured.err());

    // The commit, in the application master, added the 2 files it read to the history on HDFS.
    SourceHistory.Loaded history = store.load();
    assertEquals(List.of(), history.problems());
    List<Observation> seen = history.family(logs + "/events-*-*-*.log").stream()
        .filter(o -> o.fingerprint() != null).toList();
    assertEquals(2, seen.size(), history.byFamily().toString());
    for (int d = 16; d < 18; d++) {
      FileStatus f = fs.getFileStatus(new Path(logs, name(base, d)));
      assertTrue(seen.stream().anyMatch(o -> o.kind() == Observation.Kind.CAPTURE
          && o.path().equals(f.getPath().toString()) && o.length() == f.getLen()
          && o.modificationTime() == f.getModificationTime()), d + ": " + seen);
    }
    assertEquals(18, history.family(logs + "/events-*-*-*.log").size());

    // Day 17, 20:00: the family is learned from its history (2 files would not be trusted),
    // and is fresh.
    Run sources = TestData.provmr(conf, "sources", "--output", grep, "--explain", "--at",
        Instant.ofEpochMilli(base + 17 * DAY + 18 * HOUR).toString());
    assertEquals(0, sources.exitCode(), sources.out() + sources.err());
    assertTrue(sources.out().contains("fresh") && sources.out().contains("every 1d")
        && sources.out().contains("18 updates"), sources.out());

    // The sweeps' jobs (validation, recompute) run in this JVM against HDFS, as a cron host's
    // would with mapreduce.framework.name=local: five YARN jobs more would take minutes here.
    conf.set("mapreduce.framework.name", "local");
    // Day 19, 03:00: day 18 never came.
    String root = clusters.path("sweeps");
    Path policy = policy(fs);
    Run late = sweep(conf, base + 19 * DAY + HOUR, grep, root, policy);
    assertEquals(3, late.exitCode(), late.out() + late.err());
    String alerts = cadenceAlerts(fs, root);
    assertTrue(alerts.contains("\"reason\":\"overdue\""), alerts);
    assertTrue(alerts.contains("Dependent outputs: " + grep), alerts);
    assertFalse(alerts.contains("older_than_window"), alerts);

    // Day 18's file arrives on day 19 at 02:00; the 04:00 sweep recomputes it into the output.
    deliver(fs, logs, base, 18, base + 19 * DAY + 2 * HOUR);
    Run delivered = sweep(conf, base + 19 * DAY + 4 * HOUR, grep, root, policy);
    assertEquals(0, delivered.exitCode(), delivered.out() + delivered.err());
    assertTrue(delivered.out().contains("Sweep: clean after recompute."), delivered.out());
    assertTrue(delivered.out().contains(name(base, 18)), delivered.out());

    String fresh = clusters.path("grep-fresh");
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", logs, "--output", fresh,
        "--regex", "user1").exitCode());
    assertEquals(payload(conf, fresh), payload(conf, grep));
  }

  private static String name(long base, int day) {
    return "events-" + Instant.ofEpochMilli(base + day * DAY).toString().substring(0, 10)
        + ".log";
  }

  private static void deliver(FileSystem fs, String logs, long base, int day, long mtime)
      throws IOException {
    Path f = new Path(logs, name(base, day));
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      b.append("event ").append(day % 5).append(" user").append((i * 7 + day) % 13)
          .append(" ok\n");
    }
    try (OutputStream out = fs.create(f, false)) {
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    }
    fs.setTimes(f, mtime, -1);
  }

  private static Path policy(FileSystem fs) throws IOException {
    Path p = new Path(clusters.path("policy.xml"));
    try (OutputStream out = fs.create(p, false)) {
      out.write(("<configuration><property><name>provenance.policy.rule.default.on.update"
          + "</name><value>recompute</value></property></configuration>")
          .getBytes(StandardCharsets.UTF_8));
    }
    return p;
  }

  private static Run sweep(Configuration conf, long at, String output, String root,
      Path policy) throws Exception {
    return TestData.provmr(conf, "sweep", "-D", "provenance.validate.sweep.time=" + at,
        "--output", output, "--alerts-root", root, "--policy", policy.toString());
  }

  /** The newest sweep's alerts-cadence.jsonl. */
  private static String cadenceAlerts(FileSystem fs, String root) throws IOException {
    FileStatus[] runs = fs.listStatus(new Path(root), p -> !p.getName().startsWith("."));
    Arrays.sort(runs);
    Path file = new Path(runs[runs.length - 1].getPath(), "validate/alerts-cadence.jsonl");
    try (var in = fs.open(file)) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      IOUtils.copyBytes(in, out, 4096, false);
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  private static List<String> payload(Configuration conf, String output) throws Exception {
    Run run = TestData.provmr(conf, "inspect", output, "--payload");
    assertEquals(0, run.exitCode(), run.err());
    return Arrays.stream(run.out().split("\n")).filter(l -> !l.isEmpty()).sorted().toList();
  }
}
