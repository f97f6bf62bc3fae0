package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every job that uses the cache writes it, and a recompute replays its entries as the service
 * user: an entry that is a FIFO or a symbolic link is rejected (its split is mapped) before it
 * is opened, as every other untrusted file is (docs/security.md).
 */
class CacheEntryFileTypesTest {
  @TempDir
  Path tmp;

  private Path entryPath() throws IOException {
    return Files.createDirectories(tmp.resolve("cache/v1/" + "c".repeat(64)))
        .resolve("d".repeat(64));
  }

  private static org.apache.hadoop.fs.Path hadoop(Path p) {
    return new org.apache.hadoop.fs.Path(p.toUri());
  }

  /** Opening a FIFO blocks until a writer comes: before 2026-12-06 the map task hung. */
  @Test
  void aFifoEntryIsRejectedWithoutBeingOpened() throws Exception {
    Path entry = entryPath();
    assertEquals(0, new ProcessBuilder("mkfifo", entry.toString()).start().waitFor());
    IOException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(CacheEntry.BadEntryException.class,
            () -> EntryReplay.open(new Configuration(), hadoop(entry))));
    assertTrue(e.getMessage().contains(entry.getFileName().toString()), e.getMessage());
  }

  /**
   * A link would have the service user read whatever it names (another team's cache entry, a
   * private file whose first bytes the rejection used to quote as the entry's "magic").
   */
  @Test
  void aLinkedEntryIsRejectedWithoutReadingItsTarget() throws Exception {
    Path secret = tmp.resolve("private.bin");
    try (OutputStream out = Files.newOutputStream(secret);
        DataOutputStream data = new DataOutputStream(out)) {
      data.writeInt(0x53454352); // "SECR"
      data.write(new byte[64]);
    }
    Path entry = entryPath();
    Files.createSymbolicLink(entry, secret);
    IOException e = assertThrows(CacheEntry.BadEntryException.class,
        () -> EntryReplay.open(new Configuration(), hadoop(entry)));
    assertFalse(e.getMessage().contains("53454352"), e.getMessage());
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  /** A valid entry of another cache, reached through a linked map step directory. */
  @Test
  void anEntryBehindALinkedStepDirectoryIsRejected() throws Exception {
    String step = "e".repeat(64);
    String split = "f".repeat(64);
    Path other = Files.createDirectories(tmp.resolve("other-cache/v1/" + step));
    Path segments = tmp.resolve("segments");
    org.apache.hadoop.mapred.IndexRecord[] parts = {new org.apache.hadoop.mapred.IndexRecord(0,
        0, 0)};
    Files.write(segments, new byte[0]);
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.FileSystem fs = org.apache.hadoop.fs.FileSystem.getLocal(conf)
        .getRaw();
    try (java.io.InputStream data = Files.newInputStream(segments)) {
      CacheEntry.write(fs, hadoop(other.resolve(split)), new CacheEntry.Header(step, split, 0,
          "file:/in/a.txt", 0, 10, "", parts, 10, 1L, "bytes"), data);
    }
    Files.createDirectories(tmp.resolve("cache/v1"));
    Files.createSymbolicLink(tmp.resolve("cache/v1/" + step), other);
    Path entry = tmp.resolve("cache/v1/" + step + "/" + split);
    IOException e = assertThrows(CacheEntry.BadEntryException.class,
        () -> EntryReplay.open(conf, hadoop(entry)).close());
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
  }

  /** A capture job writes its entries through no link either (a recompute's, as the service). */
  @Test
  void noEntryIsWrittenThroughALinkedLayoutDirectory() throws Exception {
    Configuration conf = org.provmr.testing.TestData.localConf(tmp);
    Path in = tmp.resolve("in");
    org.provmr.testing.TestData.text(conf, in, 32 * 1024, 1);
    Path other = Files.createDirectories(tmp.resolve("other-cache/v1"));
    Files.createDirectories(tmp.resolve("cache"));
    Files.createSymbolicLink(tmp.resolve("cache/v1"), other);
    conf.set(org.provmr.conf.ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    org.provmr.testing.TestData.Run r = org.provmr.testing.TestData.provmr(conf, "run",
        "wordcount", "--input", in.toString(), "--output", tmp.resolve("wc").toString(),
        "--reduces", "2");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    try (java.util.stream.Stream<Path> files = Files.walk(other)) {
      assertEquals(List.of(), files.filter(Files::isRegularFile).toList(),
          "nothing written where the link leads");
    }
  }
}
