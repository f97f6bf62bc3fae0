package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  void sweepOfADirectoryWithoutALineageStoreIsAUsageError() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Files.createDirectories(tmp.resolve("plain"));
    Run sweep = TestData.provmr(conf, "sweep", "--output", tmp.resolve("plain").toString(),
        "--alerts-root", tmp.resolve("sweeps").toString());
    assertEquals(ExitCodes.USAGE, sweep.exitCode());
    assertTrue(sweep.err().contains("no lineage store"), sweep.err());
  }
}
