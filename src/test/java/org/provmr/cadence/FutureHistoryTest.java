package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.history.Observation;
import org.provmr.history.SourceHistory;
import org.provmr.store.JobRecord;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * Every capturing job writes the history store, so any job owner can add observations of any
 * family. Updates that had not happened when they were observed, or have not happened yet,
 * are not learned from: a few of them dated next year made a late family fresh for a year,
 * and a trusted cadence silences the fixed staleness window.
 */
class FutureHistoryTest {
  private static final long DAY = 86_400_000L;
  @TempDir
  Path tmp;

  @Test
  void updatesClaimedForTheFutureDoNotMakeALateFamilyFresh() throws Exception {
    long now = System.currentTimeMillis();
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (int i = 0; i < 20; i++) { // daily for 20 days, the last 5 days ago: overdue
      Path f = Files.writeString(in.resolve(String.format("f-%02d.txt", i)), "x\n");
      Files.setLastModifiedTime(f, FileTime.fromMillis(now - (24 - i) * DAY));
    }
    String dir = new org.apache.hadoop.fs.Path(in.toUri()).toString().replaceAll("/$", "");
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.HISTORY_DIR, tmp.resolve("history").toUri().toString());
    String family = dir + "/f-*.txt";
    List<Observation> forged = new ArrayList<>();
    for (int i = 1; i <= 10; i++) { // "seen" today, "modified" next year
      forged.add(new Observation(family, dir + "/f-x" + i + ".txt", 2, now + 365 * DAY + i * DAY,
          null, now - DAY, Observation.Kind.CAPTURE));
    }
    SourceHistory.of(conf).record(forged);
    String read = dir + "/f-00.txt";
    SourceEntry s = new SourceEntry(0, read, 0, 2, 2, now - 24 * DAY, "bytes", null, null, 0,
        List.of(), null);
    StoredJob store = new StoredJob(new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()),
        new JobRecord(2, "job_1_0001", "j", "u", 0, "v2", "crc32c", List.of(dir), List.of(),
            null), List.of(s), List.of());

    SourceSurvey.Result r = SourceSurvey.survey(conf, List.of(store), u -> true, now,
        Observation.Kind.VALIDATE);

    assertEquals(1, r.families().size());
    SourceSurvey.Family f = r.families().get(0);
    assertEquals(family, f.family());
    assertEquals(Cadence.Status.OVERDUE, f.status(), f.cadence().summary());
    assertTrue(f.cadence().lastUpdate() <= now, "learned from what has happened");
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("10 observation")
        && p.contains(family)), r.problems().toString());
  }
}
