package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streaming reads ({@link StoreReader}) and the streaming commit merge ({@link FragmentMerge}). */
class StoreStreamingTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  private org.apache.hadoop.fs.Path out() {
    return new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
  }

  private static JobRecord job() {
    return new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1, "compact",
        "crc32c", List.of("file:/in"),
        List.of(new LineageEntry(0, org.provmr.lineage.Lineage.of(List.of(), List.of()))),
        new TreeMap<>());
  }

  private static SourceEntry source(int id) {
    return new SourceEntry(id, "file:/in/f" + id / 4 + ".txt", (id % 4) * 100L, 100, 400, 5,
        "bytes", "crc32c", "0a0b0c0d", 100, List.of("0a0b0c0d"), null);
  }

  private static PartEntry part(int r, SourceIds sources) {
    return new PartEntry(String.format("part-r-%05d", r), "attempt", 10, 500, "crc32c",
        "00ff00ff", "compact", 7, 0, 90, sources, List.of(SourceIds.of(0), sources), 1, 4,
        "nonce", null, 0, null);
  }

  @Test
  void streamedEntriesEqualTheWholeRead() throws IOException {
    List<SourceEntry> sources = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      sources.add(source(i));
    }
    List<PartEntry> parts = List.of(part(0, SourceIds.range(0, 10)), part(1, SourceIds.range(0, 5)));
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), sources, parts, null);
    StoreReader reader = StoreReader.open(conf, out());
    List<SourceEntry> streamed = new ArrayList<>();
    reader.sources(streamed::add);
    List<PartEntry> streamedParts = new ArrayList<>();
    reader.parts(streamedParts::add);
    StoredJob whole = LineageStore.read(conf, out());
    assertEquals(whole.sources(), streamed);
    assertEquals(whole.parts(), streamedParts);
    assertEquals(whole.job(), reader.job());
    assertTrue(reader.streams());
  }

  @Test
  void planningViewKeepsRangesAndSplitsButDropsFingerprintsAndDictionaries() throws IOException {
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), List.of(source(0), source(1)),
        List.of(part(0, SourceIds.of(0, 1))), null);
    StoredJob view = StoreReader.open(conf, out()).forPlanning();
    assertEquals("file:/in/f0.txt", view.source(1).uri());
    assertEquals(100, view.source(1).start());
    assertEquals(List.of(), view.source(1).chunkFingerprints());
    assertEquals(null, view.source(1).fingerprint());
    assertEquals(SourceIds.of(0, 1), view.part("part-r-00000").sources());
    assertEquals(List.of(), view.part("part-r-00000").sourceSets());
    // The URI is one String for the splits of a file.
    assertTrue(view.source(0).uri() == view.source(1).uri());
  }

  @Test
  void truncatedPartsFileIsMalformedNamingTheFile() throws IOException {
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), List.of(source(0)),
        List.of(part(0, SourceIds.of(0))), null);
    Path parts = tmp.resolve("out").resolve(LineageStore.DIR).resolve(LineageStore.PARTS_BIN);
    byte[] b = Files.readAllBytes(parts);
    Files.write(parts, java.util.Arrays.copyOf(b, b.length - 6));
    Files.deleteIfExists(parts.resolveSibling("." + LineageStore.PARTS_BIN + ".crc"));
    StoreReader reader = StoreReader.open(conf, out());
    IOException e = assertThrows(IOException.class, () -> reader.parts(p -> { }));
    assertTrue(e.getMessage().startsWith("Malformed lineage store file ")
        && e.getMessage().contains(LineageStore.PARTS_BIN), e.getMessage());
  }

  @Test
  void newerStoreIsRefusedBeforeAnyEntryIsRead() throws IOException {
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), List.of(source(0)),
        List.of(part(0, SourceIds.of(0))), null);
    Path jobFile = tmp.resolve("out").resolve(LineageStore.DIR).resolve(LineageStore.JOB_FILE);
    Files.writeString(jobFile, Files.readString(jobFile)
        .replaceFirst("\"formatVersion\" ?: ?2", "\"formatVersion\":3"));
    Files.deleteIfExists(jobFile.resolveSibling("." + LineageStore.JOB_FILE + ".crc"));
    IOException e = assertThrows(IOException.class, () -> StoreReader.open(conf, out()));
    assertTrue(e.getMessage().contains("formatVersion 3"), e.getMessage());
  }

  @Test
  void commitMergesFragmentsInIdOrderBeyondFiveDigits() throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    // source-99999.json sorts after source-100000.json by name; the store is in id order.
    for (int id : new int[] {100_000, 99_999, 3}) {
      LineageStore.writeSourceFragment(fs, out(), source(id));
    }
    LineageStore.writePartFragment(fs, out(), part(1, SourceIds.of(3)));
    LineageStore.writePartFragment(fs, out(), part(0, SourceIds.of(3, 99_999)));
    LineageStore.commit(fs, out(), job(), null);
    StoredJob read = LineageStore.read(conf, out());
    assertEquals(List.of(3, 99_999, 100_000), read.sources().stream().map(SourceEntry::id)
        .toList());
    assertEquals(List.of("part-r-00000", "part-r-00001"), read.parts().stream()
        .map(PartEntry::name).toList());
    for (org.apache.hadoop.fs.FileStatus st : fs.listStatus(out())) {
      assertFalse(st.getPath().getName().startsWith(LineageStore.FRAGMENT_PREFIX),
          "merged fragment left behind: " + st.getPath());
    }
  }

  @Test
  void sealOfAStreamedWriteVerifiesAgainstTheBytesRead() throws IOException {
    MacKey key = MacKey.of("k", "0123456789abcdef0123".getBytes(StandardCharsets.UTF_8));
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), List.of(source(0), source(1)),
        List.of(part(0, SourceIds.of(0, 1))), key);
    StoreFiles files = LineageStore.readFiles(conf, out());
    assertTrue(files.sealedBy(key));
    assertFalse(files.sealedBy(MacKey.of("k", "another secret, 20+ b".getBytes(
        StandardCharsets.UTF_8))));
  }

  @Test
  void fragmentWhoseContentDisagreesWithItsNameFailsTheCommit() throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    LineageStore.writeSourceFragment(fs, out(), source(2));
    fs.rename(LineageStore.sourceFragment(out(), 2), LineageStore.sourceFragment(out(), 1));
    IOException e = assertThrows(IOException.class,
        () -> LineageStore.commit(fs, out(), job(), null));
    assertTrue(e.getMessage().contains("holds source 2, its name says 1"), e.getMessage());
  }

  @Test
  void fragmentHoldingTwoEntriesFailsTheCommitNamingTheFile() throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    org.apache.hadoop.fs.Path frag = LineageStore.sourceFragment(out(), 1);
    try (OutputStream o = fs.create(frag, true)) {
      o.write(StoreBinary.sources(List.of(source(1), source(1))));
    }
    IOException e = assertThrows(IOException.class,
        () -> LineageStore.commit(fs, out(), job(), null));
    assertTrue(e.getMessage().contains(frag.toString()) && e.getMessage().contains("2 entries"),
        e.getMessage());
    assertFalse(fs.exists(new org.apache.hadoop.fs.Path(LineageStore.dir(out()),
        LineageStore.JOB_FILE)), "no job.json from a failed merge");
  }

  @Test
  void truncatedFragmentFailsTheCommitNamingTheFile() throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    LineageStore.writeSourceFragment(fs, out(), source(1));
    org.apache.hadoop.fs.Path frag = LineageStore.sourceFragment(out(), 1);
    byte[] whole = Files.readAllBytes(Path.of(frag.toUri()));
    try (OutputStream o = fs.create(frag, true)) {
      o.write(whole, 0, whole.length / 2);
    }
    IOException e = assertThrows(IOException.class,
        () -> LineageStore.commit(fs, out(), job(), null));
    assertTrue(e.getMessage().startsWith("Malformed lineage store file " + frag),
        e.getMessage());
  }

  /**
   * A file with the fragment prefix that no ProvMR task writes (another tool's, a later
   * build's) is neither merged nor deleted: the commit deletes only what it merged.
   */
  @Test
  void aFileWithTheFragmentPrefixButNoFragmentNameIsLeftAndTheCommitSucceeds()
      throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    LineageStore.writeSourceFragment(fs, out(), source(0));
    LineageStore.writePartFragment(fs, out(), part(0, SourceIds.of(0)));
    org.apache.hadoop.fs.Path other = new org.apache.hadoop.fs.Path(out(),
        LineageStore.FRAGMENT_PREFIX + "notes.bin");
    try (OutputStream o = fs.create(other, false)) {
      o.write("not a fragment".getBytes(StandardCharsets.UTF_8));
    }
    LineageStore.commit(fs, out(), job(), null);
    StoredJob read = LineageStore.read(conf, out());
    assertEquals(List.of(0), read.sources().stream().map(SourceEntry::id).toList());
    assertEquals(List.of("part-r-00000"), read.parts().stream().map(PartEntry::name).toList());
    assertEquals("not a fragment", new String(Files.readAllBytes(Path.of(other.toUri())),
        StandardCharsets.UTF_8), "left as it was");
    assertFalse(fs.exists(LineageStore.sourceFragment(out(), 0)), "the merged one is gone");
  }

  @Test
  void fragmentOfAnEarlierProvmrFailsTheCommitRatherThanBeingDropped() throws IOException {
    FileSystem fs = FileSystem.getLocal(conf);
    LineageStore.writeSourceFragment(fs, out(), source(0));
    // Where builds before 2026-12-04 put fragments, in their JSON form of an older build still.
    org.apache.hadoop.fs.Path legacy = new org.apache.hadoop.fs.Path(LineageStore.dir(out()),
        LineageStore.LEGACY_FRAGMENTS);
    try (OutputStream o = fs.create(new org.apache.hadoop.fs.Path(legacy, "source-00001.json"),
        true)) {
      o.write(StoreJson.mapper().writeValueAsBytes(source(1)));
    }
    IOException e = assertThrows(IOException.class,
        () -> LineageStore.commit(fs, out(), job(), null));
    assertTrue(e.getMessage().contains(legacy.toString())
        && e.getMessage().contains("another ProvMR"), e.getMessage());
    assertFalse(LineageStore.exists(conf, out()), "no store without that task's entry");
  }

  @Test
  void dumpPrintsOneJsonLinePerEntryWithSourceSetsAsIds() throws IOException {
    LineageStore.write(FileSystem.getLocal(conf), out(), job(), List.of(source(0), source(1)),
        List.of(part(0, SourceIds.of(0, 1))), null);
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    StoreDump.jsonLines(conf, out(), new java.io.PrintStream(b, true, StandardCharsets.UTF_8));
    List<String> lines = b.toString(StandardCharsets.UTF_8).lines().toList();
    assertEquals(4, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("{\"job\":{"), lines.get(0));
    assertTrue(lines.get(2).startsWith("{\"source\":{\"id\":1,"), lines.get(2));
    com.fasterxml.jackson.databind.JsonNode part = StoreJson.readTree(lines.get(3)).get("part");
    assertEquals("[0,1]", part.get("sources").toString());
  }
}
