package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.header.HeaderCodec;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * The output half of the fault-injection matrix, on the local file system: each fault is
 * injected into its own copy of a clean output, and one sweep validates them all together with
 * the untouched original, as a cron sweep over many outputs would.
 */
class PartFaultsValidateTest {
  @TempDir
  static Path dir;
  static Configuration conf;
  static String text;
  static String grep;
  static String wordcount;
  static ValidationFixtures.Validation sweep;
  static final List<String> OUTPUTS = new ArrayList<>();
  static ValidationFixtures.RecordAt flippedPayload;
  static ValidationFixtures.RecordAt flippedHeader;
  static ValidationFixtures.RecordAt cutRecord;
  static ValidationFixtures.RecordAt flippedReduce;
  static String outsideFile;

  @BeforeAll
  static void injectAndSweep() throws Exception {
    conf = conf(dir);
    text = uri("text");
    grep = uri("grep");
    wordcount = uri("wordcount");
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
    ValidationFixtures.wordcount(conf, text, wordcount);
    OUTPUTS.add(grep);

    String payload = copyOf(grep, "payload-flip");
    org.apache.hadoop.fs.Path part0 = new org.apache.hadoop.fs.Path(payload, "part-m-00000");
    flippedPayload = ValidationFixtures.records(conf, part0).get(10);
    // The key is the grep payload: flip its last byte.
    long at = flippedPayload.offset() + 8 + flippedPayload.keyLength() - 1;
    ValidationFixtures.edit(conf, part0, b -> b[(int) at] ^= 0x20);

    String header = copyOf(grep, "header-flip");
    org.apache.hadoop.fs.Path hpart = new org.apache.hadoop.fs.Path(header, "part-m-00001");
    flippedHeader = ValidationFixtures.records(conf, hpart).get(3);
    // Header byte 1 is the flags byte (one-byte length prefix): 0x40 becomes 0xbf.
    ValidationFixtures.edit(conf, hpart,
        b -> b[(int) flippedHeader.headerOffset() + 1] ^= (byte) 0xff);

    String truncated = copyOf(grep, "truncated-part");
    org.apache.hadoop.fs.Path tpart = new org.apache.hadoop.fs.Path(truncated, "part-m-00000");
    cutRecord = ValidationFixtures.records(conf, tpart).get(20);
    ValidationFixtures.truncate(conf, tpart, cutRecord.offset() + 5);

    String deleted = copyOf(grep, "deleted-part");
    org.apache.hadoop.fs.Path dpart = new org.apache.hadoop.fs.Path(deleted, "part-m-00001");
    dpart.getFileSystem(conf).delete(dpart, false);

    String reduce = copyOf(wordcount, "reduce-payload-flip");
    org.apache.hadoop.fs.Path rpart = new org.apache.hadoop.fs.Path(reduce, "part-r-00000");
    flippedReduce = ValidationFixtures.records(conf, rpart).get(7);
    // The value (an IntWritable count) ends the record: flip its last byte.
    long end = flippedReduce.offset() + 8 + flippedReduce.keyLength()
        + flippedReduce.valueLength() - 1;
    ValidationFixtures.edit(conf, rpart, b -> b[(int) end] ^= 0x01);

    // A file that exists outside the roots: if it were opened it would be a source_mismatch.
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(elsewhere.resolve("secret.txt"), "not a source of this job\n");
    outsideFile = elsewhere.resolve("secret.txt").toUri().toString();
    String outside = copyOf(grep, "outside-roots");
    ValidationFixtures.editManifest(conf, outside, 0, "uri", outsideFile);
    String dotdot = copyOf(grep, "dotdot");
    ValidationFixtures.editManifest(conf, dotdot, 1, "uri",
        text + "/../elsewhere/secret.txt");

    List<String> args = new ArrayList<>();
    for (String o : OUTPUTS) {
      args.add("--output");
      args.add(o);
    }
    sweep = ValidationFixtures.validate(conf, uri("alerts"), args.toArray(new String[0]));
  }

