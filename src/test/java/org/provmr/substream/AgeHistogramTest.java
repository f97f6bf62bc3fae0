package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Records per age band in inspect and in the validation reports (docs/substreams.md), over
 * four sources touched to known ages: 10 minutes, 5 hours, 3 days, 30 days.
 */
class AgeHistogramTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;

  @BeforeAll
  static void sourcesOfKnownAges() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    text = shared.resolve("text");
    TestData.text(conf, text, 4 * 32 * 1024, 4);
    List<Path> files;
    try (Stream<Path> l = Files.list(text)) {
      files = l.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    Duration[] ages = {Duration.ofMinutes(10), Duration.ofHours(5), Duration.ofDays(3),
        Duration.ofDays(30)};
    for (int i = 0; i < files.size(); i++) {
      Files.setLastModifiedTime(files.get(i), FileTime.from(Instant.now().minus(ages[i])));
    }
  }

  private static Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertTrue(r.exitCode() == 0, String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  private static long[] inspectHistogram(Path out) throws Exception {
    Run r = ok("inspect", out.toString(), "--limit", "0");
    Matcher m = Pattern.compile("# age histogram \\(records by the age of their newest source,"
        + " 1h,1d,7d\\): <1h (\\d+), 1h-1d (\\d+), 1d-7d (\\d+), >=7d (\\d+), unknown (\\d+)"
        + "(, mixed (\\d+))?\n").matcher(r.out());
    assertTrue(m.find(), r.out());
    return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
        Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
        m.group(7) == null ? 0 : Long.parseLong(m.group(7))};
  }

  private static JsonNode reportHistogram(Path out, Path alerts) throws Exception {
    TestData.provmr(conf, "validate", "--output", out.toString(), "--alerts",
        alerts.toString());
    JsonNode h = StoreJson.readTree(Files.readAllBytes(alerts.resolve("report.json")))
        .path("ageHistogram");
    assertEquals("1h,1d,7d", h.path("bands").asText());
    assertTrue(Files.readString(alerts.resolve("report.html")).contains("<h2>Age histogram"));
    return h.path("outputs").elements().next();
  }

  @Test
  void aMapOnlyOutputHasEachSourcesRecordsInItsBandInInspectAndTheReport() throws Exception {
    Path grep = shared.resolve("grep");
    ok("run", "grep", "--input", text.toString(), "--output", grep.toString(), "--regex", "a");
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(grep.toUri()));
    // One part per split, one split per file: file i's records are in its part.
    java.util.Map<Integer, String> fileOf = new java.util.HashMap<>();
    store.sources().forEach(s -> fileOf.put(s.id(), new org.apache.hadoop.fs.Path(s.uri())
        .getName()));
    List<String> names;
    try (Stream<Path> l = Files.list(text)) {
      names = l.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
          .toList();
    }
    Long[] byFile = {0L, 0L, 0L, 0L};
    for (PartEntry p : store.parts()) {
      assertEquals(1, p.sources().cardinality());
      p.sources().forEach(id -> byFile[names.indexOf(fileOf.get(id))] += p.records());
    }
    List<Long> perFile = List.of(byFile);
    long[] h = inspectHistogram(grep);
    assertEquals(List.of(perFile.get(0), perFile.get(1), perFile.get(2), perFile.get(3), 0L,
        0L), List.of(h[0], h[1], h[2], h[3], h[4], h[5]));
    JsonNode r = reportHistogram(grep, shared.resolve("a-grep"));
    assertEquals(perFile.get(0).longValue(), r.path("<1h").asLong());
    assertEquals(perFile.get(1).longValue(), r.path("1h-1d").asLong());
    assertEquals(perFile.get(2).longValue(), r.path("1d-7d").asLong());
    assertEquals(perFile.get(3).longValue(), r.path(">=7d").asLong());
    assertEquals(0, r.path("mixed").asLong());
  }

  @Test
  void reduceRecordsAreClassifiedByTheirOwnSourcesInInspectAndAsMixedInTheReport()
      throws Exception {
    Path wc = shared.resolve("wc");
    ok("run", "wordcount", "--input", text.toString(), "--output", wc.toString(), "--reduces",
        "2");
    long records = LineageStore.read(conf, new org.apache.hadoop.fs.Path(wc.toUri())).parts()
        .stream().mapToLong(PartEntry::records).sum();
    long[] h = inspectHistogram(wc);
    assertEquals(records, h[0] + h[1] + h[2] + h[3], "every record in one band");
    assertEquals(0, h[4] + h[5], "none unknown or mixed: the headers name each one's sources");
    assertTrue(h[0] > 0 && h[3] > 0, "words only in the oldest file are old: " + h[3]);
    JsonNode r = reportHistogram(wc, shared.resolve("a-wc"));
    assertEquals(records, r.path("mixed").asLong(), "each part read every band");
  }
}
