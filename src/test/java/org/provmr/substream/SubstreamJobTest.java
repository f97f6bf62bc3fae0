package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.header.Confidence;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Sub-streams end to end through the command line: recomputed records land in priority/ and
 * nowhere else, and records are routed by the age of their sources (docs/substreams.md).
 */
class SubstreamJobTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path pristine;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generate() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    pristine = shared.resolve("text");
    TestData.text(conf, pristine, 4 * 32 * 1024, 4); // 4 files of one split each
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run run(String... args) throws Exception {
    return TestData.provmr(conf, args);
  }

  private Run ok(String... args) throws Exception {
    Run r = run(args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private Path copyInput() throws Exception {
    Path text = tmp.resolve("text");
    FileUtils.copyDirectory(pristine.toFile(), text.toFile());
    return text;
  }

  private static List<Path> inputFiles(Path text) throws Exception {
    try (Stream<Path> files = Files.list(text)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    }
  }

  @Test
  void recomputedRecordsAreExactlyThePriorityPartsAndTheOutputStillEqualsACleanRun()
      throws Exception {
    Path text = copyInput();
    ok("run", "wordcount", "--input", text.toString(), "--output", uri("wc"), "--reduces", "3",
        "-D", "provenance.substream.by=confidence");
    ok("run", "wordcount", "--input", text.toString(), "--output", uri("clean"), "--reduces",
        "3");
    Path wc = tmp.resolve("wc");
    assertFalse(Files.exists(wc.resolve(StoreNames.PRIORITY)),
        "a capture run stamps HIGH confidence: nothing is routed");

    Outputs.corrupt(wc.resolve("part-r-00001"));
    assertEquals(ExitCodes.FINDINGS, run("validate", "--alerts", uri("a1"), "--output",
        uri("wc")).exitCode());
    ok("recompute", "--alerts", uri("a1"));

    // The recomputed partition moved to priority/ whole, and nowhere else.
    assertFalse(Files.exists(wc.resolve("part-r-00001")));
    Path priority = wc.resolve("priority/part-r-00001");
    assertTrue(Files.exists(priority));
    try (Stream<Path> files = Files.list(wc.resolve(StoreNames.PRIORITY))) {
      assertEquals(List.of("part-r-00001"), files.map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).toList());
    }
    assertEquals(Outputs.payload(conf, tmp.resolve("clean/part-r-00001")),
        Outputs.payload(conf, priority), "priority/ holds exactly the recomputed partition");
    assertEquals(Map.of(Confidence.LOW, (long) Outputs.payload(conf, priority).size()),
        confidences(priority));
    for (String main : List.of("part-r-00000", "part-r-00002")) {
      assertEquals(Confidence.HIGH, confidences(wc.resolve(main)).keySet().iterator().next());
      assertEquals(1, confidences(wc.resolve(main)).size());
    }
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wc")));
    assertEquals(List.of("part-r-00000", "part-r-00002", "priority/part-r-00001"),
        store.parts().stream().map(PartEntry::name).sorted().toList());

    // main ∪ priority is the clean run's payload; validation is clean; a downstream job reads
    // the whole output by default and only priority/ when asked.
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")), Outputs.payload(conf, wc));
    assertEquals(0, run("validate", "--alerts", uri("a2"), "--output", uri("wc")).exitCode());
    ok("run", "topk", "--input", uri("wc"), "--output", uri("topk"), "--k", "40");
    ok("run", "topk", "--input", uri("clean"), "--output", uri("cleantopk"), "--k", "40");
    assertEquals(Outputs.payload(conf, tmp.resolve("cleantopk")),
        Outputs.payload(conf, tmp.resolve("topk")));
    assertTrue(Files.exists(wc.resolve("_SUCCESS")));
  }

  @Test
  void recordsAreRoutedToTheBandTheirSourceAgeFallsIn() throws Exception {
    Path text = copyInput();
    List<Path> files = inputFiles(text);
    assertEquals(4, files.size());
    Instant now = Instant.now();
    Duration[] ages = {Duration.ofMinutes(10), Duration.ofHours(5), Duration.ofDays(3),
        Duration.ofDays(30)};
    String[] bands = {"priority", "age-1d", "age-7d", null};
    Map<String, String> bandOf = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      Files.setLastModifiedTime(files.get(i), FileTime.from(now.minus(ages[i])));
      bandOf.put(files.get(i).getFileName().toString(), bands[i]);
    }
    ok("run", "grep", "--input", text.toString(), "--output", uri("grep"), "--regex", "a",
        "-D", "provenance.substream.by=age", "-D", "provenance.substream.age.bands=1h,1d,7d");
    ok("run", "grep", "--input", text.toString(), "--output", uri("plain"), "--regex", "a");

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("grep")));
    Map<Integer, String> fileOf = new HashMap<>();
    for (SourceEntry s : store.sources()) {
      fileOf.put(s.id(), new org.apache.hadoop.fs.Path(s.uri()).getName());
    }
    List<String> routed = new ArrayList<>();
    for (PartEntry p : store.parts()) {
      if (p.records() == 0) {
        continue;
      }
      for (int id : p.sources().toArray()) {
        String expected = bandOf.get(fileOf.get(id));
        assertEquals(expected, StoreNames.substreamOf(p.name()), p.name() + " read "
            + fileOf.get(id));
      }
      routed.add(String.valueOf(StoreNames.substreamOf(p.name())));
    }
    assertEquals(List.of("age-1d", "age-7d", "null", "priority"), routed.stream().sorted()
        .toList(), "one non-empty part in each band and one main");
    assertEquals(Outputs.payload(conf, tmp.resolve("plain")),
        Outputs.payload(conf, tmp.resolve("grep")), "routing changes no payload");
    Run inspect = ok("inspect", uri("grep"), "--limit", "0");
    for (String sub : List.of("priority", "age-1d", "age-7d")) {
      long records = store.parts().stream().filter(p -> sub.equals(StoreNames.substreamOf(
          p.name()))).mapToLong(PartEntry::records).sum();
      assertTrue(records > 0 && inspect.out().contains("# sub-stream " + sub + ": " + records
          + " records in 1 parts"), inspect.out());
    }
    assertTrue(inspect.out().contains("# sub-stream main: "), inspect.out());
    Run v = run("validate", "--alerts", uri("a"), "--output", uri("grep"));
    // Every part, sub-streams included, checks out; the 30-day-old source is reported stale.
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    // One part per task: the three younger files' tasks wrote no empty main part.
    assertTrue(v.out().contains("Checked 4 parts"), v.out());
    assertTrue(v.out().contains("1 findings: data_staleness 1"), v.out());
  }

  @Test
  void routingByAgeFollowsTheSplitEachTaskReadsWhenSubmissionReordersThemBySize()
      throws Exception {
    // JobSubmitter sorts splits largest first, so the smallest input, listed first here, is
    // read by the last map task: its band must come from the split that task really read.
    Path text = copyInput();
    List<Path> files = inputFiles(text);
    byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(files.get(0)), 2048);
    Files.write(files.get(0), head);
    Instant now = Instant.now();
    Map<String, String> bandOf = new HashMap<>();
    for (int i = 0; i < files.size(); i++) {
      boolean fresh = i == 0;
      Files.setLastModifiedTime(files.get(i), FileTime.from(now.minus(fresh
          ? Duration.ofMinutes(10) : Duration.ofDays(30))));
      bandOf.put(files.get(i).getFileName().toString(), fresh ? "priority" : null);
    }
    Configuration c = new Configuration(conf);
    c.set("provenance.substream.by", "age");
    c.set("provenance.substream.age.bands", "1h,1d,7d");
    org.apache.hadoop.mapreduce.Job job = org.provmr.examples.Grep.createJob(c,
        new org.apache.hadoop.fs.Path(files.get(0).toUri()),
        new org.apache.hadoop.fs.Path(uri("grep")), "a");
    FileInputFormat.setInputPaths(job, files.stream().map(f -> new org.apache.hadoop.fs.Path(
        f.toUri())).toArray(org.apache.hadoop.fs.Path[]::new)); // listed in this order
    assertTrue(job.waitForCompletion(false));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("grep")));
    Map<Integer, String> fileOf = new HashMap<>();
    for (SourceEntry s : store.sources()) {
      fileOf.put(s.id(), new org.apache.hadoop.fs.Path(s.uri()).getName());
    }
    assertEquals(files.get(0).getFileName().toString(), fileOf.get(files.size() - 1),
        "the smallest split is the last map task");
    long priority = 0;
    for (PartEntry p : store.parts()) {
      for (int id : p.sources().toArray()) {
        assertEquals(bandOf.get(fileOf.get(id)), StoreNames.substreamOf(p.name()), p.name()
            + " read " + fileOf.get(id));
      }
      priority += "priority".equals(StoreNames.substreamOf(p.name())) ? p.records() : 0;
    }
    assertTrue(priority > 0, "the fresh file's records are in priority/");
  }

  @Test
  void aFullyRoutedMapTaskLeavesNoEmptyMainPartAndItsChangedSourceIsRecomputedWithoutDuplicates()
      throws Exception {
    Path text = copyInput();
    List<Path> files = inputFiles(text);
    Instant now = Instant.now();
    for (int i = 0; i < files.size(); i++) {
      Files.setLastModifiedTime(files.get(i), FileTime.from(now.minus(i == 0
          ? Duration.ofMinutes(10) : Duration.ofDays(2)))); // 2 days: main, and not stale
    }
    ok("run", "grep", "--input", text.toString(), "--output", uri("grep"), "--regex", "a",
        "-D", "provenance.substream.by=age", "-D", "provenance.substream.age.bands=1h");
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("grep")));
    int fresh = store.sources().stream().filter(s -> new org.apache.hadoop.fs.Path(s.uri())
        .getName().equals(files.get(0).getFileName().toString())).findFirst().orElseThrow().id();
    String part = String.format("part-m-%05d", fresh);
    Path grep = tmp.resolve("grep");
    assertTrue(Files.size(grep.resolve("priority/" + part)) > 0, "the fresh file's records");
    assertFalse(Files.exists(grep.resolve(part)), "no empty main part beside its priority part");
    assertEquals(files.size(), store.parts().size(), "one part per task, wherever it went");

    // The fresh file changes in place: its split retires and is re-mapped under a new id, so
    // the old part must go although it exists only in priority/.
    Outputs.corrupt(files.get(0));
    Files.setLastModifiedTime(files.get(0), FileTime.from(now.minus(Duration.ofMinutes(5))));
    assertEquals(ExitCodes.FINDINGS, run("validate", "--alerts", uri("a1"), "--output",
        uri("grep")).exitCode());
    ok("recompute", "--alerts", uri("a1"));
    assertFalse(Files.exists(grep.resolve("priority/" + part)), "the retired split's part");
    ok("run", "grep", "--input", text.toString(), "--output", uri("clean"), "--regex", "a");
    assertEquals(Outputs.payload(conf, tmp.resolve("clean")), Outputs.payload(conf, grep),
        "no record lost or duplicated");
    assertEquals(0, run("validate", "--alerts", uri("a2"), "--output", uri("grep"))
        .exitCode());
  }

  private static Map<Confidence, Long> confidences(Path part) throws Exception {
    Map<Confidence, Long> seen = new HashMap<>();
    try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(part.toUri()))) {
      while (r.next()) {
        ProvenanceHeader h = r.value().header();
        seen.merge(h.confidence(), 1L, Long::sum);
      }
    }
    return seen;
  }
}