  private static String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String copyOf(String output, String name) throws Exception {
    String to = uri(name);
    ValidationFixtures.copy(conf, output, to);
    OUTPUTS.add(to);
    return to;
  }

  private static List<Alert> alertsOf(String name) {
    String out = qualified(uri(name));
    return sweep.alerts().stream().filter(a -> a.output().equals(out)).toList();
  }

  private static String qualified(String u) {
    return new org.apache.hadoop.fs.Path(u).toString();
  }

  private static Alert only(String name) {
    List<Alert> a = alertsOf(name);
    assertEquals(1, a.size(), () -> name + ": " + a);
    return a.get(0);
  }

  @Test
  void payloadByteFlipIsNamedByRecordAndOffsetWithBothChecksums() throws Exception {
    Alert a = only("payload-flip");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals("payload_checksum", a.reason());
    assertEquals(Alert.SCOPE_RECORD, a.scope());
    assertEquals("part-m-00000", a.part());
    assertEquals(10L, a.record());
    assertEquals(flippedPayload.offset(), a.offset());
    assertNotNull(a.expected());
    assertNotNull(a.actual());
    assertNotEquals(a.expected(), a.actual());
    // The DataID names the exact source line the record came from.
    StoredJob job = ValidationFixtures.store(conf, grep);
    SourceEntry s = job.source(0);
    assertEquals(s.uri(), a.dataId().uri());
    assertTrue(a.dataId().offset() >= s.start() && a.dataId().length() > 0);
    assertEquals(0, a.lineageId());
    assertEquals(job.job().jobId(), a.jobId());
  }

  @Test
  void headerByteFlipIsAMalformedHeaderAtItsRecord() {
    Alert a = only("header-flip");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals("header_malformed", a.reason());
    assertEquals("part-m-00001", a.part());
    assertEquals(3L, a.record());
    assertEquals(flippedHeader.offset(), a.offset());
    assertTrue(a.message().contains("version"), a.message());
    // v2 (the default): records 4 to 63 of the sync block are deltas from record 3 and
    // cannot be resolved without it; one finding stands for all of them, and names the file
    // and the damaged record's byte.
    long following = HeaderCodec.MAX_DELTA_RUN - 3;
    assertEquals(1 + following, a.records(), a.message());
    assertTrue(a.message().contains("the " + following + " records after it (4 to 63)"),
        a.message());
    assertTrue(a.message().contains((1 + following) + " records affected"), a.message());
    assertTrue(a.message().contains("at byte " + flippedHeader.offset() + " of "), a.message());
    assertTrue(a.message().contains("part-m-00001"), a.message());
    assertTrue(a.message().contains("payload checksums were checked and match"), a.message());
  }

  @Test
  void truncatedPartIsReportedWhereReadingStopsWithTheUnverifiedRecordCount() throws Exception {
    Alert a = only("truncated-part");
    PartEntry p = ValidationFixtures.store(conf, grep).part("part-m-00000");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals("truncated", a.reason());
    assertEquals(Alert.SCOPE_PART, a.scope());
    assertEquals(20L, a.record());
    assertEquals(cutRecord.offset(), a.offset());
    assertEquals(p.records() - 20, a.records());
    assertEquals(p.checksum(), a.expected());
    assertNotEquals(p.checksum(), a.actual());
  }

  @Test
  void deletedPartIsReportedMissingWithItsRecordCount() throws Exception {
    Alert a = only("deleted-part");
    PartEntry p = ValidationFixtures.store(conf, grep).part("part-m-00001");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals("part_missing", a.reason());
    assertEquals("part-m-00001", a.part());
    assertNull(a.record());
    assertEquals(p.records(), a.records());
    assertEquals(p.checksum(), a.expected());
    assertNull(a.actual());
  }

