package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Third-party proof, local mode: Hadoop's own WordCount classes, unmodified and loaded from
 * Hadoop's examples jar, run under {@code provmr wrap}; the payload equals the plain job's
 * TextOutputFormat output byte for byte (after sorting lines).
 */
class WrappedWordCountTest {
  @TempDir
  Path tmp;

  @Test
  void wrappedHadoopWordCountPayloadEqualsThePlainJobsOutput() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 64 * 1024); // several sources
    org.apache.hadoop.fs.Path text = TestData.text(conf, tmp.resolve("text"), 256 * 1024, 2);
    String wrapped = tmp.resolve("wrapped").toUri().toString();

    Run run = TestData.provmr(conf, "wrap", "--jar", HadoopExamples.jar().toString(),
        "--mapper", WordCount.TokenizerMapper.class.getName(),
        "--combiner", WordCount.IntSumReducer.class.getName(),
        "--reducer", WordCount.IntSumReducer.class.getName(), "--reduces", "2",
        "--input", text.toString(), "--output", wrapped);
    assertEquals(0, run.exitCode(), run.err());

    assertTrue(HadoopExamples.plainWordCount(conf, text, new org.apache.hadoop.fs.Path(
        tmp.resolve("plain").toUri()), 2).waitForCompletion(false));

    Run payload = TestData.provmr(conf, "inspect", wrapped, "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));
    assertTrue(expected.size() > 1000, "a real vocabulary: " + expected.size());
    assertEquals(expected, sortedLines(payload.out()));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(wrapped));
    assertEquals(expected.size(), store.parts().stream().mapToLong(PartEntry::records).sum());
    assertTrue(store.sources().size() >= 4, "sources: " + store.sources().size());
    List<Step> steps = store.job().lineage(0).lineage().steps();
    assertEquals(2, steps.size());
    assertEquals(Stage.MAP, steps.get(0).stage());
    // The lineage names the code that ran, not ProvMR's delegates.
    assertEquals(WordCount.TokenizerMapper.class.getName(), steps.get(0).className());
    assertEquals(WordCount.IntSumReducer.class.getName(), steps.get(0).params().get("combiner"));
    assertEquals(WordCount.IntSumReducer.class.getName(), steps.get(1).className());
    assertEquals(HadoopExamples.jar().toURI().toString(),
        steps.get(1).params().get("provenance.wrap.jars"));
  }

  static List<String> sortedLines(String s) {
    return Arrays.stream(s.split("\n")).filter(l -> !l.isEmpty()).sorted()
        .collect(Collectors.toList());
  }

}
