package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/** {@code provmr trace} on wordcount -> topk -> a wrapped job, one pipeline for the class. */
class TracePipelineTest {
  @TempDir
  static Path tmp;
  static Configuration conf;
  static Pipeline p;

  @BeforeAll
  static void pipeline() throws Exception {
    conf = TestData.localConf(tmp);
    p = Pipeline.run(conf, tmp);
  }

  @Test
  void printsIt() throws Exception {
    TestData.Run run = TestData.provmr(conf, "trace", p.swap.toString(), "--part",
        "part-r-00000", "--record", "0", "--precise", "--show-source", "--limit", "3");
    System.out.println(run.out() + run.err());
    TestData.Run json = TestData.provmr(conf, "trace", p.swap.toString(), "--part",
        "part-r-00000", "--record", "0", "--precise", "--show-source", "--limit", "100000",
        "--json");
    assertEquals(0, json.exitCode(), json.err());
    JsonNode root = new ObjectMapper().readTree(json.out());
    assertTrue(root.path("replay").path("addsUp").asBoolean(), json.out());
  }
}
