package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * The crash tests' fixture: a wordcount (3 reduces over 4 splits) captured once per class, and
 * for each test a copy with {@link #PART} corrupted and validated (alerts in {@code
 * tmp/alerts}), ready for a recompute.
 */
final class DamagedWordCount {
  static final String PART = "part-r-00001";

  private DamagedWordCount() {
  }

  /** Generates text under {@code shared} and captures wordcount over it; returns the output. */
  static Path capture(Configuration conf, Path shared) throws Exception {
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    TestData.text(conf, shared.resolve("text"), 128 * 1024, 2);
    Path clean = shared.resolve("wc");
    Run r = TestData.provmr(conf, "run", "wordcount", "--input",
        shared.resolve("text").toString(), "--output", clean.toString(), "--reduces", "3");
    assertEquals(0, r.exitCode(), r.err());
    return clean;
  }

  /** A copy of {@code clean} in {@code tmp/wc} with {@link #PART} corrupted, validated. */
  static Path damagedCopy(Configuration conf, Path clean, Path tmp) throws Exception {
    Path wc = tmp.resolve("wc");
    FileUtils.copyDirectory(clean.toFile(), wc.toFile());
    Outputs.corrupt(wc.resolve(PART));
    Run v = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    return wc;
  }
}
