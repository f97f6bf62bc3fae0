package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;

/** Stats, least-recently-used eviction and clear on a cache directory, and the command. */
class CacheMaintenanceTest {
  @TempDir
  Path tmp;

  private Path entry(String step, char c, int bytes, long mtime) throws IOException {
    Path p = tmp.resolve("cache/v1/" + step + "/" + String.valueOf(c).repeat(64));
    Files.createDirectories(p.getParent());
    Files.write(p, new byte[bytes]);
    Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
    return p;
  }

  private org.apache.hadoop.fs.Path dir() {
    return new org.apache.hadoop.fs.Path(tmp.resolve("cache").toUri());
  }

  @Test
  void gcEvictsLeastRecentlyUsedEntriesBeyondTheBudgetAndStaleTemporaries() throws IOException {
    long now = 10_000_000L;
    Path old = entry("s1", 'a', 1000, now - 3000);
    Path middle = entry("s2", 'b', 1000, now - 2000);
    Path recent = entry("s1", 'c', 1000, now - 1000);
    Path stale = tmp.resolve("cache/v1/s1/.x.attempt.tmp");
    Files.write(stale, new byte[10]);
    Files.setLastModifiedTime(stale, FileTime.fromMillis(now - 2 * 3_600_000L));
    Path fresh = tmp.resolve("cache/v1/s1/.y.attempt.tmp");
    Files.write(fresh, new byte[10]);
    Files.setLastModifiedTime(fresh, FileTime.fromMillis(now - 1000));
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_MAX_BYTES, "2000");

    CacheMaintenance.Stats s = CacheMaintenance.stats(conf, dir());
    assertEquals(3, s.entries());
    assertEquals(3000, s.bytes());
    assertEquals(2, s.temporaries());

    CacheMaintenance.Gc gc = CacheMaintenance.gc(conf, dir(), now);
    assertEquals(1, gc.evicted());
    assertEquals(1, gc.temporariesRemoved());
    assertEquals(2000, gc.bytesLeft());
    assertFalse(Files.exists(old));
    assertTrue(Files.exists(middle) && Files.exists(recent) && Files.exists(fresh));
    assertFalse(Files.exists(stale));
  }

  @Test
  void badBudgetNamesTheKey() {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_MAX_BYTES, "lots");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
        () -> CacheMaintenance.maxBytes(conf));
    assertTrue(e.getMessage().contains(ProvenanceKeys.CACHE_MAX_BYTES), e.getMessage());
  }

  @Test
  void cacheCommandPrintsStatsClearsAndNeedsADirectory() throws Exception {
    entry("s1", 'a', 100, System.currentTimeMillis());
    Configuration conf = TestData.localConf(tmp);
    TestData.Run stats = TestData.provmr(conf, "cache", "stats", "--dir", dir().toString(),
        "--json");
    assertEquals(ExitCodes.OK, stats.exitCode(), stats.err());
    assertTrue(stats.out().contains("\"entries\" : 1"), stats.out());
    assertEquals(ExitCodes.USAGE, TestData.provmr(conf, "cache", "stats").exitCode());
    assertEquals(ExitCodes.USAGE, TestData.provmr(conf, "cache", "shrink", "--dir",
        dir().toString()).exitCode());
    TestData.Run clear = TestData.provmr(conf, "cache", "clear", "--dir", dir().toString());
    assertEquals(ExitCodes.OK, clear.exitCode(), clear.err());
    assertEquals(0, CacheMaintenance.stats(conf, dir()).entries());
  }
}
