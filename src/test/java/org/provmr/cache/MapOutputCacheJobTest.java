package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.WordCount;
import org.provmr.store.StoreJson;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Whole jobs through the command line: wordcount over 8 splits with 4 reduces keeps its map
 * output in the cache, and a recompute of one corrupted part replays the cached segments
 * instead of re-mapping; a damaged entry is rejected and its split re-mapped.
 */
class MapOutputCacheJobTest {
  static final int SPLITS = 8;
  static final int REDUCES = 4;
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;
  static long fullMapInput;
  static long fullReduceInput;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generate() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024); // 2 splits a file
    // One map at a time, so BYTES_READ is exact: it is the change of the JVM-wide file://
    // statistics, and a concurrent replaying map's cache reads were counted (docs/cache.md).
    conf.setInt("mapreduce.local.map.tasks.maximum", 1);
    text = shared.resolve("text");
    TestData.text(conf, text, 4 * 64 * 1024, 4);
    // A full rerun without the cache: what a recompute without it would read at most.
    Job full = WordCount.createJob(new Configuration(conf),
        new org.apache.hadoop.fs.Path(text.toUri()),
        new org.apache.hadoop.fs.Path(shared.resolve("full").toUri()), REDUCES);
    assertTrue(full.waitForCompletion(false));
    fullMapInput = full.getCounters().findCounter(TaskCounter.MAP_INPUT_RECORDS).getValue();
    fullReduceInput = full.getCounters().findCounter(TaskCounter.REDUCE_INPUT_RECORDS)
        .getValue();
  }

  private Configuration cached() {
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    return c;
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private static Run ok(Configuration c, String... args) throws Exception {
    Run r = TestData.provmr(c, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private void wordcount(Configuration c, String out) throws Exception {
    wordcount(c, text, out);
  }

  private void wordcount(Configuration c, Path in, String out) throws Exception {
    ok(c, "run", "wordcount", "--input", in.toString(), "--output", uri(out), "--reduces",
        String.valueOf(REDUCES));
  }

  private List<Path> entries() throws IOException {
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).sorted().toList();
    }
  }

  private static JsonNode report(Path alerts) throws IOException {
    try (Stream<Path> files = Files.list(alerts)) {
      Path json = files.filter(p -> p.getFileName().toString().matches("recompute-.*\\.json"))
          .findFirst().orElseThrow(() -> new AssertionError("no recompute report"));
      return StoreJson.mapper().readTree(json.toFile());
    }
  }

  /** Corrupts part-r-00001, validates and recomputes it with the cache; returns the run. */
  private JsonNode recomputePartOne(Configuration c) throws Exception {
    Outputs.corrupt(tmp.resolve("wc/part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(c, "validate", "--alerts", uri("a1"),
        "--output", uri("wc")).exitCode());
    Run rc = ok(c, "recompute", "--alerts", uri("a1"));
    assertTrue(rc.out().contains("re-reduce partitions [1]"), rc.out());
    assertTrue(rc.out().contains("read 0 source bytes; a full rerun of these stages reads")
        || rc.out().contains("source bytes; a full rerun of these stages reads"), rc.out());
    assertEquals(0, TestData.provmr(c, "validate", "--alerts", uri("a2"), "--output",
        uri("wc")).exitCode(), "clean after recompute");
    assertEquals(Outputs.payload(conf, shared.resolve("full")),
        Outputs.payload(conf, tmp.resolve("wc")));
    return report(tmp.resolve("a1"));
  }

  @Test
  void warmCacheRecomputeReadsCachedSegmentsInsteadOfRemapping() throws Exception {
    Configuration c = cached();
    wordcount(c, "wc");
    assertEquals(SPLITS, entries().size(), "one entry per map task");

    JsonNode report = recomputePartOne(c);
    JsonNode run = report.path("runs").get(0);
    long mapInput = run.path("mapInputRecords").asLong();
    long reduceInput = run.path("reduceInputRecords").asLong();
    assertTrue(mapInput <= fullMapInput * 2 / 100, mapInput + " of " + fullMapInput);
    assertTrue(reduceInput > 0 && reduceInput <= fullReduceInput / 4 + fullReduceInput * 2 / 100,
        reduceInput + " of " + fullReduceInput);
    // The figures of docs/cache.md (in this test's surefire output).
    System.out.printf("warm cache recompute of 1 of %d partitions: map input %d of %d records,"
        + " reduce input %d of %d, %d cached bytes in %d hits%n", REDUCES, mapInput,
        fullMapInput, reduceInput, fullReduceInput, report.path("cachedBytesRead").asLong(),
        run.path("cacheHits").asLong());
    assertEquals(SPLITS, run.path("cacheHits").asLong());
    assertEquals(0, run.path("bytesRead").asLong(), "no source byte is read");
    assertTrue(report.path("cachedBytesRead").asLong() > 0, report.toString());
  }

  @Test
  void entryWithOneFlippedByteIsRejectedAndItsSplitRemapped() throws Exception {
    Configuration c = cached();
    wordcount(c, "wc");
    Path entry = entries().get(3);
    CacheEntryDamage.flipInSegment(conf, entry, 1);

    JsonNode report = recomputePartOne(c); // payload equals the full run's: checked there
    JsonNode run = report.path("runs").get(0);
    assertEquals(SPLITS - 1, run.path("cacheHits").asLong());
    long mapInput = run.path("mapInputRecords").asLong();
    // The rejected split is mapped: about one split's records, none of the others'.
    assertTrue(mapInput > 0 && mapInput < fullMapInput / SPLITS * 2, mapInput + " of "
        + fullMapInput);
  }

  @Test
  void modifiedSourceFileIsMappedAgainWhileTheOtherSplitsReplayTheirEntries() throws Exception {
    Path in = tmp.resolve("in");
    org.apache.commons.io.FileUtils.copyDirectory(text.toFile(), in.toFile());
    Configuration c = cached();
    wordcount(c, in, "wc");
    Outputs.rewrite(in.resolve("text-00001.txt"), "ka", "zzzzzz"); // 2 of 8 splits change
    assertEquals(ExitCodes.FINDINGS, TestData.provmr(c, "validate", "--alerts", uri("a1"),
        "--output", uri("wc")).exitCode());
    ok(c, "recompute", "--alerts", uri("a1"));
    assertEquals(0, TestData.provmr(c, "validate", "--alerts", uri("a2"), "--output",
        uri("wc")).exitCode(), "clean after recompute");
    wordcount(new Configuration(conf), in, "clean");
    List<String> payload = Outputs.payload(conf, tmp.resolve("wc"));
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")), payload);
    assertTrue(payload.stream().anyMatch(l -> l.startsWith("zzzzzz\t")));

    JsonNode runs = report(tmp.resolve("a1")).path("runs");
    JsonNode reduce = runs.get(runs.size() - 1);
    assertTrue(reduce.path("kind").asText().startsWith("reduce"), runs.toString());
    assertEquals(SPLITS - 2, reduce.path("cacheHits").asLong(), runs.toString());
    long mapInput = reduce.path("mapInputRecords").asLong();
    // The changed file's two splits, about a quarter of the input, and nothing else.
    assertTrue(mapInput > 0 && mapInput <= fullMapInput / 4 + fullMapInput * 2 / 100,
        mapInput + " of " + fullMapInput);
  }

  @Test
  void unwritableCacheDirectoryRunsTheJobWithoutTheCache() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.CACHE_DIR, file.toUri().toString());
    wordcount(c, "wc");
    assertEquals(Outputs.payload(conf, shared.resolve("full")),
        Outputs.payload(conf, tmp.resolve("wc")));
    assertEquals("x", Files.readString(file));
  }
}
