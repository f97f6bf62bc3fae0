package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.history.Observation;
import org.provmr.store.JobRecord;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * A source URI a store records names its family, and a URI under numbered directories makes
 * a glob over every directory of every level: the survey lists it within a budget of
 * directory entries, and past it looks only at the files the outputs read.
 */
class FamilyListingBudgetTest {
  @TempDir
  Path tmp;

  private String tree() throws Exception {
    Path in = tmp.resolve("in");
    for (int a = 0; a < 30; a++) {
      for (int b = 0; b < 30; b++) {
        Files.writeString(Files.createDirectories(in.resolve(a + "/" + b)).resolve("f-1.log"),
            "x\n");
      }
    }
    return new org.apache.hadoop.fs.Path(in.toUri()).toString().replaceAll("/$", "");
  }

  private SourceSurvey.Result survey(Configuration conf, String dir) throws Exception {
    String read = dir + "/3/4/f-1.log";
    SourceEntry s = new SourceEntry(0, read, 0, 2, 2, Files.getLastModifiedTime(
        tmp.resolve("in/3/4/f-1.log")).toMillis(), "bytes", null, null, 0, List.of(), null);
    StoredJob store = new StoredJob(new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()),
        new JobRecord(2, "job_1_0001", "j", "u", 0, "v2", "crc32c", List.of(dir), List.of(),
            null), List.of(s), List.of());
    return SourceSurvey.survey(conf, List.of(store), u -> true, System.currentTimeMillis(),
        Observation.Kind.VALIDATE);
  }

  @Test
  void aFamilyOverMoreEntriesThanTheBudgetIsNotListed() throws Exception {
    String dir = tree();
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CADENCE_MAX_LISTED, "500"); // the tree has 30 + 900 + 900
    SourceSurvey.Result r = survey(conf, dir);
    assertEquals(dir + "/*/*/f-*.log", r.families().get(0).family());
    assertEquals(1, r.families().get(0).members(), "only the file the output read");
    assertTrue(r.problems().stream().anyMatch(p -> p.contains("more than 500")
        && p.contains(ProvenanceKeys.CADENCE_MAX_LISTED)), r.problems().toString());
  }

  @Test
  void withinTheBudgetEveryMemberIsListedAsGlobStatusWould() throws Exception {
    String dir = tree();
    SourceSurvey.Result r = survey(new Configuration(), dir);
    assertEquals(900, r.families().get(0).members());
    assertEquals(List.of(), r.problems());
    org.apache.hadoop.fs.Path glob = new org.apache.hadoop.fs.Path(dir + "/{1,2}/1?/f-*.log");
    org.apache.hadoop.fs.FileSystem fs = glob.getFileSystem(new Configuration());
    assertEquals(List.of(fs.globStatus(glob)).stream().map(f -> f.getPath().toString())
        .sorted().toList(), FamilyListing.list(fs, glob, 10_000).stream()
        .map(f -> f.getPath().toString()).sorted().toList());
  }
}
