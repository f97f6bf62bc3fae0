package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.testing.TestData;

/**
 * The three-stage pipeline of the trace and impact tests: wordcount over raw text (3 files,
 * 2 reduces) -> topk (k 5) -> a wrapped third-party job that swaps word and count.
 */
final class Pipeline {
  final Path in;
  final Path wc;
  final Path topk;
  final Path swap;

  private Pipeline(Path tmp) {
    in = tmp.resolve("data/in");
    wc = tmp.resolve("data/wc");
    topk = tmp.resolve("data/topk");
    swap = tmp.resolve("data/swap");
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
    return p;
  }

  /** The operator's configuration that lets a replay run the test's third-party classes. */
  static Configuration allowing(Configuration conf) {
    Configuration c = new Configuration(conf);
    c.set("provenance.recompute.allowed.classes",
        "org.provmr.*,org.apache.hadoop.*,java.lang.*");
    return c;
  }

  private static void ok(TestData.Run run) {
    assertEquals(0, run.exitCode(), run.out() + run.err());
  }
}
