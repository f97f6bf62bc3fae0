package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat;
import org.apache.hadoop.mapreduce.lib.map.InverseMapper;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.HadoopExamples;

/**
 * Downstream stages planned by recompute read the priority sub-stream of their inputs first
 * (docs/substreams.md): wordcount routed by confidence, a consumer of it, wordcount's part 1
 * corrupted; the recompute moves the recomputed partition to wordcount's priority/, and the
 * consumer's sub-job runs as a priority phase over the priority splits, then a main phase.
 */
class DownstreamPriorityFirstTest {
  static final String LIB = "org.apache.hadoop.mapreduce.lib.";
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;
  /** Hadoop's own WordCount over the input: the oracle. */
  static List<String> hadoopWordCount;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generate() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    text = shared.resolve("text");
    TestData.text(conf, text, 4 * 32 * 1024, 4);
    Path plain = shared.resolve("hadoop-wc");
    assertTrue(HadoopExamples.plainWordCount(new Configuration(conf), hadoopPath(text),
        hadoopPath(plain), 3).waitForCompletion(false));
    hadoopWordCount = Outputs.sortedTextParts(plain);
  }

  private static org.apache.hadoop.fs.Path hadoopPath(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private static Run ok(Configuration c, String... args) throws Exception {
    Run r = TestData.provmr(c, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  /** wordcount routed by confidence into wc, its part-r-00001 then corrupted. */
  private void routedWordcount() throws Exception {
    ok(conf, "run", "wordcount", "--input", text.toString(), "--output", uri("wc"),
        "--reduces", "3", "-D", "provenance.substream.by=confidence");
    assertEquals(hadoopWordCount, Outputs.payload(conf, tmp.resolve("wc")));
  }

  private Run recompute(Configuration c, String... outputs) throws Exception {
    return recomputeAfterCorrupting(c, "part-r-00001", "a1", outputs);
  }

  /** Corrupts wc's {@code part}, validates and recomputes into alerts, revalidates. */
  private Run recomputeAfterCorrupting(Configuration c, String part, String alerts,
      String... outputs)
      throws Exception {
    Outputs.corrupt(tmp.resolve("wc/" + part));
    List<String> args = new ArrayList<>(List.of("validate", "--alerts", uri(alerts)));
    for (String o : outputs) {
      args.add("--output");
      args.add(uri(o));
    }
    Run v = TestData.provmr(c, args.toArray(new String[0]));
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    Run r = ok(c, "recompute", "--alerts", uri(alerts));
    assertTrue(Files.exists(tmp.resolve("wc/priority/" + part)), r.out());
    args.set(2, uri(alerts + "-again"));
    Run again = TestData.provmr(c, args.toArray(new String[0]));
    assertEquals(0, again.exitCode(), "clean after the recompute: " + again.out() + again.err());
    assertEquals(hadoopWordCount, Outputs.payload(conf, tmp.resolve("wc")));
    return r;
  }

  private JsonNode runsOf(String output) throws IOException {
    return runsOf("a1", output);
  }

  private JsonNode runsOf(String alerts, String output) throws IOException {
    JsonNode report;
    try (Stream<Path> files = Files.list(tmp.resolve(alerts))) {
      Path json = files.filter(p -> p.getFileName().toString().matches("recompute-.*\\.json"))
          .findFirst().orElseThrow(() -> new AssertionError("no recompute report"));
      report = StoreJson.mapper().readTree(json.toFile());
    }
    List<JsonNode> runs = new ArrayList<>();
    for (JsonNode r : report.path("runs")) {
      if (r.path("output").asText().endsWith("/" + output)) {
        runs.add(r);
      }
    }
    return StoreJson.mapper().valueToTree(runs);
  }

  /** The wc sub-stream parts a store's sources read, by source id. */
  private static Set<Integer> prioritySources(StoredJob store) {
    Set<Integer> ids = new TreeSet<>();
    for (SourceEntry s : store.sources()) {
      if (s.uri().contains("/wc/priority/")) {
        ids.add(s.id());
      }
    }
    return ids;
  }

  private long wcRecords(boolean priorityOnly) throws IOException {
    return LineageStore.read(conf, hadoopPath(tmp.resolve("wc"))).parts().stream()
        .filter(p -> !priorityOnly || p.name().startsWith("priority/"))
        .mapToLong(PartEntry::records).sum();
  }

  @Test
  void topkDownstreamMapsThePrioritySplitsFirstAndReplaysThemFromTheCache() throws Exception {
    routedWordcount();
    ok(conf, "run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "40");
    Run r = recompute(conf, "wc", "topk");
    int p = r.out().indexOf("(priority phase)");
    int m = r.out().indexOf("(main phase)");
    assertTrue(p > 0 && m > p, r.out());

    JsonNode runs = runsOf("topk");
    assertEquals(2, runs.size(), runs.toString());
    JsonNode first = runs.get(0);
    JsonNode main = runs.get(1);
    assertEquals("priority", first.path("phase").asText(), runs.toString());
    assertEquals("main", main.path("phase").asText(), runs.toString());
    StoredJob topk = LineageStore.read(conf, hadoopPath(tmp.resolve("topk")));
    Set<Integer> priority = prioritySources(topk);
    assertEquals(2, priority.size(), "priority/part-r-00001 is read in two splits: " + priority);
    // Phase 1 mapped exactly the priority part's records, phase 2 replayed those splits from the
    // cache and mapped the rest; the whole input was mapped once.
    assertEquals(priority.size(), first.path("splits").asInt());
    assertEquals(wcRecords(true), first.path("mapInputRecords").asLong());
    assertEquals(0, first.path("reduceInputRecords").asLong(), "its reducers only discard");
    assertEquals(priority.size(), main.path("cacheHits").asLong(), main.toString());
    assertTrue(main.path("cachedBytesRead").asLong() > 0, main.toString());
    assertEquals(wcRecords(false) - wcRecords(true), main.path("mapInputRecords").asLong());
    assertEquals(topk.sources().size(), main.path("splits").asInt());
    // Every phase-1 map task ran in a job that had finished before phase 2 was submitted.
    assertTrue(first.path("finishedAt").asLong() <= main.path("submittedAt").asLong(),
        runs.toString());
    System.out.printf("topk priority phase %d..%d (%d splits, %d records), main phase submitted"
        + " %d (%d splits, %d cache hits, %d records mapped)%n",
        first.path("submittedAt").asLong(), first.path("finishedAt").asLong(),
        first.path("splits").asInt(), first.path("mapInputRecords").asLong(),
        main.path("submittedAt").asLong(), main.path("splits").asInt(),
        main.path("cacheHits").asLong(), main.path("mapInputRecords").asLong());

    // The per-run cache and the priority phase's output are gone; the result is a clean topk.
    try (Stream<Path> files = Files.walk(tmp.resolve("topk/_provenance"))) {
      assertFalse(files.anyMatch(f -> f.toString().contains(PriorityFirst.CACHE_DIR)
          || f.toString().contains(PriorityFirst.PHASE_DIR)));
    }
    ok(conf, "run", "wordcount", "--input", text.toString(), "--output", uri("clean"),
        "--reduces", "3");
    ok(conf, "run", "topk", "--input", uri("clean"), "--output", uri("cleantopk"), "--k", "40");
    assertEquals(Outputs.payload(conf, tmp.resolve("cleantopk")),
        Outputs.payload(conf, tmp.resolve("topk")));

    // A second round, with the operator's cache: wc's part 0 joins part 1 in priority/. The
    // kept priority splits and the new ones are mapped first, their entries stay in the cache,
    // and topk reads each priority part once (no split of the old layout survives).
    Configuration cached = new Configuration(conf);
    cached.set("provenance.cache.dir", uri("cache"));
    recomputeAfterCorrupting(cached, "part-r-00000", "b1", "wc", "topk");
    runs = runsOf("b1", "topk");
    assertEquals(2, runs.size(), runs.toString());
    topk = LineageStore.read(conf, hadoopPath(tmp.resolve("topk")));
    priority = prioritySources(topk);
    assertEquals(4, priority.size(), topk.sources().toString());
    assertEquals(priority.size(), runs.get(0).path("splits").asInt());
    assertEquals(wcRecords(true), runs.get(0).path("mapInputRecords").asLong());
    assertEquals(priority.size(), runs.get(1).path("cacheHits").asLong(), runs.toString());
    assertEquals(wcRecords(false) - wcRecords(true), runs.get(1).path("mapInputRecords")
        .asLong());
    assertEquals(topk.sources().size(), runs.get(1).path("splits").asInt());
    assertEquals(topk.sources().size(), topk.sources().stream().map(SourceEntry::uri)
        .distinct().count() * 2, "two splits per wc part, each part read once");
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      assertEquals(priority.size(), files.filter(Files::isRegularFile).filter(f -> f
          .getFileName().toString().matches("[0-9a-f]{64}")).count(), "the entries stay");
    }
    assertEquals(Outputs.payload(conf, tmp.resolve("cleantopk")),
        Outputs.payload(conf, tmp.resolve("topk")));
  }

  @Test
  void withTheKeyOffTheDownstreamSubJobIsOneJobWithTheSamePayload() throws Exception {
    Configuration off = new Configuration(conf);
    off.setBoolean("provenance.recompute.priority.first", false);
    routedWordcount();
    ok(off, "run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "40");
    Run r = recompute(off, "wc", "topk");
    assertFalse(r.out().contains("phase)"), r.out());
    JsonNode runs = runsOf("topk");
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("", runs.get(0).path("phase").asText());
    assertEquals(0, runs.get(0).path("cacheHits").asLong());
    assertEquals(wcRecords(false), runs.get(0).path("mapInputRecords").asLong());
    ok(conf, "run", "topk", "--input", uri("wc"), "--output", uri("fresh"), "--k", "40");
    assertEquals(Outputs.payload(conf, tmp.resolve("fresh")),
        Outputs.payload(conf, tmp.resolve("topk")));
  }

  /**
   * A cache directory that cannot be written (a file in its place) leaves no way to hand the
   * priority phase's map output to the main phase: one sub-job, mapping everything.
   */
  @Test
  void anUnwritableCacheMeansOneSubJobWithTheSamePayload() throws Exception {
    Path file = Files.writeString(tmp.resolve("not-a-dir"), "x");
    Configuration broken = new Configuration(conf);
    broken.set("provenance.cache.dir", file.toUri().toString());
    routedWordcount();
    ok(conf, "run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "40");
    Run r = recompute(broken, "wc", "topk");
    assertFalse(r.out().contains("phase)"), r.out());
    JsonNode runs = runsOf("topk");
    assertEquals(1, runs.size(), runs.toString());
    assertEquals("", runs.get(0).path("phase").asText());
    assertEquals(wcRecords(false), runs.get(0).path("mapInputRecords").asLong());
    assertEquals("x", Files.readString(file));
    ok(conf, "run", "topk", "--input", uri("wc"), "--output", uri("fresh"), "--k", "40");
    assertEquals(Outputs.payload(conf, tmp.resolve("fresh")),
        Outputs.payload(conf, tmp.resolve("topk")));
  }

  /**
   * A wrapped third-party map-only job (Hadoop's InverseMapper) over wc, whose own part 0 is
   * corrupted too: phase 1 maps the priority splits, phase 2 re-maps split 0; each map task's
   * start is its part writer's creation (the part's timestamp base in the store).
   */
  @Test
  void mapOnlyDownstreamWritesThePriorityPartsInAPhaseOfTheirOwnFirst() throws Exception {
    routedWordcount();
    ok(conf, "wrap", "--input-format", "org.provmr.mapreduce.PayloadInputFormat",
        "--mapper", LIB + "map.InverseMapper", "--reduces", "0",
        "--output-key-class", "org.apache.hadoop.io.IntWritable",
        "--output-value-class", "org.apache.hadoop.io.Text",
        "--input", uri("wc"), "--output", uri("inv"));
    Outputs.corrupt(tmp.resolve("inv/part-m-00000"));
    recompute(conf, "wc", "inv");

    JsonNode runs = runsOf("inv");
    assertEquals(2, runs.size(), runs.toString());
    assertEquals("priority", runs.get(0).path("phase").asText());
    assertEquals("main", runs.get(1).path("phase").asText());
    assertEquals(wcRecords(true), runs.get(0).path("mapInputRecords").asLong());
    assertEquals(2, runs.get(0).path("splits").asInt(), "the splits of priority/part-r-00001");
    assertEquals(1, runs.get(1).path("splits").asInt(), "split 0, whose part was corrupted");
    assertTrue(runs.get(0).path("finishedAt").asLong()
        <= runs.get(1).path("submittedAt").asLong(), runs.toString());

    StoredJob inv = LineageStore.read(conf, hadoopPath(tmp.resolve("inv")));
    Set<Integer> priority = prioritySources(inv);
    assertEquals(2, priority.size(), inv.sources().toString());
    long lastPriorityStart = 0;
    for (int id : priority) {
      lastPriorityStart = Math.max(lastPriorityStart,
          inv.part(String.format("part-m-%05d", id)).timestampBase());
    }
    long mainStart = inv.part("part-m-00000").timestampBase();
    assertTrue(lastPriorityStart > 0 && lastPriorityStart < mainStart,
        lastPriorityStart + " " + mainStart);
    System.out.printf("inverse priority-phase map tasks started by %d, main-phase map task at"
        + " %d%n", lastPriorityStart, mainStart);

    // Oracle: Hadoop's InverseMapper over Hadoop's WordCount output, as plain jobs.
    Path hadoopWc = tmp.resolve("hadoop-wc");
    Files.createDirectories(hadoopWc);
    Files.write(hadoopWc.resolve("part-r-00000"), hadoopWordCount);
    Job plain = Job.getInstance(new Configuration(conf), "hadoop inverse");
    plain.setInputFormatClass(KeyValueTextInputFormat.class);
    plain.setMapperClass(InverseMapper.class);
    plain.setNumReduceTasks(0);
    plain.setOutputKeyClass(Text.class);
    plain.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(plain, hadoopPath(hadoopWc));
    FileOutputFormat.setOutputPath(plain, hadoopPath(tmp.resolve("hadoop-inv")));
    assertTrue(plain.waitForCompletion(false));
    assertEquals(Outputs.sortedTextParts(tmp.resolve("hadoop-inv")),
        Outputs.payload(conf, tmp.resolve("inv")));
  }
}
