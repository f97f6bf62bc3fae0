package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * Every job that uses the cache writes it, and {@code provmr cache gc} runs from cron as the
 * service user: a symbolic link a job owner puts in the cache must not lead gc to delete
 * entries or stale temporaries of another directory (another team's cache, the service's own).
 */
class CacheLinkTest {
  @TempDir
  Path tmp;

  @Test
  void gcDoesNotFollowALinkOutOfTheCacheDirectory() throws IOException {
    long now = 10_000_000L;
    Path victimEntry = victimEntry(5000);
    Path victim = victimEntry.getParent();
    Files.setLastModifiedTime(victimEntry, FileTime.fromMillis(now - 9000));
    Path victimTemp = victim.resolve(".work.tmp");
    Files.write(victimTemp, new byte[10]);
    Files.setLastModifiedTime(victimTemp, FileTime.fromMillis(now - 2 * 3_600_000L));
    Path mine = Files.createDirectories(tmp.resolve("cache/v1/s1")).resolve("b".repeat(64));
    Files.write(mine, new byte[1000]);
    Files.setLastModifiedTime(mine, FileTime.fromMillis(now - 1000));
    Files.createSymbolicLink(tmp.resolve("cache/v1/link"), victim);
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_MAX_BYTES, "2000");
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());

    CacheMaintenance.Stats s = CacheMaintenance.stats(conf, dir);
    assertEquals(1, s.entries(), "only the cache's own entry");
    assertEquals(1000, s.bytes());
    CacheMaintenance.Gc gc = CacheMaintenance.gc(conf, dir, now);
    assertEquals(0, gc.evicted());
    assertEquals(0, gc.temporariesRemoved());
    assertTrue(Files.exists(victimEntry) && Files.exists(victimTemp) && Files.exists(mine),
        "nothing behind the link deleted");
  }

  @Test
  void gcOfACacheWhoseLayoutDirectoryIsALinkDeletesNothing() throws IOException {
    long now = 10_000_000L;
    Path victimEntry = victimEntry(5000);
    Files.createDirectories(tmp.resolve("cache"));
    Files.createSymbolicLink(tmp.resolve("cache/v1"), tmp.resolve("other-cache/v1"));
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_MAX_BYTES, "0");
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());
    assertEquals(0, CacheMaintenance.gc(conf, dir, now).evicted());
    assertTrue(Files.exists(victimEntry), "nothing behind the link deleted");
  }

  @Test
  void clearRemovesALinkInTheCacheNotWhatItPointsTo() throws IOException {
    Path victimEntry = victimEntry(10);
    Path victim = victimEntry.getParent();
    Files.createDirectories(tmp.resolve("cache/v1/s1"));
    Files.createSymbolicLink(tmp.resolve("cache/v1/s1/link"), victim);
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());
    CacheMaintenance.clear(new Configuration(), dir);
    assertTrue(Files.exists(victimEntry), "nothing behind the link deleted");
    assertTrue(!Files.exists(tmp.resolve("cache/v1")), "the cache's own layout is gone");
  }

  /** An entry of {@code bytes} in another cache, where a link in this one may lead. */
  private Path victimEntry(int bytes) throws IOException {
    Path victim = Files.createDirectories(tmp.resolve("other-cache/v1/step"));
    return Files.write(victim.resolve("a".repeat(64)), new byte[bytes]);
  }
}
