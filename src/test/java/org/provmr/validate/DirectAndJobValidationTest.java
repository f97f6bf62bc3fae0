package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;

/**
 * The in-process validation ({@link DirectValidation}) and the validation job, run by the
 * command on the same damaged outputs, give the same alerts, the same report.json (but for
 * its times and job id), the same counters, exit code and alerts directory; and the route is
 * the one provenance.validate.mode and provenance.validate.direct.max.bytes pick, as the report
 * and the console say.
 */
class DirectAndJobValidationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Configuration conf;
  static final List<String> OUTPUTS = new ArrayList<>();
  static ValidationFixtures.Validation job;
  static ValidationFixtures.Validation direct;

  @BeforeAll
  static void damageAndValidateBothWays() throws Exception {
    conf = conf(dir);
    String text = uri("text");
    String changedText = uri("changed-text");
    String staleText = uri("stale-text");
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.generate(conf, changedText);
    ValidationFixtures.generate(conf, staleText);
    String grep = uri("grep");
    String wordcount = uri("wordcount");
    ValidationFixtures.grep(conf, text, grep);
    ValidationFixtures.wordcount(conf, text, wordcount);
    OUTPUTS.add(grep); // untouched
    FileSystem fs = new org.apache.hadoop.fs.Path(text).getFileSystem(conf);

    // A corrupted record of a reduce part.
    String reduce = copyOf(wordcount, "reduce-flip");
    org.apache.hadoop.fs.Path rpart = new org.apache.hadoop.fs.Path(reduce, "part-r-00000");
    ValidationFixtures.RecordAt r = ValidationFixtures.records(conf, rpart).get(7);
    long end = r.offset() + 8 + r.keyLength() + r.valueLength() - 1;
    ValidationFixtures.edit(conf, rpart, b -> b[(int) end] ^= 0x01);

    // A truncated map part.
    String truncated = copyOf(grep, "truncated-part");
    org.apache.hadoop.fs.Path tpart = new org.apache.hadoop.fs.Path(truncated, "part-m-00000");
    ValidationFixtures.truncate(conf, tpart,
        ValidationFixtures.records(conf, tpart).get(20).offset() + 5);

    // A stray file in priority/: a copy of a listed part under a name the store lacks.
    String stray = copyOf(grep, "stray-priority");
    org.apache.hadoop.fs.Path priority = new org.apache.hadoop.fs.Path(stray, "priority");
    fs.mkdirs(priority);
    ValidationFixtures.write(conf, new org.apache.hadoop.fs.Path(priority, "part-m-00099"),
        ValidationFixtures.read(conf, new org.apache.hadoop.fs.Path(stray, "part-m-00001")));

    // A source changed in one byte after capture.
    String changed = uri("grep-changed");
    ValidationFixtures.grep(conf, changedText, changed);
    OUTPUTS.add(changed);
    org.apache.hadoop.fs.Path source = firstFile(fs, changedText);
    ValidationFixtures.edit(conf, source, b -> b[1000] ^= 0x01);

    // A source older than the window (every other source was written just now).
    String stale = uri("grep-stale");
    ValidationFixtures.grep(conf, staleText, stale);
    OUTPUTS.add(stale);
    fs.setTimes(firstFile(fs, staleText), System.currentTimeMillis() - 10L * 86_400_000L, -1);

    job = validate("alerts-job", "--mode", "job");
    direct = validate("alerts-direct", "--mode", "direct");
  }

  private static ValidationFixtures.Validation validate(String alerts, String... more)
      throws Exception {
    List<String> args = new ArrayList<>(List.of("--staleness-window", "1d"));
    for (String o : OUTPUTS) {
      args.add("--output");
      args.add(o);
    }
    args.addAll(List.of(more));
    return ValidationFixtures.validate(conf, uri(alerts), args.toArray(new String[0]));
  }

  private static org.apache.hadoop.fs.Path firstFile(FileSystem fs, String dirUri)
      throws Exception {
    return Stream.of(fs.listStatus(new org.apache.hadoop.fs.Path(dirUri)))
        .filter(s -> s.isFile() && !s.getPath().getName().startsWith("."))
        .map(s -> s.getPath()).sorted().findFirst().orElseThrow();
  }

  private static String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String copyOf(String output, String name) throws Exception {
    String to = uri(name);
    ValidationFixtures.copy(conf, output, to);
    OUTPUTS.add(to);
    return to;
  }

  /** An alert as JSON without its detection time, which differs between any two runs. */
  private static List<String> timeless(List<Alert> alerts) throws Exception {
    List<String> out = new ArrayList<>();
    for (Alert a : alerts) {
      ObjectNode n = (ObjectNode) JSON.readTree(a.toJson());
      n.remove("detectedAt");
      out.add(n.toString());
    }
    return out;
  }

  /**
   * report.json without the times (of the run, of the cadence survey, of the age histogram)
   * and the job id; the mode is compared on its own.
   */
  private static JsonNode timeless(JsonNode report) {
    ObjectNode r = report.deepCopy();
    for (String f : List.of("jobId", "mode", "startedAt", "finishedAt", "sourcesAt")) {
      r.remove(f);
    }
    ((ObjectNode) r.path("ageHistogram")).remove("measuredAt");
    return r;
  }

  private static Set<String> files(String alerts) throws Exception {
    Set<String> names = new TreeSet<>();
    try (Stream<Path> s = Files.list(dir.resolve(alerts))) {
      s.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".crc"))
          .forEach(names::add);
    }
    return names;
  }

  @Test
  void bothRoutesFindEveryDamageAndExitThree() {
    assertEquals(ExitCodes.FINDINGS, job.exitCode(), job.err());
    assertEquals(ExitCodes.FINDINGS, direct.exitCode(), direct.err());
    for (AlertType t : List.of(AlertType.CHECKSUM_MISMATCH, AlertType.SOURCE_MISMATCH,
        AlertType.DATA_STALENESS, AlertType.UNLISTED_PART)) {
      assertFalse(job.ofType(t).isEmpty(), () -> t + " missing: " + job.alerts());
    }
    assertTrue(job.alerts().stream().anyMatch(a -> a.reason().equals("truncated")
        || a.message().contains("cannot be read past")), job.alerts().toString());
    assertTrue(job.alerts().stream().anyMatch(a -> a.type() == AlertType.UNLISTED_PART
        && "priority/part-m-00099".equals(a.part())), job.alerts().toString());
  }

  @Test
  void directGivesTheJobsAlertsInTheJobsOrder() throws Exception {
    assertEquals(timeless(job.alerts()), timeless(direct.alerts()));
  }

  @Test
  void oneThreadOrFourGiveWhatTwoGive() throws Exception {
    for (String n : List.of("1", "4")) {
      List<String> args = new ArrayList<>(List.of("--staleness-window", "1d", "--mode",
          "direct"));
      for (String o : OUTPUTS) {
        args.add("--output");
        args.add(o);
      }
      ValidationFixtures.Validation v = ValidationFixtures.validate(conf,
          new String[] {"-D", "provenance.validate.direct.threads=" + n},
          uri("alerts-threads-" + n), args.toArray(new String[0]));
      assertEquals(timeless(direct.alerts()), timeless(v.alerts()), n + " threads");
      assertEquals(direct.counters(), v.counters(), n + " threads");
    }
  }

  /**
   * Interrupted (the service's time limit), the check stops before its next unit on one thread
   * or several, and its threads have ended when it returns: a read of the local file system
   * does not notice an interrupt by itself.
   */
  @Test
  void anInterruptedCheckStopsAndLeavesNoThreadRunning() throws Exception {
    List<org.apache.hadoop.fs.Path> outputs = new ArrayList<>();
    OUTPUTS.forEach(o -> outputs.add(new org.apache.hadoop.fs.Path(o)));
    // The plan first: reading a store through an interrupted channel fails as unreadable.
    ValidationPlan plan = ValidationPlan.of(conf, outputs);
    for (String n : List.of("1", "4")) {
      Configuration c = new Configuration(conf);
      c.set("provenance.validate.direct.threads", n);
      Thread.currentThread().interrupt();
      try {
        InterruptedIOException e = assertThrows(InterruptedIOException.class,
            () -> DirectValidation.run(c, plan, u -> true, System.currentTimeMillis()),
            n + " threads");
        assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is kept");
        assertTrue(e.getMessage().startsWith("Validation interrupted")
            || e.getMessage().equals("Interrupted while validating"), e.getMessage());
      } finally {
        Thread.interrupted();
      }
      assertEquals(List.of(), Thread.getAllStackTraces().keySet().stream()
          .filter(t -> t.isAlive() && t.getName().startsWith("provmr-validate-")).toList());
    }
  }

  @Test
  void directGivesTheJobsCountersAndReport() {
    assertEquals(job.counters(), direct.counters());
    assertTrue(job.counters().path("SOURCE_BYTES_CHECKED").asLong() > 0);
    assertEquals(timeless(job.report()), timeless(direct.report()));
    assertEquals("job", job.report().path("mode").asText());
    assertEquals("direct", direct.report().path("mode").asText());
  }

  @Test
  void directLeavesTheSameAlertsDirectoryAndConsoleSummary() throws Exception {
    assertEquals(files("alerts-job"), files("alerts-direct"));
    assertTrue(files("alerts-direct").containsAll(List.of("_SUCCESS", "alerts-r-00000.jsonl",
        ValidationReport.JSON_FILE, ValidationReport.HTML_FILE)), files("alerts-direct")
        .toString());
    assertEquals(summary(job.out()), summary(direct.out()));
    // Both print the counter group the job prints (JobProgress.finished).
    for (ValidationFixtures.Validation v : List.of(job, direct)) {
      assertTrue(v.err().contains("  " + ValidationCounters.class.getName() + "\n"), v.err());
      assertTrue(v.err().contains("    PARTS_CHECKED=" + job.counter(
          ValidationCounters.PARTS_CHECKED) + "\n"), v.err());
    }
  }

  private static List<String> summary(String out) {
    return out.lines().filter(l -> l.startsWith("Checked ") || l.contains(" findings: "))
        .toList();
  }

  @Test
  void theThresholdPicksTheRouteAndSaysWhy() throws Exception {
    long bytes = ValidationPlan.of(conf, OUTPUTS.stream().map(org.apache.hadoop.fs.Path::new)
        .toList()).totalBytes();
    assertTrue(bytes > 0);
    ValidationFixtures.Validation at = ValidationFixtures.validate(conf,
        new String[] {"-D", "provenance.validate.direct.max.bytes=" + bytes},
        uri("alerts-at-threshold"), "--output", OUTPUTS.get(0), "--output", OUTPUTS.get(1),
        "--output", OUTPUTS.get(2), "--output", OUTPUTS.get(3), "--output", OUTPUTS.get(4),
        "--output", OUTPUTS.get(5), "--staleness-window", "1d");
    assertEquals("direct", at.report().path("mode").asText());
    assertTrue(at.out().contains("Validating in this JVM (no job)"), at.out());
    assertTrue(at.out().contains("<= provenance.validate.direct.max.bytes"), at.out());
    ValidationFixtures.Validation over = ValidationFixtures.validate(conf,
        new String[] {"-D", "provenance.validate.direct.max.bytes=" + (bytes - 1)},
        uri("alerts-over-threshold"), "--output", OUTPUTS.get(0), "--output", OUTPUTS.get(1),
        "--output", OUTPUTS.get(2), "--output", OUTPUTS.get(3), "--output", OUTPUTS.get(4),
        "--output", OUTPUTS.get(5), "--staleness-window", "1d");
    assertEquals("job", over.report().path("mode").asText());
    assertTrue(over.out().contains("Running provmr validate"), over.out());
    assertTrue(over.err().contains("Submitted job_local"), over.err());
    assertEquals(at.counters(), over.counters());
  }

  @Test
  void badModeSizeOrThreadsStopBeforeTheAlertsDirectoryIsMade() throws Exception {
    ValidationFixtures.Validation mode = ValidationFixtures.validate(conf, uri("alerts-bad-mode"),
        "--output", OUTPUTS.get(0), "--mode", "fast");
    assertEquals(ExitCodes.USAGE, mode.exitCode());
    assertTrue(mode.err().contains("--mode 'fast': use auto"), mode.err());
    ValidationFixtures.Validation size = ValidationFixtures.validate(conf,
        new String[] {"-D", "provenance.validate.direct.max.bytes=lots"},
        uri("alerts-bad-size"), "--output", OUTPUTS.get(0));
    assertEquals(ExitCodes.USAGE, size.exitCode());
    assertTrue(size.err().contains("provenance.validate.direct.max.bytes='lots'"), size.err());
    ValidationFixtures.Validation threads = ValidationFixtures.validate(conf,
        new String[] {"-D", "provenance.validate.direct.threads=two"},
        uri("alerts-bad-threads"), "--output", OUTPUTS.get(0));
    assertEquals(ExitCodes.USAGE, threads.exitCode());
    assertTrue(threads.err().contains("provenance.validate.direct.threads='two'"),
        threads.err());
    assertFalse(Files.exists(dir.resolve("alerts-bad-mode")));
    assertFalse(Files.exists(dir.resolve("alerts-bad-size")));
    assertFalse(Files.exists(dir.resolve("alerts-bad-threads")));
  }
}
