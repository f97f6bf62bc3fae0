package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** The cron entry point: validate, recompute, revalidate, and nothing when all is well. */
class SweepCommandTest {
  @TempDir
  Path tmp;

  @Test
  void sweepRepairsACorruptedPipelineAndASecondSweepFindsItClean() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    String text = TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2).toString();
    String wc = tmp.resolve("wc").toString();
    String topk = tmp.resolve("topk").toString();
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text, "--output", wc,
        "--reduces", "2").exitCode());
    assertEquals(0, TestData.provmr(conf, "run", "topk", "--input", wc, "--output", topk)
        .exitCode());
    List<String> cleanWc = Outputs.payload(conf, tmp.resolve("wc"));
    List<String> cleanTopk = Outputs.payload(conf, tmp.resolve("topk"));
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));

    String root = tmp.resolve("sweeps").toString();
    Run sweep = TestData.provmr(conf, "sweep", "--output", wc, "--output", topk,
        "--alerts-root", root);
    assertEquals(0, sweep.exitCode(), sweep.out() + sweep.err());
    assertTrue(sweep.out().contains("Sweep: clean after recompute."), sweep.out());
    assertEquals(cleanWc, Outputs.payload(conf, tmp.resolve("wc")));
    assertEquals(cleanTopk, Outputs.payload(conf, tmp.resolve("topk")));
    try (Stream<Path> runs = Files.list(tmp.resolve("sweeps"))) {
      Path run = runs.findFirst().orElseThrow();
      assertTrue(Files.exists(run.resolve("validate/report.json")));
      assertTrue(Files.exists(run.resolve("revalidate/report.json")));
    }

    Run again = TestData.provmr(conf, "sweep", "--output", wc, "--output", topk,
        "--alerts-root", root);
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertTrue(again.out().contains("all valid, nothing to recompute"), again.out());
    try (Stream<Path> runs = Files.list(tmp.resolve("sweeps"))) {
      assertEquals(2, runs.count(), "one dated directory per sweep");
    }
  }

  @Test
  void alertsRootAndWindowComeFromTheKeysUnlessTheOptionsAreGiven() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    String text = TestData.text(conf, tmp.resolve("text"), 8 * 1024, 1).toString();
    String grep = tmp.resolve("grep").toString();
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", text, "--output", grep,
        "--regex", "^a").exitCode());
    Path byKey = tmp.resolve("by-key");
    Path byOption = tmp.resolve("by-option");

    Run fromKeys = TestData.provmr(conf, "sweep", "-D", "provenance.sweep.alerts.root=" + byKey,
        "--output", grep, "-D", "provenance.validate.staleness.window=12h");
    assertEquals(0, fromKeys.exitCode(), fromKeys.out() + fromKeys.err());
    assertEquals("12h", window(onlyRun(byKey)));

    Run fromOptions = TestData.provmr(conf, "sweep", "-D", "provenance.sweep.alerts.root="
        + byKey, "-D", "provenance.validate.staleness.window=12h", "--output", grep,
        "--alerts-root", byOption.toString(), "--staleness-window", "2w");
    assertEquals(0, fromOptions.exitCode(), fromOptions.out() + fromOptions.err());
    assertEquals("14d", window(onlyRun(byOption)), "the option reaches the validation");
    try (Stream<Path> runs = Files.list(byKey)) {
      assertEquals(1, runs.count(), "the option, not the key, chose where the run went");
    }
  }

  private static Path onlyRun(Path root) throws Exception {
    try (Stream<Path> runs = Files.list(root)) {
      List<Path> all = runs.toList();
      assertEquals(1, all.size(), all.toString());
      return all.get(0);
    }
  }

  private static String window(Path run) throws Exception {
    return new ObjectMapper().readTree(run.resolve("validate/report.json").toFile())
        .path("stalenessWindow").asText();
  }

  @Test
  void sweepOfADirectoryWithoutALineageStoreIsAUsageError() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Files.createDirectories(tmp.resolve("plain"));
    Run sweep = TestData.provmr(conf, "sweep", "--output", tmp.resolve("plain").toString(),
        "--alerts-root", tmp.resolve("sweeps").toString());
    assertEquals(ExitCodes.USAGE, sweep.exitCode());
    assertTrue(sweep.err().contains("no lineage store"), sweep.err());
  }
}
