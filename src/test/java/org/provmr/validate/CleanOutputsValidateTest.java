package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;
import static org.provmr.validate.ValidationFixtures.records;
import static org.provmr.validate.ValidationFixtures.store;
import static org.provmr.validate.ValidationFixtures.validate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/** No false positives: untouched outputs of every shape validate clean, fast and deep. */
class CleanOutputsValidateTest {
  @TempDir
  static Path dir;
  static Configuration conf;
  static String text;
  static String grep;
  static String wordcount;
  static String topk;

  @BeforeAll
  static void capture() throws Exception {
    conf = conf(dir);
    text = dir.resolve("text").toUri().toString();
    grep = dir.resolve("grep").toUri().toString();
    wordcount = dir.resolve("wordcount").toUri().toString();
    topk = dir.resolve("topk").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
    ValidationFixtures.wordcount(conf, text, wordcount);
    ValidationFixtures.topk(conf, wordcount, topk);
  }

  private String alerts(String name) {
    return dir.resolve("alerts-" + name).toUri().toString();
  }

  private static void assertClean(ValidationFixtures.Validation v, StoredJob... jobs) {
    assertEquals(ExitCodes.OK, v.exitCode(), v.out() + v.err());
    assertEquals(List.of(), v.alerts());
    assertEquals(0, v.counter(ValidationCounters.FINDINGS));
    long records = 0;
    long parts = 0;
    long bytes = 0;
    for (StoredJob j : jobs) {
      records += records(j);
      parts += j.parts().size();
      bytes += j.parts().stream().mapToLong(PartEntry::bytes).sum();
    }
    assertTrue(records > 0);
    assertEquals(records, v.counter(ValidationCounters.RECORDS_CHECKED));
    assertEquals(records, v.counter(ValidationCounters.RECORDS_VALID));
    assertEquals(parts, v.counter(ValidationCounters.PARTS_CHECKED));
    assertEquals(jobs.length, v.counter(ValidationCounters.STORES_CHECKED));
    assertEquals(bytes, v.counter(ValidationCounters.BYTES_CHECKED));
    assertTrue(v.counter(ValidationCounters.SOURCES_CHECKED) > 0);
    long entries = 0;
    for (StoredJob j : jobs) {
      entries += j.sources().size();
    }
    assertEquals(entries, v.counter(ValidationCounters.SOURCES_CHECKED));
    assertEquals(entries, v.counter(ValidationCounters.SOURCES_VALID));
    assertTrue(v.out().contains("All valid"), v.out());
  }

  @Test
  void mapOnlyOutputIsValidByWholePartChecksumsAndReportsItInJsonAndHtml() throws Exception {
    StoredJob job = store(conf, grep);
    String a = alerts("grep");
    ValidationFixtures.Validation v = validate(conf, a, "--output", grep);
    assertClean(v, job);
    assertEquals(job.parts().size(), v.counter(ValidationCounters.PARTS_FAST_PATH));
    assertEquals(0, v.counter(ValidationCounters.PARTS_RECORD_LEVEL));
    assertEquals(job.sources().size(), v.counter(ValidationCounters.SOURCES_CHECKED));

    assertTrue(v.report().path("valid").asBoolean());
    assertEquals(0, v.report().path("findings").path("total").asLong());
    Path dirOfAlerts = Path.of(java.net.URI.create(a));
    assertEquals(0, Files.size(dirOfAlerts.resolve("alerts-r-00000.jsonl")));
    String html = Files.readString(dirOfAlerts.resolve("report.html"), StandardCharsets.UTF_8);
    assertTrue(html.contains("<svg"), "chart missing");
    assertTrue(html.contains("All valid"));
    assertFalse(html.matches("(?s).*(src|href)\\s*=\\s*\"(https?:)?//.*"),
        "the page must not fetch anything");
    assertFalse(html.contains("<script"));
  }

  @Test
  void mapReduceOutputIsValid() throws Exception {
    assertClean(validate(conf, alerts("wordcount"), "--output", wordcount),
        store(conf, wordcount));
  }

  @Test
  void twoStageOutputIsValidAgainstTheUpstreamParts() throws Exception {
    StoredJob job = store(conf, topk);
    ValidationFixtures.Validation v = validate(conf, alerts("topk"), "--output", topk);
    assertClean(v, job);
    // topk's sources are wordcount's part files.
    assertEquals(job.sources().size(), v.counter(ValidationCounters.SOURCES_VALID));
    assertTrue(job.sources().stream().allMatch(s -> s.upstream() != null));
  }

  @Test
  void deepSweepOfAllThreeChecksEveryRecordAndFindsNothing() throws Exception {
    StoredJob[] jobs = {store(conf, grep), store(conf, wordcount), store(conf, topk)};
    ValidationFixtures.Validation v = validate(conf, alerts("deep"), "--deep",
        "--output", grep, "--output", wordcount, "--output", topk);
    assertClean(v, jobs);
    assertEquals(v.counter(ValidationCounters.PARTS_CHECKED),
        v.counter(ValidationCounters.PARTS_RECORD_LEVEL));
    assertEquals(0, v.counter(ValidationCounters.PARTS_FAST_PATH));
    assertTrue(v.report().path("deep").asBoolean());
  }

  @Test
  void blockCompressedOutputIsValidRecordByRecord() throws Exception {
    Configuration c = new Configuration(conf);
    c.setBoolean("mapreduce.output.fileoutputformat.compress", true);
    c.set("mapreduce.output.fileoutputformat.compress.type", "BLOCK");
    String compressed = dir.resolve("grep-compressed").toUri().toString();
    ValidationFixtures.grep(c, text, compressed);
    StoredJob job = store(conf, compressed);
    ValidationFixtures.Validation v = validate(conf, alerts("compressed"), "--deep",
        "--output", compressed);
    assertClean(v, job);
    assertEquals(job.parts().size(), v.counter(ValidationCounters.PARTS_RECORD_LEVEL));
  }

  @Test
  void planGroupsEveryReferenceToASourceFileIntoOneUnit() throws Exception {
    ValidationPlan plan = ValidationPlan.of(conf, List.of(new org.apache.hadoop.fs.Path(grep),
        new org.apache.hadoop.fs.Path(wordcount)));
    List<WorkUnit> sources = plan.units().stream()
        .filter(u -> u.kind() == WorkUnit.Kind.SOURCE).toList();
    // grep and wordcount read the same two files: one unit per file, two references each.
    assertEquals(2, sources.size());
    assertTrue(sources.stream().allMatch(u -> u.refs().size() == 2));
    long parts = store(conf, grep).parts().size() + store(conf, wordcount).parts().size();
    // One unit per store (consistency, seal, unlisted files), one per part.
    assertEquals(2, plan.units().stream().filter(u -> u.kind() == WorkUnit.Kind.STORE).count());
    assertEquals(parts + 2, plan.units().size() - sources.size());
    assertEquals(1, plan.pack(Long.MAX_VALUE).size());
    assertEquals(plan.units().size(), plan.pack(1).size());
  }
}
