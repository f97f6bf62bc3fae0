package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.StringTokenizer;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;
import org.provmr.validate.ValidationReport;

/**
 * {@code provmr trace} and {@code provmr impact} on one three-stage pipeline (wordcount ->
 * topk -> a wrapped job, and grep beside it). The impact test changes a source, so it runs last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TracePipelineTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir
  static Path tmp;
  static Configuration conf;
  static Pipeline p;

  @BeforeAll
  static void pipeline() throws Exception {
    conf = TestData.localConf(tmp);
    p = Pipeline.run(conf, tmp);
  }

  private static JsonNode json(TestData.Run run) throws Exception {
    assertEquals(0, run.exitCode(), run.out() + run.err());
    return JSON.readTree(run.out());
  }

  private static String word(JsonNode n) {
    return n.path("key").asText();
  }

  @Test
  @Order(1)
  void preciseTraceOfAFinalRecordReachesTheSourceLinesAndTheyAddUp() throws Exception {
    JsonNode swap = json(TestData.provmr(conf, "trace", p.swap.toString(), "--part",
        "part-r-00000", "--record", "0", "--precise", "--show-source", "--limit", "100000",
        "--json"));
    assertTrue(swap.path("replay").path("addsUp").asBoolean(), swap.toString());
    assertEquals(1, swap.path("upstream").size());
    JsonNode topk = swap.path("upstream").get(0);
    assertTrue(topk.path("output").asText().endsWith("data/topk"), topk.toString());
    assertEquals("5", topk.path("steps").get(0).path("params").path("provmr.topk.k").asText());
    assertTrue(topk.path("replay").path("addsUp").asBoolean());
    assertTrue(topk.path("replay").path("isolated").asBoolean(), "topk emits from cleanup");
    JsonNode wc = topk.path("upstream").get(0);
    assertTrue(wc.path("output").asText().endsWith("data/wc"), wc.toString());
    String word = word(wc);
    assertEquals(swap.path("value").asText(), word);
    int count = wc.path("value").asInt();
    assertEquals(swap.path("key").asText(), String.valueOf(count));
    assertTrue(wc.path("replay").path("addsUp").asBoolean());

    // The listed input records are the source lines; re-counted, they give the value.
    assertEquals(0, wc.path("rawNotShown").asLong());
    int recounted = 0;
    for (JsonNode raw : wc.path("raw")) {
      assertTrue(raw.path("uri").asText().contains("/data/in/"), raw.toString());
      recounted += occurrences(raw.path("text").asText(), word);
    }
    assertEquals(count, recounted);
    assertEquals(wc.path("replay").path("matched").asLong(), wc.path("raw").size());
    assertEquals(count, occurrencesInInput(word), "wordcount's own count of " + word);
  }

  @Test
  @Order(1)
  void coarseTraceReachesEverySourceFileThroughWholeSplitsAndParts() throws Exception {
    JsonNode swap = json(TestData.provmr(conf, "trace", p.swap.toString(), "--part",
        "part-r-00000", "--record", "0", "--json"));
    Set<String> files = new TreeSet<>();
    rawFiles(swap, files);
    Set<String> inputs = new TreeSet<>();
    try (Stream<Path> s = Files.list(p.in)) {
      s.filter(f -> f.getFileName().toString().startsWith("text-"))
          .forEach(f -> inputs.add(f.getFileName().toString()));
    }
    assertEquals(inputs, files);
  }

  @Test
  @Order(1)
  void textTraceByKeySaysItAddsUpAndPrintsTheSourceLines() throws Exception {
    JsonNode top = json(TestData.provmr(conf, "trace", p.topk.toString(), "--part",
        "part-r-00000", "--record", "0", "--json"));
    TestData.Run run = TestData.provmr(conf, "trace", p.wc.toString(), "--key", word(top),
        "--precise", "--show-source", "--limit", "2");
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("adds up"), run.out());
    assertTrue(run.out().contains("step map org.provmr.examples.WordCount$TokenizerMapper"),
        run.out());
    assertTrue(run.out().contains("    | "), run.out());
    assertTrue(run.out().contains("more source ranges (--limit)"), run.out());
  }

  @Test
  @Order(1)
  void aStoreNamingAClassOutsideTheAllowListIsRefusedBeforeItRuns() throws Exception {
    Configuration strict = new Configuration(conf);
    strict.set("provenance.recompute.allowed.classes",
        "org.provmr.examples.*,org.provmr.mapreduce.*,org.provmr.wrap.*,org.apache.hadoop.*,"
            + "java.lang.*");
    TestData.Run run = TestData.provmr(strict, "trace", p.swap.toString(), "--part",
        "part-r-00000", "--record", "0", "--precise");
    assertEquals(ExitCodes.REFUSED, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains(Swap.SwapMapper.class.getName())
        || run.err().contains(Swap.SwapReducer.class.getName()), run.err());
  }

  @Test
  @Order(1)
  void namingNoRecordIsAUsageError() throws Exception {
    TestData.Run run = TestData.provmr(conf, "trace", p.wc.toString());
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("--key K, or with --part P --record N"), run.err());
    TestData.Run both = TestData.provmr(conf, "trace", p.wc.toString(), "--key", "ka",
        "--part", "part-r-00000", "--record", "0");
    assertEquals(ExitCodes.USAGE, both.exitCode(), both.err());
    TestData.Run half = TestData.provmr(conf, "trace", p.wc.toString(), "--part",
        "part-r-00000");
    assertEquals(ExitCodes.USAGE, half.exitCode(), half.err());
    assertTrue(half.err().contains("--part and --record go together"), half.err());
  }

  @Test
  @Order(1)
  void aMapSideRecordIsTracedToItsExactSourceLine() throws Exception {
    JsonNode grep = json(TestData.provmr(conf, "trace", p.grep.toString(), "--part",
        "part-m-00000", "--record", "0", "--show-source", "--json"));
    assertEquals("map", grep.path("kind").asText());
    assertEquals(1, grep.path("raw").size());
    JsonNode raw = grep.path("raw").get(0);
    assertEquals("bytes", raw.path("positions").asText());
    assertEquals(grep.path("key").asText(), raw.path("text").asText(), "the line grep kept");
    assertEquals(raw.path("text").asText().getBytes(StandardCharsets.UTF_8).length,
        raw.path("length").asLong());
  }

  @Test
  @Order(1)
  void anUpstreamOutputOutsideTheSourceRootsIsRefusedNotRead() throws Exception {
    Configuration fenced = new Configuration(conf);
    fenced.set("provenance.validate.source.roots", p.in.toUri().toString());
    TestData.Run run = TestData.provmr(fenced, "trace", p.topk.toString(), "--part",
        "part-r-00000", "--record", "0");
    assertEquals(ExitCodes.REFUSED, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("outside the source roots"), run.err());
  }

  @Test
  @Order(1)
  void impactOfAByteRangeListsOnlyTheRecordsFromThoseBytes() throws Exception {
    Path file = p.in.resolve("text-00002.txt");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Pattern ka = Pattern.compile(Pipeline.REGEX);
    long offset = 0;
    long start = -1;
    long end = -1;
    for (String l : lines) {
      long next = offset + l.getBytes(StandardCharsets.UTF_8).length + 1;
      if (ka.matcher(l).find()) {
        start = offset;
        end = next - 1;
        break;
      }
      offset = next;
    }
    assertTrue(start >= 0, "no line with ka");
    JsonNode impact = json(TestData.provmr(conf, "impact", file.toString(), "--range",
        start + "-" + end, "--output", p.grep.toString(), "--json"));
    assertEquals(1, impact.path("outputs").size(), impact.toString());
    JsonNode parts = impact.path("outputs").get(0).path("parts");
    assertEquals(1, parts.size());
    assertEquals(1, parts.get(0).path("records").asLong(), impact.toString());
    assertEquals(start, parts.get(0).path("listed").get(0).path("sourceOffset").asLong());
  }

  @Test
  @Order(1)
  void selfContainedHeadersAreTracedLikeCompactOnes() throws Exception {
    Path sc = tmp.resolve("other/wc-self-contained"); // not under data/, which impact searches
    assertEquals(0, TestData.provmr(conf, "run", "-D", "provenance.header.mode=self-contained",
        "wordcount", "--input", p.in.toString(), "--output", sc.toString()).exitCode());
    JsonNode compact = json(TestData.provmr(conf, "trace", p.wc.toString(), "--key", "ka",
        "--precise", "--limit", "0", "--json"));
    JsonNode self = json(TestData.provmr(conf, "trace", sc.toString(), "--key", "ka",
        "--precise", "--limit", "0", "--json"));
    assertEquals(compact.path("value"), self.path("value"));
    // --limit 0 lists none of the splits; it still counts the 3 the header names
    assertEquals(0, self.path("sources").size(), self.toString());
    assertEquals(3, self.path("sourcesNotShown").asInt(), self.toString());
    assertTrue(self.path("replay").path("addsUp").asBoolean(), self.toString());
    assertEquals(compact.path("replay").path("matched"), self.path("replay").path("matched"));
  }

  @Test
  @Order(1)
  void impactUsageErrorsNameTheFix() throws Exception {
    String file = p.in.resolve("text-00000.txt").toString();
    TestData.Run badRange = TestData.provmr(conf, "impact", file, "--range", "90-10",
        "--output", p.wc.toString());
    assertEquals(ExitCodes.USAGE, badRange.exitCode());
    assertTrue(badRange.err().contains("--range takes START-END") && badRange.err()
        .contains("'90-10'"), badRange.err());
    TestData.Run noOutputs = TestData.provmr(conf, "impact", file);
    assertEquals(ExitCodes.USAGE, noOutputs.exitCode());
    assertTrue(noOutputs.err().contains("--output DIR") && noOutputs.err().contains("--roots"),
        noOutputs.err());
  }

  @Test
  @Order(1)
  void impactOfAFileNoOutputReadSaysSo() throws Exception {
    Path other = Files.writeString(tmp.resolve("unrelated.txt"), "ka ka\n");
    TestData.Run run = TestData.provmr(conf, "impact", other.toString(), "--output",
        p.wc.toString(), "--output", p.grep.toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("no output among those given depends on it"), run.out());
  }

  /** A wordcount record whose exact split set has {@code size} splits (of 3). */
  private static Located wcRecordWithSplits(Function<Integer, Boolean> size) throws Exception {
    StoredJob wc = LineageStore.read(conf, new org.apache.hadoop.fs.Path(p.wc.toUri()));
    for (PartEntry part : wc.parts()) {
      for (long i = 0; i < part.records(); i++) {
        Located r = new OutputRecords(conf).byIndex(wc, part.name(), i);
        if (size.apply(SplitSet.of(r.header(), wc, part).length)) {
          return r;
        }
      }
    }
    throw new AssertionError("no wordcount record with such a split set");
  }

  @Test
  @Order(1)
  void replayOverACoarserSplitSetFindsTheSameInputRecords() throws Exception {
    Located r = wcRecordWithSplits(n -> n == 1);
    int[] exact = SplitSet.of(r.header(), r.store(), r.part());
    int[] all = r.store().sources().stream().mapToInt(e -> e.id()).sorted().toArray();
    assertEquals(3, all.length);
    KeyReplay replay = KeyReplay.of(conf, r.store());
    int partition = Tracer.partitionOf(r.part());
    Replay precise = replay.replay(exact, r.key(), r.value(), partition, 1000);
    Replay coarse = replay.replay(all, r.key(), r.value(), partition, 1000);
    assertTrue(precise.addsUp() && coarse.addsUp(), precise + " / " + coarse);
    assertTrue(coarse.recordsRead() > precise.recordsRead());
    assertEquals(offsets(precise), offsets(coarse));
    assertEquals(precise.matched(), coarse.matched());
  }

  @Test
  @Order(1)
  void aReplayThatMissesAContributingSplitDoesNotAddUp() throws Exception {
    Located r = wcRecordWithSplits(n -> n >= 2);
    int[] exact = SplitSet.of(r.header(), r.store(), r.part());
    int[] fewer = java.util.Arrays.copyOf(exact, exact.length - 1);
    Replay partial = KeyReplay.of(conf, r.store()).replay(fewer, r.key(), r.value(),
        Tracer.partitionOf(r.part()), 10);
    assertFalse(partial.addsUp(), partial.toString());
    assertTrue(Integer.parseInt(partial.replayed().get(0))
        < Integer.parseInt(partial.recorded()), partial.toString());
  }

  private static List<String> offsets(Replay r) {
    return r.listed().stream().map(m -> m.uri() + "@" + m.fileOffset()).toList();
  }

  @Test
  @Order(2)
  void impactOfOneSourceFileListsExactlyThePartsValidationFailsAfterItChanges()
      throws Exception {
    Path changed = p.in.resolve("text-00001.txt");
    String[] outputs = {"--output", p.wc.toString(), "--output", p.topk.toString(),
        "--output", p.swap.toString(), "--output", p.grep.toString()};
    List<String> args = new ArrayList<>(List.of("impact", changed.toString(), "--json",
        "--limit", "100000"));
    args.addAll(List.of(outputs));
    JsonNode impact = json(TestData.provmr(conf, args.toArray(new String[0])));
    JsonNode found = json(TestData.provmr(conf, "impact", changed.toString(), "--json",
        "--limit", "100000", "--roots", p.in.getParent().toString()));
    assertEquals(impact, found, "--roots finds the same outputs");

    Set<String> direct = new TreeSet<>();
    Set<String> downstream = new TreeSet<>();
    long grepRecords = -1;
    for (JsonNode o : impact.path("outputs")) {
      String out = o.path("output").asText();
      for (JsonNode part : o.path("parts")) {
        (o.path("stage").asInt() == 1 ? direct : downstream)
            .add(name(out) + "/" + part.path("part").asText());
        if (out.endsWith("data/grep")) {
          grepRecords = part.path("records").asLong();
        }
      }
    }
    assertTrue(downstream.stream().anyMatch(s -> s.startsWith("topk/")), downstream.toString());
    assertTrue(downstream.stream().anyMatch(s -> s.startsWith("swap/")), downstream.toString());
    assertEquals(linesWithKa(changed), grepRecords);

    Outputs.rewrite(changed, "ka", "kx");
    Path alerts = tmp.resolve("alerts");
    List<String> validate = new ArrayList<>(List.of("validate", "--alerts", alerts.toString()));
    validate.addAll(List.of(outputs));
    TestData.Run run = TestData.provmr(conf, validate.toArray(new String[0]));
    assertEquals(ExitCodes.FINDINGS, run.exitCode(), run.out() + run.err());
    Set<String> failed = new TreeSet<>();
    for (Alert a : ValidationReport.readAlerts(conf, new org.apache.hadoop.fs.Path(
        alerts.toUri()))) {
      if (a.type().severity() == AlertType.Severity.ERROR) {
        failed.add(name(a.output()) + "/" + a.part());
      }
    }
    assertEquals(failed, direct);
  }

  private static String name(String output) {
    return output.substring(output.lastIndexOf('/') + 1);
  }

  private static long linesWithKa(Path file) throws Exception {
    Pattern ka = Pattern.compile(Pipeline.REGEX.replace("\\\\", "\\"));
    return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
        .filter(l -> ka.matcher(l).find()).count();
  }

  private static void rawFiles(JsonNode n, Set<String> into) {
    for (JsonNode raw : n.path("raw")) {
      String uri = raw.path("uri").asText();
      into.add(uri.substring(uri.lastIndexOf('/') + 1));
    }
    for (JsonNode u : n.path("upstream")) {
      rawFiles(u, into);
    }
  }

  private static int occurrences(String line, String word) {
    int n = 0;
    StringTokenizer t = new StringTokenizer(line);
    while (t.hasMoreTokens()) {
      n += t.nextToken().equals(word) ? 1 : 0;
    }
    return n;
  }

  private static int occurrencesInInput(String word) throws Exception {
    int n = 0;
    try (Stream<Path> s = Files.list(p.in)) {
      for (Path f : s.filter(f -> f.getFileName().toString().startsWith("text-")).toList()) {
        n += occurrences(Files.readString(f, StandardCharsets.UTF_8), word);
      }
    }
    return n;
  }
}
