package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * {@code -files} reaches wrapped code through the distributed cache, and its counters are
 * counted and printed; the output is what the code computes from the cached file.
 */
class WrapCacheFilesAndCountersTest {
  @TempDir
  Path tmp;

  @Test
  void aCacheFileGivenWithFilesIsReadByTheMapperAndItsCounterIsPrinted() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.writeString(tmp.resolve("in.txt"),
        "the cat and the dog\nand a bird\nthe end\n");
    Path stop = Files.writeString(tmp.resolve("stop.txt"), "the\nand\na\n");
    String out = tmp.resolve("out").toUri().toString();

    Run run = TestData.provmr(conf, "wrap", "-files", stop.toUri() + "#stop",
        "--mapper", StopWordMapper.class.getName(),
        "--reducer", "org.apache.hadoop.mapreduce.lib.reduce.IntSumReducer",
        "--output-key-class", "org.apache.hadoop.io.Text",
        "--output-value-class", "org.apache.hadoop.io.IntWritable",
        "--input", in.toString(), "--output", out);
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("Counter stopwords.SKIPPED=6"), run.out());
    Run payload = TestData.provmr(conf, "inspect", out, "--payload");
    assertEquals(List.of("bird\t1", "cat\t1", "dog\t1", "end\t1"),
        new ArrayList<>(WrappedWordCountTest.sortedLines(payload.out())));

    Run clean = TestData.provmr(conf, "validate", "--alerts",
        tmp.resolve("alerts").toUri().toString(), "--output", out);
    assertEquals(ExitCodes.OK, clean.exitCode(), clean.out() + clean.err());
  }
}