  @Test
  void flippedReduceRecordNamesItsSourceSet() {
    Alert a = only("reduce-payload-flip");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals("payload_checksum", a.reason());
    assertEquals("part-r-00000", a.part());
    assertEquals(7L, a.record());
    assertEquals(flippedReduce.offset(), a.offset());
    assertEquals(1, a.sourceSets().size());
    assertNull(a.dataId());
  }

  @Test
  void dataIdOutsideTheRootsIsForbiddenAndNeverOpened() {
    Alert a = onlyBesidesTheUnreadInput("outside-roots", "text-00001.txt");
    assertEquals(AlertType.FORBIDDEN_SOURCE, a.type());
    assertEquals("outside_roots", a.reason());
    assertEquals("part-m-00000", a.part());
    assertEquals(new org.apache.hadoop.fs.Path(outsideFile).toString(),
        new org.apache.hadoop.fs.Path(a.dataId().uri()).toString());
    assertTrue(a.message().contains("not opened"), a.message());
  }

  @Test
  void dataIdClimbingOutWithDotDotIsForbidden() {
    Alert a = onlyBesidesTheUnreadInput("dotdot", "text-00000.txt");
    assertEquals(AlertType.FORBIDDEN_SOURCE, a.type());
    assertEquals("part-m-00001", a.part());
    assertTrue(a.message().contains(".."), a.message());
  }

  /**
   * The one finding of a part whose manifest entry was redirected, beside the cadence check's
   * {@code update_observed} for the real input file the edited manifest no longer names: a
   * file under the job's input paths that, as far as the store says, it was not computed from.
   */
  private static Alert onlyBesidesTheUnreadInput(String name, String input) {
    List<Alert> all = alertsOf(name);
    List<Alert> unread = all.stream()
        .filter(a -> Alert.UPDATE_OBSERVED.equals(a.reason())).toList();
    assertEquals(1, unread.size(), () -> name + ": " + all);
    assertTrue(unread.get(0).dataId().uri().endsWith("/text/" + input), unread.toString());
    List<Alert> rest = all.stream().filter(a -> !unread.contains(a)).toList();
    assertEquals(1, rest.size(), () -> name + ": " + all);
    return rest.get(0);
  }

  @Test
  void untouchedOutputInTheSameSweepHasNoFindings() {
    assertEquals(List.of(), alertsOf("grep"));
  }

  @Test
  void sweepExitsThreeAndItsCountersAgreeWithTheAlertLines() throws Exception {
    assertEquals(ExitCodes.FINDINGS, sweep.exitCode(), sweep.out() + sweep.err());
    // 7 from the job, and the two update_observed of the redirected manifests (above).
    assertEquals(9, sweep.alerts().size(), sweep.alerts().toString());
    assertEquals(sweep.alerts().size(), sweep.counter(ValidationCounters.FINDINGS));
    for (AlertType t : AlertType.values()) {
      assertEquals(sweep.ofType(t).size(), sweep.counter(t.counter()), t.label());
    }
    assertEquals(5, sweep.counter(ValidationCounters.CHECKSUM_MISMATCH));
    assertEquals(2, sweep.counter(ValidationCounters.FORBIDDEN_SOURCE));
    // Only the four damaged, present parts were read record by record.
    assertEquals(4, sweep.counter(ValidationCounters.PARTS_RECORD_LEVEL));
    assertEquals(sweep.counter(ValidationCounters.PARTS_CHECKED) - 4 - 1,
        sweep.counter(ValidationCounters.PARTS_FAST_PATH));
    PartEntry cut = ValidationFixtures.store(conf, grep).part("part-m-00000");
    PartEntry gone = ValidationFixtures.store(conf, grep).part("part-m-00001");
    // The header flip's finding covers the v2 deltas its header leaves unresolvable.
    long invalid = 1 + only("header-flip").records() + (cut.records() - 20) + gone.records()
        + 1;
    assertEquals(invalid, sweep.counter(ValidationCounters.RECORDS_CHECKED)
        - sweep.counter(ValidationCounters.RECORDS_VALID));
    assertTrue(sweep.out().contains("9 findings"), sweep.out());
  }
}
