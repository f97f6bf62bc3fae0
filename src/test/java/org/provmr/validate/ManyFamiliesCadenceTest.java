package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.testing.TestData;

/**
 * A store whose every part was computed from the files of many source families, all of them
 * overdue: the cadence findings are one per part (naming the late families that fed it, a
 * few by name and how many), not one per family and part, which a crafted store of 10,000
 * families and 10,000 parts made a hundred million alerts and as many passes over its parts.
 */
class ManyFamiliesCadenceTest {
  private static final long DAY = 86_400_000L;
  private static final long HOUR = 3_600_000L;
  private static final int FAMILIES = 30;
  private static final int DAYS = 18;
  private static final int PARTS = 40;

  @TempDir
  Path tmp;

  @Test
  void overdueFamiliesFeedingEveryPartGiveOneFindingPerPart() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    long base = (System.currentTimeMillis() / DAY - 40) * DAY + 2 * HOUR;
    List<SourceEntry> sources = new ArrayList<>();
    for (int f = 0; f < FAMILIES; f++) {
      sources.addAll(family(tmp.resolve("in/f" + (char) ('a' + f % 26) + f / 26), base,
          sources.size()));
    }
    org.apache.hadoop.fs.Path out = store(conf, "out", sources, PARTS);
    conf.setLong("provenance.validate.sweep.time", base + (DAYS + 1) * DAY + HOUR);
    org.apache.hadoop.fs.Path alerts = new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri());
    Job job = ValidationJob.create(conf, List.of(out), alerts);
    Files.createDirectories(tmp.resolve("alerts"));
    CadenceCheck check = CadenceCheck.prepare(job);
    assertEquals(FAMILIES, check.survey().families().size(), check.survey().toString());
    List<String> warnings = check.finish(job.getConfiguration(), alerts);

    List<JsonNode> overdue = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(tmp.resolve("alerts").resolve(CadenceCheck.FILE))) {
      JsonNode a = json.readTree(line);
      assertEquals("overdue", a.path("reason").asText(), line);
      overdue.add(a);
    }
    assertEquals(PARTS, overdue.size(), "one finding per part, not per family and part; "
        + warnings);
    assertEquals(PARTS, check.findings());
    TreeSet<String> named = new TreeSet<>();
    Pattern others = Pattern.compile("also overdue: (.*) \\((\\d+) families in all\\)");
    for (JsonNode a : overdue) {
      named.add(a.path("part").asText());
      String message = a.path("message").asText();
      assertTrue(message.startsWith("Source family "), message);
      Matcher m = others.matcher(message);
      assertTrue(m.find(), message);
      assertEquals(Integer.toString(FAMILIES), m.group(2), message);
      String[] names = m.group(1).split(", ");
      assertEquals(9, names.length, "eight named: " + message);
      assertEquals("...", names[8], message);
      assertTrue(message.length() < 4000, "bounded: " + message.length());
    }
    assertEquals(PARTS, named.size(), named.toString());
  }

  /**
   * A family that many outputs validated together read: each finding names eight of them and
   * how many, not every one (a sweep of a thousand outputs put them all in each alert).
   */
  @Test
  void aFindingNamesAFewDependentOutputsAndHowMany() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    long base = (System.currentTimeMillis() / DAY - 40) * DAY + 2 * HOUR;
    List<SourceEntry> sources = family(tmp.resolve("in/logs"), base, 0);
    List<org.apache.hadoop.fs.Path> outputs = new ArrayList<>();
    for (int o = 0; o < 12; o++) {
      outputs.add(store(conf, "out-" + o, sources, 1));
    }
    conf.setLong("provenance.validate.sweep.time", base + (DAYS + 1) * DAY + HOUR);
    org.apache.hadoop.fs.Path alerts = new org.apache.hadoop.fs.Path(tmp.resolve("alerts")
        .toUri());
    Job job = ValidationJob.create(conf, outputs, alerts);
    Files.createDirectories(tmp.resolve("alerts"));
    CadenceCheck check = CadenceCheck.prepare(job);
    check.finish(job.getConfiguration(), alerts);
    List<String> lines = Files.readAllLines(tmp.resolve("alerts").resolve(CadenceCheck.FILE));
    assertEquals(12, lines.size());
    for (String line : lines) {
      String message = new ObjectMapper().readTree(line).path("message").asText();
      Matcher m = Pattern.compile("Dependent outputs: (.*) \\((\\d+) outputs in all\\)")
          .matcher(message);
      assertTrue(m.find(), message);
      assertEquals("12", m.group(2), message);
      assertEquals(9, m.group(1).split(", ").length, "eight and '...': " + message);
    }
  }

  /** Daily files of one family in {@code dir}, as source entries. */
  private static List<SourceEntry> family(Path dir, long base, int firstId) throws Exception {
    Files.createDirectories(dir);
    List<SourceEntry> sources = new ArrayList<>();
    for (int d = 0; d < DAYS; d++) {
      Path file = Files.writeString(dir.resolve("day-" + d + ".log"), "line " + d + "\n");
      long mtime = base + d * DAY;
      Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(mtime));
      long len = Files.size(file);
      sources.add(new SourceEntry(firstId + d, file.toUri().toString(), 0, len, len,
          mtime, SourceEntry.POSITIONS_BYTES, "crc32c", "00000000", len, List.of("00000000"),
          null));
    }
    return sources;
  }

  /** A store of {@code parts} parts, each computed from every source (ids 0 to n - 1). */
  private org.apache.hadoop.fs.Path store(Configuration conf, String name,
      List<SourceEntry> sources, int parts) throws Exception {
    SourceIds all = SourceIds.range(0, sources.size());
    List<PartEntry> entries = new ArrayList<>();
    for (int r = 0; r < parts; r++) {
      entries.add(new PartEntry(String.format("part-r-%05d", r), "attempt_1700000000000_0001_r_"
          + r + "_0", 1, 10, "crc32c", "00000000", "compact", 0, 0, 1, all, List.of(all), 0,
          1, "id-" + r, null, 0, null));
    }
    JobRecord record = new JobRecord(JobRecord.FORMAT_VERSION, "job_1700000000000_0001",
        "crafted", "u", 1L, "compact", "crc32c", List.of(tmp.resolve("in").toUri().toString()),
        List.of(new LineageEntry(0, Lineage.of(List.of(), List.of()))), new TreeMap<>());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
    LineageStore.write(out.getFileSystem(conf), out, record, sources, entries, null);
    return out;
  }
}
