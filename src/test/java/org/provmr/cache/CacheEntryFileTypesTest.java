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
}
