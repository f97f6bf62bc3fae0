package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.StoreEdits;

class StoreFormatVersionTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  private org.apache.hadoop.fs.Path write() throws IOException {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of("file:/in"),
        List.of(new LineageEntry(0, org.provmr.lineage.Lineage.of(List.of(), List.of()))),
        new TreeMap<>());
    List<SourceEntry> sources = List.of(
        new SourceEntry(0, "file:/in/a.txt", 0, 100, 200, 5, "bytes", "crc32c", "0a0b0c0d",
            64, List.of("01020304", "05060708"), null),
        new SourceEntry(1, "file:/in/a.txt", 100, 100, 200, 5, "bytes", "crc32c", null, 0,
            List.of(), "file:/up"));
    PartEntry part = new PartEntry("part-r-00000", "attempt", 10, 500, "crc32c", "00ff00ff",
        "compact", 7, 0, 90, SourceIds.of(0, 1), List.of(SourceIds.of(0), SourceIds.of(0, 1)),
        1, 4, "nonce", null, 0, null);
    LineageStore.write(FileSystem.getLocal(conf), out, job, sources, List.of(part), null);
    return out;
  }

  @Test
  void storeIsWrittenAsBinaryEntriesAndReadBackEqual() throws IOException {
    org.apache.hadoop.fs.Path out = write();
    Path dir = tmp.resolve("out").resolve(LineageStore.DIR);
    assertTrue(Files.exists(dir.resolve(LineageStore.SOURCES_BIN)));
    assertFalse(Files.exists(dir.resolve(LineageStore.PARTS_FILE)));
    StoredJob read = LineageStore.read(conf, out);
    assertEquals(2, read.job().formatVersion());
    assertEquals("file:/up", read.source(1).upstream());
    assertEquals(List.of("01020304", "05060708"), read.source(0).chunkFingerprints());
    PartEntry p = read.part("part-r-00000");
    assertEquals(SourceIds.of(0, 1), p.sources());
    assertEquals(List.of(SourceIds.of(0), SourceIds.of(0, 1)), p.sourceSets());
    assertTrue(p.summarized(1) && !p.summarized(0));
    assertEquals(4, p.summarizedRecords());
    assertEquals(List.of(), StoreConsistency.check(read));
  }

  @Test
  void formatVersion1StoreIsStillRead() throws IOException {
    org.apache.hadoop.fs.Path out = write();
    StoreEdits.toVersion1(tmp.resolve("out"));
    assertTrue(Files.exists(tmp.resolve("out/_provenance/parts.json")));
    StoredJob read = LineageStore.read(conf, out);
    assertEquals(1, read.job().formatVersion());
    assertEquals(SourceIds.of(0, 1), read.part("part-r-00000").sources());
    assertEquals(List.of(), StoreConsistency.check(read));
  }

  @Test
  void newerFormatVersionIsRefusedNamingBothVersions() throws IOException {
    org.apache.hadoop.fs.Path out = write();
    StoreEdits.edit(tmp.resolve("out/_provenance/job.json"),
        t -> ((com.fasterxml.jackson.databind.node.ObjectNode) t).put("formatVersion", 3));
    IOException e = assertThrows(IOException.class, () -> LineageStore.read(conf, out));
    assertTrue(e.getMessage().contains("formatVersion 3; this ProvMR reads versions 1 to 2."
        + " It was written by a newer ProvMR"), e.getMessage());
    assertTrue(e.getMessage().contains("_provenance/job.json"), e.getMessage());
  }

  @Test
  void truncatedEntryFileIsMalformedNamingTheFile() throws IOException {
    org.apache.hadoop.fs.Path out = write();
    Path parts = tmp.resolve("out/_provenance/parts.bin");
    byte[] b = Files.readAllBytes(parts);
    Files.write(parts, java.util.Arrays.copyOf(b, b.length - 6));
    Files.deleteIfExists(tmp.resolve("out/_provenance/.parts.bin.crc"));
    IOException e = assertThrows(IOException.class, () -> LineageStore.read(conf, out));
    assertTrue(e.getMessage().startsWith("Malformed lineage store file ")
        && e.getMessage().contains("parts.bin"), e.getMessage());
  }
}
