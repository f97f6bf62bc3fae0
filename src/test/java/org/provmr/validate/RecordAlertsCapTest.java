package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A part whose every record fails its checksum (a crafted part, a systematic corruption) gets
 * at most provenance.validate.record.alerts.max record alerts, and one alert for the part
 * counting the rest; before, an alert for each record, held in memory by the in-process check
 * and the report: a part of ten million records, ten million alerts.
 */
class RecordAlertsCapTest {
  @TempDir
  Path dir;

  @Test
  void everyRecordDamagedGivesCappedRecordAlertsAndOneCount() throws Exception {
    Configuration conf = ValidationFixtures.conf(dir);
    String in = dir.resolve("text").toUri().toString();
    String grep = dir.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, in);
    ValidationFixtures.grep(conf, in, grep);
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(grep, "part-m-00000");
    List<ValidationFixtures.RecordAt> records = ValidationFixtures.records(conf, part);
    assertTrue(records.size() > 20, "records: " + records.size());
    ValidationFixtures.edit(conf, part, b -> {
      for (ValidationFixtures.RecordAt r : records) {
        b[(int) (r.offset() + 8 + r.keyLength() - 1)] ^= 0x20; // the key: grep's payload
      }
    });
    conf.setLong("provenance.validate.record.alerts.max", 5);
    DirectValidation.Result r = DirectValidation.run(conf, List.of(part.getParent()),
        u -> u.kind() == WorkUnit.Kind.PART && "part-m-00000".equals(u.part()));

    List<Alert> named = r.alerts().stream().filter(a -> a.record() != null).toList();
    assertEquals(5, named.size(), "record alerts: " + named.size());
    named.forEach(a -> assertEquals("payload_checksum", a.reason(), a.toString()));
    List<Alert> counted = r.alerts().stream().filter(a -> a.record() == null).toList();
    assertEquals(1, counted.size(), counted.toString());
    Alert rest = counted.get(0);
    assertEquals("payload_checksum", rest.reason());
    assertEquals("part-m-00000", rest.part());
    assertNull(rest.record());
    assertEquals(records.size() - 5L, rest.records(), rest.toString());
    assertTrue(rest.message().contains((records.size() - 5) + " more records"),
        rest.message());
    assertTrue(rest.message().contains("provenance.validate.record.alerts.max"),
        rest.message());
    // The counters still say how many records are bad.
    assertEquals(0L, r.counters().getOrDefault(ValidationCounters.RECORDS_VALID, 0L));
  }
}
