package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.WordCount;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * {@code provmr cache gc} evicting an entry while a rerun's map task replays it (gc runs from
 * cron next to jobs, and evicts the least recently used entries: exactly the ones an old
 * output's rerun replays). The task reads the entry it checked; the job never fails for it.
 */
class CacheEvictionDuringReplayTest {
  static final int REDUCES = 2;

  @TempDir
  Path tmp;

  /** The local file system over {@link EvictingRaw} (through which every read opens). */
  public static class EvictingFs extends LocalFileSystem {
    static volatile String when;
    static final AtomicInteger EVICTED = new AtomicInteger();

    public EvictingFs() {
      super(new EvictingRaw());
    }
  }

  /** Deletes a cache entry (as gc does) when a task opens it from {@code EvictingFs.when}. */
  public static class EvictingRaw extends RawLocalFileSystem {
    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize)
        throws IOException {
      String at = EvictingFs.when;
      boolean entry = CacheMaintenance.isEntry(f);
      if (entry && "emit".equals(at) && called(at)) { // evicted after the check, before emit
        evict(f);
      }
      FSDataInputStream in = super.open(f, bufferSize);
      if (entry && "open".equals(at) && called(at)) { // evicted once the task has opened it
        evict(f);
      }
      return in;
    }

    private static boolean called(String method) {
      return StackWalker.getInstance().walk(s -> s.anyMatch(fr -> fr.getClassName()
          .equals(EntryReplay.class.getName()) && fr.getMethodName().equals(method)));
    }

    private static void evict(org.apache.hadoop.fs.Path f) throws IOException {
      Path p = Path.of(f.toUri());
      if (Files.deleteIfExists(p)) {
        Files.deleteIfExists(p.resolveSibling("." + p.getFileName() + ".crc"));
        EvictingFs.EVICTED.incrementAndGet();
      }
    }
  }

  @AfterEach
  void unhook() {
    EvictingFs.when = null;
  }

  private Counters wordcount(Configuration c, Path in, String out) throws Exception {
    Job job = WordCount.createJob(new Configuration(c),
        new org.apache.hadoop.fs.Path(in.toUri()),
        new org.apache.hadoop.fs.Path(tmp.resolve(out).toUri()), REDUCES);
    assertTrue(job.waitForCompletion(false), out + " failed");
    return job.getCounters();
  }

  private long entries() throws IOException {
    try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
      return s.filter(p -> Files.isRegularFile(p)
          && p.getFileName().toString().matches("[0-9a-f]{64}")).count();
    }
  }

  private Configuration evicting(Configuration cached, String when) {
    Configuration c = new Configuration(cached);
    c.setClass("fs.file.impl", EvictingFs.class, FileSystem.class);
    c.setBoolean("fs.file.impl.disable.cache", true);
    EvictingFs.when = when;
    EvictingFs.EVICTED.set(0);
    return c;
  }

  private Configuration capture(Path in) throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    TestData.text(conf, in, 2 * 64 * 1024, 2); // 4 splits
    Configuration cached = new Configuration(conf);
    cached.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    assertEquals(4, wordcount(cached, in, "day1").findCounter(CacheCounter.ENTRIES_WRITTEN)
        .getValue());
    wordcount(conf, in, "cold");
    return cached;
  }

  @Test
  void entryEvictedAfterItWasCheckedDoesNotFailTheRerun() throws Exception {
    Path in = tmp.resolve("in");
    Configuration cached = capture(in);
    // Before: the replay opened the entry again after checking it, found it gone with nothing
    // to fall back to, and the task (here the whole LocalJobRunner job) failed.
    Counters c = wordcount(evicting(cached, "emit"), in, "day2");
    assertEquals(Outputs.payload(cached, tmp.resolve("cold")),
        Outputs.payload(cached, tmp.resolve("day2")));
    assertEquals(4, c.findCounter(CacheCounter.HITS).getValue() + c.findCounter(
        CacheCounter.REJECTED).getValue() + c.findCounter(CacheCounter.MISSES).getValue());
  }

  @Test
  void entryEvictedOnceTheTaskOpenedItIsStillReplayedWhole() throws Exception {
    Path in = tmp.resolve("in");
    Configuration cached = capture(in);
    Counters c = wordcount(evicting(cached, "open"), in, "day2");
    assertEquals(4, EvictingFs.EVICTED.get(), "every entry evicted while in use");
    assertEquals(0, entries(), "and none written again: every split replayed");
    // Before: checked by reopening it, so each was rejected and its split mapped again.
    assertEquals(4, c.findCounter(CacheCounter.HITS).getValue());
    assertEquals(0, c.findCounter(CacheCounter.REJECTED).getValue());
    assertEquals(Outputs.payload(cached, tmp.resolve("cold")),
        Outputs.payload(cached, tmp.resolve("day2")));
  }
}
