package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.DeflaterOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary store entries (formatVersion 2) written by hand, as a job owner can: values the writer
 * never produces must be refused as a malformed store file, never reach a reader as a set whose
 * count disagrees with its ids or end in a runtime exception.
 */
class CraftedStoreEntriesTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  @Test
  void runEndingBeforeItStartsIsRefusedRatherThanMiscounted() throws IOException {
    // Two runs: [0, 10), then start 15 with length -3 + 1: ten ids counted as eight.
    byte[] b = bytes(SourceIds.RUNS, 2, 0, 9, 5, -3);
    IOException e = assertThrows(IOException.class, () -> SourceIds.decode(b));
    assertTrue(e.getMessage().contains("source id set"), e.getMessage());
  }

  @Test
  void negativeIdCountIsRefused() {
    IOException e = assertThrows(IOException.class,
        () -> SourceIds.decode(bytes(SourceIds.DELTAS, -1)));
    assertTrue(e.getMessage().contains("source id set"), e.getMessage());
  }

  @Test
  void idsThatGoBackwardsAreRefused() {
    // 5, then 5 + (-3) + 1 = 3: not sorted, so membership answers would be wrong.
    IOException e = assertThrows(IOException.class,
        () -> SourceIds.decode(bytes(SourceIds.DELTAS, 2, 5, -3)));
    assertTrue(e.getMessage().contains("source id set"), e.getMessage());
  }

  @Test
  void bitmapStartingBelowIdZeroIsRefused() {
    byte[] b = bytes(SourceIds.BITMAP, -8, 2);
    byte[] withBits = java.util.Arrays.copyOf(b, b.length + 2);
    withBits[b.length] = (byte) 0xff;
    withBits[b.length + 1] = (byte) 0xff;
    IOException e = assertThrows(IOException.class, () -> SourceIds.decode(withBits));
    assertTrue(e.getMessage().contains("source id"), e.getMessage());
  }

  @Test
  void addToMarksEveryIdOfEachRunUpToTheLargestInt() throws IOException {
    java.util.BitSet bits = new java.util.BitSet();
    SourceIds.range(0, Integer.MAX_VALUE).addTo(bits);
    assertTrue(bits.cardinality() == Integer.MAX_VALUE && !bits.get(Integer.MAX_VALUE));
    java.util.BitSet top = new java.util.BitSet();
    SourceIds.decode(bytes(SourceIds.RUNS, 1, Integer.MAX_VALUE - 1L, 1)).addTo(top);
    assertTrue(top.cardinality() == 2 && top.get(Integer.MAX_VALUE - 1)
        && top.get(Integer.MAX_VALUE), top::toString);
    java.util.BitSet few = new java.util.BitSet();
    SourceIds.of(1, 5, 9).addTo(few);
    assertTrue(few.toString().equals("{1, 5, 9}"), few::toString);
  }

  @Test
  void partWithMiscountedSourceRunsIsAMalformedStoreFileNamingIt() throws IOException {
    byte[] sources = bytes(SourceIds.RUNS, 2, 0, 9, 5, -3);
    writePartsBin(part(sources, null));
    IOException e = assertThrows(IOException.class, () -> LineageStore.read(conf, out()));
    assertTrue(e.getMessage().startsWith("Malformed lineage store file ")
        && e.getMessage().contains(LineageStore.PARTS_BIN), e.getMessage());
  }

  @Test
  void negativeStringLengthInPartsFileIsAMalformedStoreFileNamingIt() throws IOException {
    ByteArrayOutputStream name = new ByteArrayOutputStream();
    SourceIds.writeVarint(new DataOutputStream(name), -1L); // ten bytes, all ones
    writePartsBin(part(SourceIds.of(0).encoded(), name.toByteArray()));
    IOException e = assertThrows(IOException.class, () -> LineageStore.read(conf, out()));
    assertTrue(e.getMessage().startsWith("Malformed lineage store file ")
        && e.getMessage().contains(LineageStore.PARTS_BIN), e.getMessage());
    IOException streamed = assertThrows(IOException.class,
        () -> StoreReader.open(conf, out()).parts(p -> { }));
    assertTrue(streamed.getMessage().contains(LineageStore.PARTS_BIN), streamed.getMessage());
  }

  private org.apache.hadoop.fs.Path out() {
    return new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
  }

  /** A kind byte and varints, as SourceIds encodes them (negatives as ten-byte varints). */
  private static byte[] bytes(int kind, long... varints) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream d = new DataOutputStream(b);
      d.writeByte(kind);
      for (long v : varints) {
        SourceIds.writeVarint(d, v);
      }
      return b.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** One part entry as StoreBinary.Writer lays it out, with the given raw name bytes. */
  private static byte[] part(byte[] sources, byte[] rawName) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream e = new DataOutputStream(b);
    if (rawName == null) {
      string(e, "part-r-00000");
    } else {
      e.write(rawName);
    }
    string(e, "attempt");
    SourceIds.writeVarint(e, 10);
    SourceIds.writeVarint(e, 500);
    string(e, "crc32c");
    string(e, "00ff00ff");
    string(e, "compact");
    SourceIds.writeVarint(e, 7);
    SourceIds.writeVarint(e, 0);
    SourceIds.writeVarint(e, 90);
    SourceIds.writeVarint(e, sources.length);
    e.write(sources);
    SourceIds.writeVarint(e, 0); // no source sets
    SourceIds.writeVarint(e, 0); // no summary set
    SourceIds.writeVarint(e, 0);
    string(e, "nonce");
    string(e, null);
    SourceIds.writeVarint(e, 0);
    SourceIds.writeVarint(e, 0); // no MACs
    return b.toByteArray();
  }

  private static void string(DataOutputStream e, String s) throws IOException {
    if (s == null) {
      SourceIds.writeVarint(e, 0);
      return;
    }
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    SourceIds.writeVarint(e, b.length + 1L);
    e.write(b);
  }

  /** A valid store whose parts.bin is replaced by one holding {@code entry}. */
  private void writePartsBin(byte[] entry) throws IOException {
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of("file:/in"),
        List.of(new LineageEntry(0, org.provmr.lineage.Lineage.of(List.of(), List.of()))),
        new TreeMap<>());
    SourceEntry source = new SourceEntry(0, "file:/in/f.txt", 0, 100, 400, 5, "bytes",
        "crc32c", "0a0b0c0d", 100, List.of("0a0b0c0d"), null);
    LineageStore.write(FileSystem.getLocal(conf), out(), job, List.of(source), List.of(), null);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(new byte[] {'P', 'M', 'R', StoreBinary.PARTS, StoreBinary.VERSION});
    try (DataOutputStream d = new DataOutputStream(new DeflaterOutputStream(file))) {
      SourceIds.writeVarint(d, entry.length);
      d.write(entry);
      SourceIds.writeVarint(d, 0);
    }
    Path parts = tmp.resolve("out").resolve(LineageStore.DIR).resolve(LineageStore.PARTS_BIN);
    Files.write(parts, file.toByteArray());
    Files.deleteIfExists(parts.resolveSibling("." + LineageStore.PARTS_BIN + ".crc"));
  }
}
