package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
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
 * A finding about a source file read by every part of a reduce job (older than its window,
 * gone) gives at most provenance.validate.source.part.alerts.max part alerts for the file,
 * and one alert counting the rest; before, one alert for each of the file's splits and each
 * part, splits × parts (10,000 splits and 1,000 reducers: ten million alerts), and a pass over
 * every part for each split.
 */
class SourceFindingPartsCapTest {
  private static final int SPLITS = 4;
  private static final int PARTS = 60;

  @TempDir
  Path tmp;

  @Test
  void aStaleFileReadByEveryPartGivesCappedPartAlertsAndOneCount() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path file = Files.writeString(Files.createDirectories(tmp.resolve("in")).resolve("a.txt"),
        "x".repeat(4000));
    long mtime = Files.getLastModifiedTime(file).toMillis();
    String output = craft(conf, file, mtime);
    conf.set("provenance.validate.staleness.window", "1m");
    conf.setInt("provenance.validate.source.part.alerts.max", 10);
    conf.setInt("provenance.validate.direct.threads", 1);
    List<Alert> stale = staleness(conf, output, mtime);

    List<Alert> parts = stale.stream().filter(a -> a.part() != null).toList();
    assertEquals(10, parts.size(), "at most the cap of part alerts: " + stale.size());
    assertEquals(10, new TreeSet<>(parts.stream().map(Alert::part).toList()).size(),
        "each a different part");
    List<Alert> rest = stale.stream().filter(a -> a.part() == null).toList();
    assertEquals(1, rest.size(), rest.toString());
    Alert count = rest.get(0);
    assertNull(count.part());
    assertEquals(file.toUri().toString(), count.dataId().uri()); // the store's own spelling
    assertTrue(count.message().contains((SPLITS * PARTS - 10) + " more alerts"),
        count.message());
    assertTrue(count.message().contains("provenance.validate.source.part.alerts.max"),
        count.message());
  }

  private static List<Alert> staleness(Configuration conf, String output, long mtime)
      throws Exception {
    ValidationPlan plan = ValidationPlan.of(conf, List.of(new org.apache.hadoop.fs.Path(
        output)));
    DirectValidation.Result r = DirectValidation.run(conf, plan,
        u -> u.kind() == WorkUnit.Kind.SOURCE, mtime + 3_600_000L);
    return r.alerts().stream().filter(a -> "older_than_window".equals(a.reason())).toList();
  }

  /** Every part reads every split of {@code file}; no fingerprints (content unverifiable). */
  private String craft(Configuration conf, Path file, long mtime) throws Exception {
    long len = Files.size(file);
    long split = len / SPLITS;
    List<SourceEntry> sources = new ArrayList<>();
    for (int i = 0; i < SPLITS; i++) {
      sources.add(new SourceEntry(i, file.toUri().toString(), i * split, split, len, mtime,
          SourceEntry.POSITIONS_BYTES, null, null, 0, List.of(), null));
    }
    SourceIds all = SourceIds.range(0, SPLITS);
    List<PartEntry> parts = new ArrayList<>();
    for (int r = 0; r < PARTS; r++) {
      parts.add(new PartEntry(String.format("part-r-%05d", r), "attempt_1700000000000_0001_r_"
          + r + "_0", 1, 10, "crc32c", "00000000", "compact", mtime, 0, 1, all, List.of(all),
          0, 1, "id-" + r, null, 0, null));
    }
    JobRecord record = new JobRecord(JobRecord.FORMAT_VERSION, "job_1700000000000_0001",
        "crafted", "u", 1L, "compact", "crc32c", List.of(tmp.resolve("in").toUri().toString()),
        List.of(new LineageEntry(0, Lineage.of(List.of(), List.of()))), new TreeMap<>());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    LineageStore.write(out.getFileSystem(conf), out, record, sources, parts, null);
    return out.toString();
  }
}
