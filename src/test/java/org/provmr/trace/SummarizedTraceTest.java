package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;

/**
 * Issue 17's precision policy end to end: a wordcount captured with a source-set budget so small
 * that its records only name their partition's splits (the summary set) is traced with {@code
 * provmr trace --precise}, and the replay finds exactly the input lines that the same trace finds
 * on an exact capture of the same input.
 */
class SummarizedTraceTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void preciseTraceOfASummarizedRecordFindsTheSameInputLinesAsAnExactCapture() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 64 * 1024, 4);
    Path exact = tmp.resolve("exact");
    Path summarized = tmp.resolve("summarized");
    ok(TestData.provmr(conf, "run", "wordcount", "--input", in.toString(), "--output",
        exact.toString(), "--reduces", "2"));
    ok(TestData.provmr(conf, "run", "wordcount", "--input", in.toString(), "--output",
        summarized.toString(), "--reduces", "2",
        "-D", ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES + "=1"));

    // A record the budget summarized, whose exact set is smaller than its partition's splits.
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(summarized.toUri()));
    String word = null;
    int exactSplits = 0;
    for (PartEntry part : store.parts()) {
      if (part.summarizedRecords() == 0) {
        continue;
      }
      org.apache.hadoop.fs.Path file =
          new org.apache.hadoop.fs.Path(summarized.resolve(part.name()).toUri());
      try (ProvenanceFileReader<?, ?> r = new ProvenanceFileReader<>(conf, file)) {
        while (word == null && r.next()) {
          ProvenanceHeader h = r.value().header();
          if (h.sourceSet() && part.summarized(h.sourceSetId())) {
            int n = splitsOf(conf, exact, r.key().toString());
            if (n < store.sources().size()) {
              word = r.key().toString();
              exactSplits = n;
            }
          }
        }
      }
    }
    assertNotNull(word, "no summarized record that fewer splits than all produced");

    JsonNode fromSummary = trace(conf, summarized, word);
    JsonNode fromExact = trace(conf, exact, word);
    assertTrue(fromSummary.path("replay").path("addsUp").asBoolean(), fromSummary.toString());
    assertEquals(rawLines(fromExact), rawLines(fromSummary));
    assertEquals(fromExact.path("replay").path("matched").asLong(),
        fromSummary.path("replay").path("matched").asLong());
    // The summary made the replay read more splits than the exact set; it still narrowed them.
    assertTrue(fromSummary.path("replay").path("recordsRead").asLong()
        >= fromExact.path("replay").path("recordsRead").asLong(), fromSummary.toString());
    assertTrue(exactSplits >= 1);
  }

  /** How many distinct source files feed {@code word}'s record in an exact capture. */
  private static int splitsOf(Configuration conf, Path output, String word) throws Exception {
    JsonNode t = trace(conf, output, word);
    List<String> files = new ArrayList<>();
    for (JsonNode raw : t.path("raw")) {
      String uri = raw.path("uri").asText();
      if (!files.contains(uri)) {
        files.add(uri);
      }
    }
    return files.size();
  }

  private static JsonNode trace(Configuration conf, Path output, String word) throws Exception {
    TestData.Run run = TestData.provmr(conf, "trace", output.toString(), "--key", word,
        "--precise", "--show-source", "--limit", "100000", "--json");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    return JSON.readTree(run.out());
  }

  private static List<String> rawLines(JsonNode t) {
    List<String> lines = new ArrayList<>();
    for (JsonNode raw : t.path("raw")) {
      lines.add(raw.path("uri").asText() + "@" + raw.path("offset").asText() + ":"
          + raw.path("text").asText());
    }
    assertTrue(!lines.isEmpty(), "the trace listed no lines");
    return lines;
  }

  private static void ok(TestData.Run run) {
    assertEquals(0, run.exitCode(), run.out() + run.err());
  }
}
