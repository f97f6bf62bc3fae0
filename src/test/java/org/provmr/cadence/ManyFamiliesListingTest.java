package org.provmr.cadence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.history.Observation;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreReader;
import org.provmr.testing.TestData;

/**
 * A store recording many made-up files of one directory, each its own family
 * ({@code qab1.log} is {@code qab*.log}), made the survey list that directory once a family:
 * families × entries (10,000 families over a directory of 100,000 files, a billion entries
 * looked at, each family within its own budget). The survey as a whole has a budget of
 * entries, provenance.cadence.max.listed.total; past it a family is looked at by the files
 * the outputs read, with one warning.
 */
class ManyFamiliesListingTest {
  private static final int FILES = 200;
  private static final int FAMILIES = 60;

  @TempDir
  Path tmp;

  @Test
  void theSurveyListsWithinOneBudgetForAllItsFamilies() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    for (int i = 0; i < FILES; i++) {
      Files.writeString(logs.resolve("real" + i + ".log"), "x");
    }
    List<SourceEntry> sources = new ArrayList<>();
    for (int f = 0; f < FAMILIES; f++) {
      String name = "q" + (char) ('a' + f / 26) + (char) ('a' + f % 26) + "1.log"; // made up
      sources.add(new SourceEntry(f, logs.resolve(name).toUri().toString(), 0, 1, 1, 1L,
          SourceEntry.POSITIONS_BYTES, null, null, 0, List.of(), null));
    }
    JobRecord record = new JobRecord(JobRecord.FORMAT_VERSION, "job_1700000000000_0001",
        "crafted", "u", 1L, "compact", "crc32c", List.of(logs.toUri().toString()),
        List.of(new LineageEntry(0, Lineage.of(List.of(), List.of()))), new TreeMap<>());
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    LineageStore.write(out.getFileSystem(conf), out, record, sources, List.of(), null);

    conf.setLong("provenance.cadence.max.listed.total", 5 * FILES);
    conf.setClass("fs.file.impl", CountingFileSystem.class, FileSystem.class);
    conf.setBoolean("fs.file.impl.disable.cache", true);
    CountingFileSystem.LISTINGS.set(0);
    SourceSurvey.Result r = SourceSurvey.survey(conf,
        List.of(StoreReader.open(conf, out).forPlanning()), uri -> true,
        System.currentTimeMillis(), Observation.Kind.VALIDATE);

    assertEquals(FAMILIES, r.families().size());
    assertTrue(CountingFileSystem.LISTINGS.get() <= 6,
        "directory listings: " + CountingFileSystem.LISTINGS.get());
    List<String> spent = r.problems().stream()
        .filter(p -> p.contains("provenance.cadence.max.listed.total")).toList();
    assertEquals(1, spent.size(), r.problems().toString());
    assertTrue(spent.get(0).contains((FAMILIES - 5) + " source families"), spent.get(0));
  }

  /** The local file system, counting directory listings. */
  public static class CountingFileSystem extends LocalFileSystem {
    static final AtomicInteger LISTINGS = new AtomicInteger();

    @Override
    public FileStatus[] listStatus(org.apache.hadoop.fs.Path f) throws IOException {
      LISTINGS.incrementAndGet();
      return super.listStatus(f);
    }
  }
}
