package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreJson;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.HadoopExamples;

/**
 * Sources that change after capture, brought up to date by {@code provmr sweep} with the
 * map-output cache on, against Hadoop's own WordCount as the oracle: a source that grew has
 * only its appended bytes mapped; a source modified in place has only its own split mapped,
 * and topk downstream follows.
 */
class SourceChangeSweepTest {
  static final int REDUCES = 4;

  @TempDir
  Path tmp;

  private Configuration cached(Configuration conf) {
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    return c;
  }

  private static void ok(Configuration c, String... args) throws Exception {
    Run r = TestData.provmr(c, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
  }

  private List<String> oracle(Configuration conf, Path in, String out) throws Exception {
    Job plain = HadoopExamples.plainWordCount(new Configuration(conf),
        new org.apache.hadoop.fs.Path(in.toUri()),
        new org.apache.hadoop.fs.Path(tmp.resolve(out).toUri()), REDUCES);
    assertTrue(plain.waitForCompletion(false));
    return Outputs.sortedTextParts(tmp.resolve(out));
  }

  /** The runs of the sweep's recompute report. */
  private JsonNode recomputeRuns(Path sweeps) throws IOException {
    try (Stream<Path> files = Files.walk(sweeps)) {
      Path json = files.filter(p -> p.getFileName().toString().matches("recompute-.*\\.json"))
          .findFirst().orElseThrow(() -> new AssertionError("no recompute report"));
      return StoreJson.mapper().readTree(json.toFile()).path("runs");
    }
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> s = Files.lines(file)) {
      return s.count();
    }
  }

