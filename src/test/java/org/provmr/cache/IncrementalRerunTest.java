package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.SampleText;
import org.provmr.examples.WordCount;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * Incremental reruns: a capture job with the cache on replays what an earlier run of the same
 * map step kept for the splits whose bytes (and file) did not change, and maps only the rest;
 * the output is the one a run without the cache writes, and its lineage store validates.
 */
class IncrementalRerunTest {
  static final int REDUCES = 4;

  @TempDir
  Path tmp;

  private Configuration conf;

  private Counters wordcount(Configuration c, Path in, String out) throws Exception {
    Job job = WordCount.createJob(new Configuration(c),
        new org.apache.hadoop.fs.Path(in.toUri()),
        new org.apache.hadoop.fs.Path(tmp.resolve(out).toUri()), REDUCES);
    assertTrue(job.waitForCompletion(false), out);
    return job.getCounters();
  }

  private static long count(Counters c, Enum<?> counter) {
    return c.findCounter(counter).getValue();
  }

  private static long lines(Path file) throws IOException {
    try (Stream<String> s = Files.lines(file)) {
      return s.count();
    }
  }

  @Test
  void rerunOverTheSameInputPlusOneNewFileMapsOnlyTheNewFile() throws Exception {
    conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024); // 2 splits a file
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 4 * 64 * 1024, 4); // 8 splits
    Configuration cached = new Configuration(conf);
    cached.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());

    Counters first = wordcount(cached, in, "day1");
    assertEquals(8, count(first, CacheCounter.MISSES), "cold cache: every split misses");
    assertEquals(8, count(first, CacheCounter.ENTRIES_WRITTEN));
    long allOld = count(first, TaskCounter.MAP_INPUT_RECORDS);

    // The next day the directory holds one more file, other words (another seed).
    Path extra = tmp.resolve("extra");
    SampleText.write(FileSystem.getLocal(conf), new org.apache.hadoop.fs.Path(extra.toUri()),
        64 * 1024, 1, 99);
    Path added = Files.copy(Files.list(extra).filter(p -> p.toString().endsWith(".txt"))
        .findFirst().orElseThrow(), in.resolve("new-day.txt"));

    Counters second = wordcount(cached, in, "day2");
    assertEquals(lines(added), count(second, TaskCounter.MAP_INPUT_RECORDS),
        "only the new file is mapped");
    assertEquals(8, count(second, CacheCounter.HITS));
    assertEquals(2, count(second, CacheCounter.MISSES));
    assertEquals(2, count(second, CacheCounter.ENTRIES_WRITTEN), "the new file's splits kept");
    assertEquals(0, count(second, CacheCounter.REJECTED));
    System.out.printf("incremental rerun: mapped %d records (the new file's %d) of %d%n",
        count(second, TaskCounter.MAP_INPUT_RECORDS), lines(added), allOld + lines(added));

    wordcount(conf, in, "cold"); // no cache
    List<String> cold = Outputs.payload(conf, tmp.resolve("cold"));
    assertEquals(cold, Outputs.payload(conf, tmp.resolve("day2")));
    // The replayed splits are recorded in the manifest as if mapped: the output validates.
    assertEquals(0, TestData.provmr(cached, "validate", "--alerts",
        tmp.resolve("a2").toUri().toString(), "--output", tmp.resolve("day2").toUri()
            .toString()).exitCode());

    // A file touched (same bytes, new time) is mapped again, and a damaged entry is rejected.
    Path touched = in.resolve("text-00001.txt");
    Files.setLastModifiedTime(touched, FileTime.fromMillis(
        Files.getLastModifiedTime(touched).toMillis() + 60_000));
    CacheEntryDamage.flipInSegment(conf, entryOf(in.resolve("text-00002.txt")), 2);
    Counters third = wordcount(cached, in, "day3");
    assertEquals(1, count(third, CacheCounter.REJECTED));
    assertEquals(7, count(third, CacheCounter.HITS));
    long mapped = count(third, TaskCounter.MAP_INPUT_RECORDS);
    assertTrue(mapped > lines(touched) && mapped < lines(touched)
        + lines(in.resolve("text-00002.txt")), mapped + ": the touched file and one split");
    assertEquals(cold, Outputs.payload(conf, tmp.resolve("day3")));
  }

  /** The entry of the first split of {@code file}. */
  private Path entryOf(Path file) throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    String uri = fs.makeQualified(new org.apache.hadoop.fs.Path(file.toUri())).toString();
    try (Stream<Path> files = Files.walk(tmp.resolve("cache"))) {
      for (Path p : files.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}")).toList()) {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(p.toUri());
        try (FSDataInputStream s = fs.open(path)) {
          CacheEntry.Header h = CacheEntry.readHeader(s, Files.size(p), path);
          if (h.uri().equals(uri) && h.start() == 0) {
            return p;
          }
        }
      }
    }
    throw new AssertionError("no entry of " + uri);
  }
}
