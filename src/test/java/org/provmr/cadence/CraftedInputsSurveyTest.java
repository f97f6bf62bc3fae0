package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.history.Observation;
import org.provmr.store.JobRecord;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * A store's {@code job.json} lists its inputs, and a sweep matches every member of each
 * source family against them (which files did the output not read?): a store listing tens of
 * thousands of globs must cost one compile each, not one per member and glob.
 */
class CraftedInputsSurveyTest {
  @TempDir
  Path tmp;

  @Test
  void thousandsOfRecordedGlobsAreMatchedInBoundedTime() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (int i = 0; i < 1000; i++) {
      Files.writeString(in.resolve(String.format("f-%04d.txt", i)), "x\n");
    }
    String dir = new org.apache.hadoop.fs.Path(in.toUri()).toString().replaceAll("/$", "");
    List<String> inputs = new ArrayList<>();
    inputs.add(dir + "/f-00*"); // 100 of the members; the other 900 are tried against all
    for (int i = 0; i < 20_000; i++) {
      inputs.add(dir + "/g" + i + "-{a,b}*"); // matches nothing: every glob is tried
    }
    JobRecord job = new JobRecord(2, "job_1_0001", "crafted", "u", 0, "v2", "crc32c", inputs,
        List.of(), null);
    String read = dir + "/f-0000.txt";
    SourceEntry s = new SourceEntry(0, read, 0, 2, 2, Files.getLastModifiedTime(
        in.resolve("f-0000.txt")).toMillis(), "bytes", null, null, 0, List.of(), null);
    StoredJob store = new StoredJob(new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()),
        job, List.of(s), List.of());

    SourceSurvey.Result r = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> SourceSurvey.survey(new Configuration(), List.of(store), u -> true,
            System.currentTimeMillis(), Observation.Kind.VALIDATE));

    assertEquals(1, r.families().size(), r.families().toString());
    List<?> unread = r.families().get(0).dependents().values().iterator().next();
    assertEquals(99, unread.size(), "f-0001 to f-0099: the first glob's, but the one read");
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("glob")), r.problems()
        .toString());
  }

  @Test
  void recordedPathsCoverThemselvesAndWhatIsBelowThem() {
    SourceSurvey.RecordedInputs in = new SourceSurvey.RecordedInputs(List.of("file:/a/b",
        "hdfs://nn:8020/c/", "file:/d/f.txt", "file:/g/*.csv"));
    assertTrue(in.cover("file:/a/b/x/y.txt"));
    assertTrue(in.cover("hdfs://nn:8020/c/x"));
    assertTrue(in.cover("file:/d/f.txt"));
    assertTrue(in.cover("file:/g/1.csv"));
    assertEquals(false, in.cover("file:/a/bc/x"));
    assertEquals(false, in.cover("hdfs://other:8020/c/x"));
    assertEquals(false, in.cover("file:/g/1.txt"));
    assertEquals(null, in.problem(new org.apache.hadoop.fs.Path("file:/out")));
  }
}
