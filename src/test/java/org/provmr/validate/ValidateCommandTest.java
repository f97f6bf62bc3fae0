package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;
import static org.provmr.validate.ValidationFixtures.provmr;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;

/** Bad input: a clear message naming the value and the fix, exit 2 (usage) or 1 (failure). */
class ValidateCommandTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static String grep;

  @TempDir
  Path dir;

  @BeforeAll
  static void capture() throws Exception {
    conf = conf(shared);
    String text = shared.resolve("text").toUri().toString();
    grep = shared.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
  }

  private String alerts() {
    return dir.resolve("alerts").toUri().toString();
  }

  private void assertNoAlertsDir() {
    assertFalse(Files.exists(dir.resolve("alerts")), "no alerts may be left behind");
  }

  @Test
  void outputWithoutLineageStoreIsAUsageErrorNamingTheDirectory() throws Exception {
    Path plain = Files.createDirectories(dir.resolve("plain-output"));
    Files.writeString(plain.resolve("part-r-00000"), "a\t1\n");
    TestData.Run r = provmr(conf, "validate", "--output", plain.toString(),
        "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("plain-output has no lineage store"), r.err());
    assertTrue(r.err().contains("usage: provmr validate"), r.err());
    assertNoAlertsDir();
  }

  @Test
  void existingAlertsDirectoryIsAUsageError() throws Exception {
    Files.createDirectories(dir.resolve("alerts"));
    TestData.Run r = provmr(conf, "validate", "--output", grep, "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("already exists"), r.err());
  }

  @Test
  void malformedWindowOnTheCommandLineNamesTheValueAndTheAcceptedForms() throws Exception {
    TestData.Run r = provmr(conf, "validate", "--output", grep, "--alerts", alerts(),
        "--staleness-window", "7days");
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("'7days'"), r.err());
    assertTrue(r.err().contains("30m, 12h or 7d"), r.err());
    assertNoAlertsDir();
  }

  @Test
  void malformedWindowInTheConfigurationNamesTheKey() throws Exception {
    Configuration c = new Configuration(conf);
    c.set("provenance.validate.staleness.window", "soon");
    TestData.Run r = provmr(c, "validate", "--output", grep, "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("'soon' for provenance.validate.staleness.window"), r.err());
    assertNoAlertsDir();
  }

  @Test
  void malformedPerPatternWindowIsAUsageError() throws Exception {
    Configuration c = new Configuration(conf);
    c.set("provenance.validate.staleness.window./data/**", "12 hours");
    TestData.Run r = provmr(c, "validate", "--output", grep, "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("provenance.validate.staleness.window./data/**"), r.err());
    Configuration d = new Configuration(conf);
    d.set("provenance.validate.staleness.window.clicks", "1h");
    TestData.Run s = provmr(d, "validate", "--output", grep, "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, s.exitCode());
    assertTrue(s.err().contains("must be a path pattern"), s.err());
    assertNoAlertsDir();
  }

  @Test
  void missingOutputOptionIsAUsageError() throws Exception {
    TestData.Run r = provmr(conf, "validate", "--alerts", alerts());
    assertEquals(ExitCodes.USAGE, r.exitCode());
    assertTrue(r.err().contains("Missing --output"), r.err());
  }

  @Test
  void unreadableLineageStoreFailsNamingTheFileAndLeavesNoAlerts() throws Exception {
    String copy = dir.resolve("copy").toUri().toString();
    ValidationFixtures.copy(conf, grep, copy);
    org.provmr.testing.StoreEdits.toVersion1(dir.resolve("copy"));
    Files.writeString(dir.resolve("copy").resolve(LineageStore.DIR)
        .resolve(LineageStore.PARTS_FILE), "{ not json", StandardCharsets.UTF_8);
    TestData.Run r = provmr(conf, "validate", "--output", copy, "--alerts", alerts());
    assertEquals(ExitCodes.FAILURE, r.exitCode());
    assertTrue(r.err().contains("parts.json"), r.err());
    assertNoAlertsDir();
  }

  @Test
  void failedValidationJobLeavesNoAlertsBehind() throws Exception {
    String copy = dir.resolve("copy").toUri().toString();
    ValidationFixtures.copy(conf, grep, copy);
    org.provmr.testing.StoreEdits.toVersion1(dir.resolve("copy"));
    Path parts = dir.resolve("copy").resolve(LineageStore.DIR).resolve(LineageStore.PARTS_FILE);
    // A store the planner accepts but a task cannot use: the job fails after it started.
    Files.writeString(parts, Files.readString(parts).replace("\"crc32c\"", "\"md5\""));
    TestData.Run r = provmr(conf, "validate", "--output", copy, "--alerts", alerts());
    assertEquals(ExitCodes.FAILURE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("failed"), r.err());
    assertNoAlertsDir();
  }

  @Test
  void helpListsTheCommandAndItsExitCodes() throws Exception {
    TestData.Run all = provmr(conf, "help");
    assertTrue(all.out().contains("validate"), all.out());
    TestData.Run one = provmr(conf, "validate", "--help");
    assertEquals(ExitCodes.OK, one.exitCode());
    assertTrue(one.out().contains("3 findings"), one.out());
  }
}
