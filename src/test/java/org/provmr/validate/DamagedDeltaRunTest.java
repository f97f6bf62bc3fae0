package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.header.HeaderCodec;
import org.provmr.testing.Outputs;

/**
 * Header format v2 (the default): a damaged header leaves the deltas after it in its run
 * unresolvable. Validation reports the damaged header and those records as one finding whose
 * record count covers them all, still checks their payload checksums, and starts a new finding
 * at a second damaged header; both routes (in process and the job) agree.
 */
class DamagedDeltaRunTest {
  @TempDir
  static Path dir;
  static Configuration conf;
  static String grep;
  static final List<String> OUTPUTS = new ArrayList<>();
  static ValidationFixtures.Validation direct;
  static ValidationFixtures.Validation job;
  static ValidationFixtures.RecordAt payloadInRun;
  static String part;

  @BeforeAll
  static void damageAndValidate() throws Exception {
    conf = conf(dir);
    String text = uri("text");
    grep = uri("grep");
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);

    // Record 3's flags byte flipped (not a v2 header any more), and the payload of record 10,
    // a delta of the run it leaves unresolvable, changed too.
    String both = copyOf("header-and-payload");
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(both, "part-m-00001");
    part = p.toString();
    List<ValidationFixtures.RecordAt> at = ValidationFixtures.records(conf, p);
    ValidationFixtures.RecordAt r3 = at.get(3);
    payloadInRun = at.get(10);
    ValidationFixtures.edit(conf, p, b -> {
      b[(int) r3.headerOffset() + 1] ^= (byte) 0xff;
      b[(int) (payloadInRun.offset() + 8 + payloadInRun.keyLength() - 1)] ^= 0x20;
    });

    // Two damaged headers in one run: the second starts a finding of its own.
    String two = copyOf("two-headers");
    org.apache.hadoop.fs.Path q = new org.apache.hadoop.fs.Path(two, "part-m-00001");
    List<ValidationFixtures.RecordAt> qat = ValidationFixtures.records(conf, q);
    ValidationFixtures.edit(conf, q, b -> {
      b[(int) qat.get(3).headerOffset() + 1] ^= (byte) 0xff;
      b[(int) qat.get(20).headerOffset() + 1] ^= (byte) 0xff;
    });

    // Crafted: record 1 (a delta from the block's absolute first record) made absolute by
    // clearing its DELTA bit, so its fields no longer parse; records 2 to 63 follow it.
    String crafted = copyOf("crafted-absolute");
    org.apache.hadoop.fs.Path c = new org.apache.hadoop.fs.Path(crafted, "part-m-00001");
    ValidationFixtures.RecordAt r1 = ValidationFixtures.records(conf, c).get(1);
    ValidationFixtures.edit(conf, c, b -> {
      assertEquals((byte) 0xa0, b[(int) r1.headerOffset() + 1], "record 1 is a plain delta");
      b[(int) r1.headerOffset() + 1] = (byte) 0x80;
    });

