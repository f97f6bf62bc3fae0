package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.testing.TestData;

/**
 * The three-stage pipeline of the trace and impact tests: wordcount over raw text (3 files,
 * 2 reduces) -> topk (k 5) -> a wrapped third-party job that swaps word and count; beside it
 * grep (map-only, one part per file) over the same text.
 */
final class Pipeline {
  final Path in;
  final Path wc;
  final Path topk;
  final Path swap;
  final Path grep;

  private Pipeline(Path tmp) {
    in = tmp.resolve("data/in");
    wc = tmp.resolve("data/wc");
    topk = tmp.resolve("data/topk");
    swap = tmp.resolve("data/swap");
    grep = tmp.resolve("data/grep");
  }

  static Pipeline run(Configuration conf, Path tmp) throws Exception {
    Pipeline p = new Pipeline(tmp);
    Files.createDirectories(p.in.getParent());
    TestData.text(conf, p.in, 96 * 1024, 3);
    ok(TestData.provmr(conf, "run", "wordcount", "--input", p.in.toString(), "--output",
        p.wc.toString(), "--reduces", "2"));
    ok(TestData.provmr(conf, "run", "topk", "--input", p.wc.toString(), "--output",
        p.topk.toString(), "--k", "5"));
    ok(TestData.provmr(conf, "wrap", "--mapper", Swap.SwapMapper.class.getName(),
        "--reducer", Swap.SwapReducer.class.getName(), "--input-format",
        PayloadInputFormat.class.getName(), "--input", p.topk.toString(), "--output",
        p.swap.toString()));
    ok(TestData.provmr(conf, "run", "grep", "--input", p.in.toString(), "--output",
        p.grep.toString(), "--regex", REGEX));
    return p;
  }

  /** The lines grep keeps: those with the word ka. */
  static final String REGEX = "\\bka\\b";

  private static void ok(TestData.Run run) {
    assertEquals(0, run.exitCode(), run.out() + run.err());
  }
}
