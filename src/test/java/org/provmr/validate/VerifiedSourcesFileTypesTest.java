package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.SourceEntry;

/**
 * The source-fingerprint cache lives in the map-output cache directory, which every job using
 * the cache writes: a record replaced by a FIFO or a link means reading the range, and the
 * validation (the sweep service) neither blocks on the FIFO nor trusts what the link names.
 */
class VerifiedSourcesFileTypesTest {
  @TempDir
  Path tmp;

  private record Setup(VerifiedSources cache, FileSystem fs, org.apache.hadoop.fs.Path source,
      FileStatus status, SourceEntry entry, Path record) {
  }

  private Setup recorded() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    conf.set(ProvenanceKeys.VALIDATE_REVERIFY_PERIOD, "1h");
    Path file = Files.writeString(tmp.resolve("in.txt"), "one line\n");
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(file.toUri());
    FileStatus status = fs.getFileStatus(source);
    SourceEntry e = new SourceEntry(0, source.toString(), 0, 9, 9,
        status.getModificationTime(), SourceEntry.POSITIONS_BYTES, "crc32", "abc", 0,
        List.of(), null);
    VerifiedSources cache = VerifiedSources.of(conf);
    long now = status.getModificationTime() + 1000;
    cache.verified(fs, source, status, e, now);
    assertTrue(cache.unchanged(fs, source, status, List.of(e), now), "recorded and trusted");
    List<Path> records;
    try (var list = Files.list(tmp.resolve("cache/sources/v1"))) {
      records = list.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
    }
    assertEquals(1, records.size(), records.toString());
    return new Setup(cache, fs, source, status, e, records.get(0));
  }

  /** Before 2026-12-06 the open blocked until a writer came: the validation hung. */
  @Test
  void aRecordReplacedByAFifoMeansReadingTheRange() throws Exception {
    Setup s = recorded();
    Files.delete(s.record());
    assertEquals(0, new ProcessBuilder("mkfifo", s.record().toString()).start().waitFor());
    boolean trusted = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> s.cache()
        .unchanged(s.fs(), s.source(), s.status(), List.of(s.entry()),
            s.status().getModificationTime() + 2000));
    assertFalse(trusted);
  }

  @Test
  void aRecordThatIsALinkIsNotTrusted() throws Exception {
    Setup s = recorded();
    Path elsewhere = Files.move(s.record(), tmp.resolve("elsewhere"));
    Files.createSymbolicLink(s.record(), elsewhere);
    assertFalse(s.cache().unchanged(s.fs(), s.source(), s.status(), List.of(s.entry()),
        s.status().getModificationTime() + 2000));
  }

  /** The validation writes records with its own rights: not through a link to elsewhere. */
  @Test
  void aLinkedRecordDirectoryIsNotWrittenThrough() throws Exception {
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(tmp.resolve("cache"));
    Files.createSymbolicLink(tmp.resolve("cache/sources"), elsewhere);
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    conf.set(ProvenanceKeys.VALIDATE_REVERIFY_PERIOD, "1h");
    VerifiedSources cache = VerifiedSources.of(conf);
    if (cache != null) {
      Path file = Files.writeString(tmp.resolve("in.txt"), "one line\n");
      FileSystem fs = FileSystem.getLocal(conf);
      org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(file.toUri());
      FileStatus status = fs.getFileStatus(source);
      cache.verified(fs, source, status, new SourceEntry(0, source.toString(), 0, 9, 9,
          status.getModificationTime(), SourceEntry.POSITIONS_BYTES, "crc32", "abc", 0,
          List.of(), null), status.getModificationTime() + 1000);
    }
    try (var list = Files.list(elsewhere)) {
      assertEquals(List.of(), list.toList(), "nothing written where the link leads");
    }
  }
}