    List<String> args = new ArrayList<>();
    for (String o : OUTPUTS) {
      args.add("--output");
      args.add(o);
    }
    args.add("--mode");
    args.add("direct");
    direct = ValidationFixtures.validate(conf, uri("alerts-direct"), args.toArray(new String[0]));
    args.set(args.size() - 1, "job");
    job = ValidationFixtures.validate(conf, uri("alerts-job"), args.toArray(new String[0]));
  }

  private static String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static String copyOf(String name) throws Exception {
    String to = uri(name);
    ValidationFixtures.copy(conf, grep, to);
    OUTPUTS.add(to);
    return to;
  }

  private static List<Alert> alertsOf(ValidationFixtures.Validation v, String name) {
    String out = new org.apache.hadoop.fs.Path(uri(name)).toString();
    return v.alerts().stream().filter(a -> a.output().equals(out))
        .sorted(Comparator.comparing(Alert::record)).toList();
  }

  @Test
  void aDamagedHeaderAndTheDeltasItLeavesUnresolvableAreOneFindingThatCoversThem() {
    List<Alert> alerts = alertsOf(direct, "header-and-payload");
    assertEquals(2, alerts.size(), alerts::toString);
    Alert run = alerts.get(0);
    assertEquals(AlertType.CHECKSUM_MISMATCH, run.type());
    assertEquals("header_malformed", run.reason());
    assertEquals(Alert.SCOPE_RECORD, run.scope());
    assertEquals("part-m-00001", run.part());
    assertEquals(3L, run.record());
    // Records 4 to 63 are deltas (an absolute header every MAX_DELTA_RUN + 1 records).
    long following = HeaderCodec.MAX_DELTA_RUN - 3;
    assertEquals(1 + following, run.records());
    assertTrue(run.message().contains(part), run.message());
    assertTrue(run.message().contains("the " + following + " records after it (4 to 63)"),
        run.message());
    assertTrue(run.message().contains((1 + following) + " records affected, bytes "
        + run.offset() + " to "), run.message());
    assertTrue(run.message().contains("1 mismatching reported separately"), run.message());
  }

  @Test
  void aChangedPayloadInsideTheRunIsStillItsOwnFindingWithoutAGuessedDataId() {
    Alert a = alertsOf(direct, "header-and-payload").get(1);
    assertEquals("payload_checksum", a.reason());
    assertEquals(10L, a.record());
    assertEquals(payloadInRun.offset(), a.offset());
    assertEquals(1L, a.records());
    assertNotEquals(a.expected(), a.actual());
    // Its source and offset are relative to the damaged header: none is named.
    assertNull(a.dataId());
  }

  @Test
  void aSecondDamagedHeaderInTheRunStartsAFindingOfItsOwn() {
    List<Alert> alerts = alertsOf(direct, "two-headers");
    assertEquals(2, alerts.size(), alerts::toString);
    assertEquals(3L, alerts.get(0).record());
    assertEquals(17L, alerts.get(0).records(), alerts.get(0).message());
    assertTrue(alerts.get(0).message().contains("checked and match"), alerts.get(0).message());
    assertEquals(20L, alerts.get(1).record());
    assertEquals(1 + HeaderCodec.MAX_DELTA_RUN - 20, alerts.get(1).records());
    alerts.forEach(a -> assertEquals("header_malformed", a.reason()));
  }

  @Test
  void aCraftedHeaderIsNamedWithTheDecodersReasonAndCoversItsRun() {
    List<Alert> alerts = alertsOf(direct, "crafted-absolute");
    assertEquals(1, alerts.size(), alerts::toString);
    Alert a = alerts.get(0);
    assertEquals("header_malformed", a.reason());
    assertEquals(1L, a.record());
    assertEquals((long) HeaderCodec.MAX_DELTA_RUN, a.records());
    assertTrue(a.message().contains("is malformed: "), a.message());
    assertTrue(a.message().contains("header byte") || a.message().contains("at byte"),
        a.message());
  }

  @Test
  void theJobAndTheInProcessRouteReportTheSameFindingsAndCounts() {
    assertEquals(ExitCodes.FINDINGS, direct.exitCode(), direct.err());
    assertEquals(ExitCodes.FINDINGS, job.exitCode(), job.err());
    assertEquals(5, direct.alerts().size(), direct.alerts().toString());
    for (String name : List.of("header-and-payload", "two-headers", "crafted-absolute")) {
      List<Alert> d = alertsOf(direct, name);
      List<Alert> j = alertsOf(job, name);
      assertEquals(d.size(), j.size(), name);
      for (int i = 0; i < d.size(); i++) {
        assertEquals(d.get(i).reason(), j.get(i).reason(), name);
        assertEquals(d.get(i).record(), j.get(i).record(), name);
        assertEquals(d.get(i).records(), j.get(i).records(), name);
        assertEquals(d.get(i).message(), j.get(i).message(), name);
      }
    }
    // Every record a finding covers is counted not valid, and no other.
    long covered = direct.alerts().stream().filter(a -> a.reason().equals("header_malformed"))
        .mapToLong(Alert::records).sum();
    assertEquals(covered, direct.counter(ValidationCounters.RECORDS_CHECKED)
        - direct.counter(ValidationCounters.RECORDS_VALID));
    assertEquals(direct.counter(ValidationCounters.RECORDS_VALID),
        job.counter(ValidationCounters.RECORDS_VALID));
  }

  @Test
  void oneRecomputeOfTheAlertsRepairsEveryRecordTheRunCovered() throws Exception {
    ValidationFixtures.ok(conf, "recompute", "--alerts", uri("alerts-job"));
    List<String> args = new ArrayList<>(List.of("--deep"));
    for (String o : OUTPUTS) {
      args.add("--output");
      args.add(o);
    }
    ValidationFixtures.Validation after = ValidationFixtures.validate(conf, uri("alerts-after"),
        args.toArray(new String[0]));
    assertEquals(0, after.exitCode(), after.alerts() + after.err());
    assertEquals(after.counter(ValidationCounters.RECORDS_CHECKED),
        after.counter(ValidationCounters.RECORDS_VALID));
    List<String> clean = Outputs.payload(conf, dir.resolve("grep"));
    for (String name : List.of("header-and-payload", "two-headers", "crafted-absolute")) {
      assertEquals(clean, Outputs.payload(conf, dir.resolve(name)), name);
    }
  }
}
