package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Alert lines, validation reports and recompute journals name outputs and files as strings; a
 * string that is no Hadoop path ("", "a:b") made Path's constructor throw an
 * IllegalArgumentException, and recompute and promote exit 1 naming no file (found with
 * OutputMutationTest's fixture); a relative one ("-1") was taken relative to the working
 * directory (OutputMutationTest: "No lineage store in file:/work/-1 to lock"). Now it is a malformed alert or report (exit 2, naming the
 * file) or a journal refused before anything is resumed.
 */
class UnparsablePathsTest {
  private static final String REPORT = "{\"startedAt\":\"2026-12-06T00:00:00Z\",\"outputs\":[%s]}";

  @TempDir
  Path tmp;
  Configuration conf;
  Path alerts;

  @BeforeEach
  void setUp() throws IOException {
    conf = TestData.localConf(tmp);
    alerts = Files.createDirectories(tmp.resolve("alerts"));
  }

  private static String alertNaming(String output) {
    return "{\"version\":1,\"type\":\"checksum_mismatch\",\"severity\":\"error\",\"scope\":"
        + "\"part\",\"reason\":\"part_checksum\",\"output\":\"" + output + "\",\"part\":"
        + "\"part-m-00000\",\"record\":null,\"offset\":null,\"dataId\":null,\"sourceSets\":[],"
        + "\"lineageId\":0,\"jobId\":\"job_1\",\"expected\":\"3e4721a4\",\"actual\":"
        + "\"e722e09c\",\"records\":null,\"detectedAt\":\"2026-12-06T00:00:00Z\",\"message\":"
        + "\"m\"}\n";
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a:b", "-1"})
  void anAlertWhoseOutputIsNoPathIsAMalformedAlertNamingItsLine(String output)
      throws Exception {
    Files.writeString(alerts.resolve("alerts-r-00000.jsonl"), alertNaming(output));
    Files.writeString(alerts.resolve("report.json"), String.format(REPORT, ""));
    for (String command : List.of("recompute", "promote")) {
      Run run = TestData.provmr(conf, command, "--alerts", alerts.toString());
      assertEquals(ExitCodes.USAGE, run.exitCode(), command + ": " + run.err());
      assertTrue(run.err().contains("alerts-r-00000.jsonl line 1: its output '" + output
          + "' is not an absolute path"), command + ": " + run.err());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"\"", "\"a:b\"", "\"-1\""})
  void aReportCoveringAnOutputThatIsNoPathIsAMalformedReport(String output) throws Exception {
    Files.writeString(alerts.resolve("alerts-r-00000.jsonl"), "");
    Files.writeString(alerts.resolve("report.json"), String.format(REPORT, output));
    for (String command : List.of("recompute", "promote")) {
      Run run = TestData.provmr(conf, command, "--alerts", alerts.toString());
      assertEquals(ExitCodes.USAGE, run.exitCode(), command + ": " + run.err());
      assertTrue(run.err().contains("Malformed validation report " + alerts.toUri().getPath()
          .replaceAll("/$", "")), command + ": " + run.err());
      assertTrue(run.err().contains("an output it covered " + output.replace('"', '\'')
          + " is not an absolute path"), command + ": " + run.err());
    }
  }

  @Test
  void aJournalNamingNoPathIsRefusedNotAnIllegalArgumentException() {
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path("file:/data/wc");
    org.apache.hadoop.fs.Path runDir = new org.apache.hadoop.fs.Path(output,
        "_provenance/recompute/r1");
    Journal j = new Journal(1, "r1", "", "committing", List.of(new Journal.Move("replace",
        "part-r-00000", "a:b", true, false)), new Journal.NewStore(null, List.of(), List.of()));
    IOException e = assertThrows(IOException.class, () -> j.checkBelongsTo(output, runDir,
        new org.apache.hadoop.fs.Path(runDir, "journal.json")));
    assertTrue(e.getMessage().startsWith("Refusing to resume from file:/data/wc/_provenance/"
        + "recompute/r1/journal.json: it is about output , not file:/data/wc; staged file a:b"
        + " is not in file:/data/wc/_provenance/recompute/r1/staged"), e.getMessage());
  }
}