  @Test
  void appendedLineIsTheOnlyThingMappedAndTheSweepEndsClean() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024); // 2 splits a file
    // One map at a time: Hadoop's BYTES_READ counter is the delta of the JVM-wide file://
    // statistics around each nextKeyValue, so in LocalJobRunner a replaying map reading its
    // cache segment concurrently would be counted into the real map's figure (seen in CI:
    // 8,503 instead of 35). On YARN every task has its own JVM and the figure is exact.
    conf.setInt("mapreduce.local.map.tasks.maximum", 1);
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 4 * 64 * 1024, 4);
    Configuration c = cached(conf);
    String wc = tmp.resolve("wc").toUri().toString();
    ok(c, "run", "wordcount", "--input", in.toString(), "--output", wc, "--reduces",
        String.valueOf(REDUCES));

    Path grown = in.resolve("text-00002.txt");
    String line = "appendedword another appendedword\n";
    Files.writeString(grown, line, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    Outputs.dropCrc(grown);

    Run sweep = TestData.provmr(c, "sweep", "--output", wc, "--alerts-root",
        tmp.resolve("sweeps").toString());
    assertEquals(0, sweep.exitCode(), sweep.out() + sweep.err());
    assertTrue(sweep.out().contains("clean after recompute"), sweep.out());
    List<String> payload = Outputs.payload(conf, tmp.resolve("wc"));
    assertEquals(oracle(conf, in, "oracle"), payload);
    assertTrue(payload.contains("appendedword\t2"), "the appended line is counted once");

    JsonNode runs = recomputeRuns(tmp.resolve("sweeps"));
    assertEquals(2, runs.size(), runs.toString()); // census, re-reduce
    for (JsonNode run : runs) {
      assertEquals(1, run.path("mapInputRecords").asLong(), "only the appended line: " + run);
      assertEquals(line.length() + 1, run.path("bytesRead").asLong(), "the appended bytes"
          + " and the newline before them: " + run);
    }
    JsonNode reduce = runs.get(1);
    assertEquals(8, reduce.path("cacheHits").asLong(), "every recorded split replayed");
    System.out.printf("appended line: census and re-reduce mapped %d and %d records, %d cache"
        + " hits%n", runs.get(0).path("mapInputRecords").asLong(),
        reduce.path("mapInputRecords").asLong(), reduce.path("cacheHits").asLong());

    // Appended again: the split of the first append is extended the same way.
    Files.writeString(grown, "secondappend\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Outputs.dropCrc(grown);
    Run again = TestData.provmr(c, "sweep", "--output", wc, "--alerts-root",
        tmp.resolve("sweeps2").toString());
    assertEquals(0, again.exitCode(), again.out() + again.err());
    assertEquals(oracle(conf, in, "oracle2"), Outputs.payload(conf, tmp.resolve("wc")));
  }

  @Test
  void appendedLineWithoutTheCacheIsCountedOnce() throws Exception {
    // No cache: the recorded split that ended the file is mapped again, and must not read the
    // first appended line, which the split of the appended bytes reads.
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 16 * 1024);
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 2 * 32 * 1024, 2);
    String wc = tmp.resolve("wc").toUri().toString();
    ok(conf, "run", "wordcount", "--input", in.toString(), "--output", wc, "--reduces", "2");
    Path grown = in.resolve("text-00001.txt");
    Files.writeString(grown, "appendedword\nappendedword twice\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Outputs.dropCrc(grown);
    Run sweep = TestData.provmr(conf, "sweep", "--output", wc, "--alerts-root",
        tmp.resolve("sweeps").toString());
    assertEquals(0, sweep.exitCode(), sweep.out() + sweep.err());
    List<String> payload = Outputs.payload(conf, tmp.resolve("wc"));
    assertEquals(oracle(conf, in, "oracle"), payload);
    assertTrue(payload.contains("appendedword\t2"), payload.toString());
  }

  @Test
  void oneOfEightFilesModifiedInPlaceRemapsThatFileAloneAndTopkFollows() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 8 * 16 * 1024, 8); // 8 files, one split each
    Configuration c = cached(conf);
    String wc = tmp.resolve("wc").toUri().toString();
    String topk = tmp.resolve("topk").toUri().toString();
    ok(c, "run", "wordcount", "--input", in.toString(), "--output", wc, "--reduces",
        String.valueOf(REDUCES));
    ok(c, "run", "topk", "--input", wc, "--output", topk);
    long total = 0;
    try (Stream<Path> files = Files.list(in)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".txt")).toList()) {
        total += lines(f);
      }
    }

    Path modified = in.resolve("text-00003.txt");
    Outputs.rewrite(modified, "ka", "zzzzzz");
    Run sweep = TestData.provmr(c, "sweep", "--output", wc, "--output", topk, "--alerts-root",
        tmp.resolve("sweeps").toString());
    assertEquals(0, sweep.exitCode(), sweep.out() + sweep.err());

    assertEquals(oracle(conf, in, "oracle"), Outputs.payload(conf, tmp.resolve("wc")));
    // topk downstream equals topk over a clean wordcount of the modified sources.
    ok(conf, "run", "wordcount", "--input", in.toString(), "--output",
        tmp.resolve("clean-wc").toUri().toString(), "--reduces", String.valueOf(REDUCES));
    ok(conf, "run", "topk", "--input", tmp.resolve("clean-wc").toUri().toString(), "--output",
        tmp.resolve("clean-topk").toUri().toString());
    assertEquals(Outputs.payload(conf, tmp.resolve("clean-topk")),
        Outputs.payload(conf, tmp.resolve("topk")));

    JsonNode runs = recomputeRuns(tmp.resolve("sweeps"));
    JsonNode reduce = null;
    for (JsonNode run : runs) {
      if (run.path("output").asText().endsWith("/wc") && run.path("kind").asText()
          .startsWith("reduce")) {
        reduce = run;
      }
    }
    assertTrue(reduce != null, runs.toString());
    long mapped = 0;
    for (JsonNode run : runs) {
      if (run.path("output").asText().endsWith("/wc")) {
        mapped += run.path("mapInputRecords").asLong();
      }
    }
    long split = lines(modified);
    assertTrue(Math.abs(mapped - split) <= total * 2 / 100, "wordcount mapped " + mapped
        + " records, the modified file has " + split + " of " + total + ": " + runs);
    assertEquals(7, reduce.path("cacheHits").asLong(), runs.toString());
    System.out.printf("modified in place: wordcount's recompute mapped %d records (the file"
        + " has %d, all files %d), %d cache hits%n", mapped, split, total,
        reduce.path("cacheHits").asLong());
  }
}
