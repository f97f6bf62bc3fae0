package org.provmr.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/** The history store: concurrent writers, compaction, bounds, damaged files. */
class SourceHistoryTest {
  @TempDir
  Path dir;

  /** With Hadoop's defaults: the local file system it creates is cached for the whole JVM. */
  private Configuration conf(int compactFiles, int maxUpdates) {
    Configuration c = new Configuration();
    c.set(ProvenanceKeys.HISTORY_DIR, dir.toUri().toString());
    c.setInt(ProvenanceKeys.HISTORY_COMPACT_FILES, compactFiles);
    c.setInt(ProvenanceKeys.HISTORY_MAX_UPDATES, maxUpdates);
    return c;
  }

  private static Observation obs(String family, int i) {
    return new Observation(family, family.replace("*", String.valueOf(i)), 10 + i,
        1_000_000L * i, i % 2 == 0 ? "ab" + i : null, 5_000_000L, Observation.Kind.SWEEP);
  }

  @Test
  void concurrentWritersLoseNothingAndCompactionMergesTheirFiles() throws Exception {
    Configuration conf = conf(6, 1000);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < 4; w++) {
      int writer = w;
      done.add(pool.submit(() -> {
        for (int i = 0; i < 10; i++) {
          SourceHistory.of(conf).record(List.of(obs("file:/logs/w" + writer + "-*.log", i)));
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    SourceHistory.Loaded loaded = SourceHistory.of(conf).load();
    assertEquals(List.of(), loaded.problems());
    for (int w = 0; w < 4; w++) {
      List<Observation> fam = loaded.family("file:/logs/w" + w + "-*.log");
      assertEquals(10, fam.size(), "writer " + w);
      assertEquals(obs("file:/logs/w" + w + "-*.log", 9), fam.get(9));
    }
    assertTrue(h1Files().length <= 7, "compaction bounds the file count: " + h1Files().length);
  }

  @Test
  void compactionKeepsTheNewestObservationsOfEachFamily() throws Exception {
    Configuration conf = conf(100, 10);
    SourceHistory h = SourceHistory.of(conf);
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      batch.add(obs("file:/a/x-*", i));
    }
    h.record(batch);
    h.record(List.of(obs("file:/b/y-*", 1)));
    h.compact();
    SourceHistory.Loaded loaded = h.load();
    assertEquals(10, loaded.family("file:/a/x-*").size());
    assertEquals(20_000_000L, loaded.family("file:/a/x-*").get(0).modificationTime());
    assertEquals(1, loaded.family("file:/b/y-*").size());
    assertEquals(1, h1Files().length);
  }

  @Test
  void aTruncatedFileIsNamedReadUpToTheCutAndRebuiltByCompaction() throws Exception {
    Configuration conf = conf(100, 5000);
    SourceHistory h = SourceHistory.of(conf);
    List<Observation> batch = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      batch.add(obs("file:/a/x-*", i));
    }
    h.record(batch);
    File f = h1Files()[0];
    byte[] all = Files.readAllBytes(f.toPath());
    Files.write(f.toPath(), java.util.Arrays.copyOf(all, all.length * 2 / 3));
    new File(f.getParentFile(), "." + f.getName() + ".crc").delete();
    SourceHistory.Loaded loaded = h.load();
    assertEquals(1, loaded.problems().size());
    assertTrue(loaded.problems().get(0).contains(f.getName()), loaded.problems().get(0));
    int readable = loaded.family("file:/a/x-*").size();
    assertTrue(readable > 0 && readable < 600, readable + " observations read");
    h.compact();
    SourceHistory.Loaded rebuilt = h.load();
    assertEquals(List.of(), rebuilt.problems());
    assertEquals(readable, rebuilt.family("file:/a/x-*").size());
  }

  @Test
  void aFileThatIsNotHistoryIsNamedAndSkipped() throws Exception {
    Configuration conf = conf(100, 1000);
    SourceHistory h = SourceHistory.of(conf);
    h.record(List.of(obs("file:/a/x-*", 1)));
    Files.writeString(dir.resolve("obs-1-garbage.h1"), "this is not gzip at all");
    SourceHistory.Loaded loaded = h.load();
    assertEquals(1, loaded.family("file:/a/x-*").size());
    assertEquals(1, loaded.problems().size());
    assertTrue(loaded.problems().get(0).contains("obs-1-garbage.h1"), loaded.problems().get(0));
  }

  @Test
  void corruptionMarksAreCountedPerPath() throws Exception {
    SourceHistory h = SourceHistory.of(conf(100, 1000));
    for (int i = 0; i < 3; i++) {
      h.record(List.of(new Observation("file:/out/part-r-*", "file:/out/part-r-00001", -1,
          i, null, i, Observation.Kind.CORRUPT)));
    }
    assertEquals(3, h.load().corruptions().get("file:/out/part-r-00001"));
  }

  @Test
  void withoutADirectoryNothingIsKept() throws Exception {
    SourceHistory h = SourceHistory.of(new Configuration(false));
    h.record(List.of(obs("file:/a/x-*", 1)));
    assertEquals(0, h.load().byFamily().size());
  }

  private File[] h1Files() {
    return dir.toFile().listFiles((d, n) -> n.endsWith(".h1"));
  }
}
