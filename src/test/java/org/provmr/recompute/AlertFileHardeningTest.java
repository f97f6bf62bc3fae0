package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * An alerts directory can be written by others than the operator: recompute reads only
 * regular files of bounded size from it, and says which file it refused.
 */
class AlertFileHardeningTest {
  @TempDir
  Path tmp;
  Configuration conf;
  Path alerts;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    alerts = Files.createDirectories(tmp.resolve("alerts"));
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void aFifoAlertFileIsRefusedInsteadOfBlocking() throws Exception {
    Path fifo = alerts.resolve("alerts-r-00000.jsonl");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Run run = TestData.provmr(conf, "recompute", "--alerts", alerts.toString(), "--dry-run");
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("alerts-r-00000.jsonl is a FIFO, socket or device, not a"
        + " regular file; it was not opened"), run.err());
  }

  @Test
  void anOversizedAlertFileIsRefusedNamingTheKey() throws Exception {
    Files.writeString(alerts.resolve("alerts-r-00000.jsonl"), "\n".repeat(3000));
    Run run = TestData.provmr(conf, "recompute", "-D", "provenance.read.max.metadata.bytes=2k",
        "--alerts", alerts.toString(), "--dry-run");
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.err());
    assertTrue(run.err().contains("alerts-r-00000.jsonl is 3000 bytes, more than the 2048"
        + " bytes a file of its kind may have (provenance.read.max.metadata.bytes)"), run.err());
  }

  @Test
  void aDeeplyNestedAlertLineIsAMalformedLineNotAStackOverflow() throws Exception {
    Files.writeString(alerts.resolve("alerts-r-00000.jsonl"), "[".repeat(50_000) + "\n");
    Run run = TestData.provmr(conf, "recompute", "--alerts", alerts.toString(), "--dry-run");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().contains("malformed alert at ") && run.err().contains(
        "alerts-r-00000.jsonl line 1: JSON nested deeper than 300 levels"), run.err());
  }
}
