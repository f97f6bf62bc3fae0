package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * The entry format on a real local file system: two IFile segments written by Hadoop's own
 * IFile.Writer, a header that says what they are; every kind of damage is a BadEntryException.
 */
class CacheEntryTest {
  @TempDir
  Path tmp;
  Configuration conf;
  FileSystem fs;
  org.apache.hadoop.fs.Path file;
  CacheEntry.Header header;

  @BeforeEach
  void writeEntry() throws IOException {
    conf = new Configuration(); // with defaults: FileSystem.getLocal caches it for the JVM
    fs = FileSystem.getLocal(conf).getRaw(); // no .crc: the entry's own checks must catch it
    org.apache.hadoop.fs.Path segments = new org.apache.hadoop.fs.Path(tmp.resolve("out")
        .toUri());
    IndexRecord[] parts = new IndexRecord[2];
    try (FSDataOutputStream out = fs.create(segments)) {
      for (int p = 0; p < 2; p++) {
        long start = out.getPos();
        IFile.Writer<Text, IntWritable> w = new IFile.Writer<>(conf, out, Text.class,
            IntWritable.class, null, null);
        for (int i = 0; i < 100; i++) {
          w.append(new Text("word" + p + "-" + i), new IntWritable(i));
        }
        w.close();
        parts[p] = new IndexRecord(start, w.getRawLength(), out.getPos() - start);
      }
    }
    header = new CacheEntry.Header("step", "split", 7, "file:/in/a.txt", 0, 1000, "", parts,
        5000, 1234L, "bytes");
    file = new org.apache.hadoop.fs.Path(tmp.resolve("entry").toUri());
    try (FSDataInputStream data = fs.open(segments)) {
      CacheEntry.write(fs, file, header, data);
    }
  }

  private CacheEntry.Header read() throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      return CacheEntry.readHeader(in, fs.getFileStatus(file).getLen(), file);
    }
  }

  private long dataStart() throws IOException {
    try (FSDataInputStream in = fs.open(file)) {
      CacheEntry.readHeader(in, fs.getFileStatus(file).getLen(), file);
      return in.getPos();
    }
  }

  private void flip(long at) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("entry").toFile(), "rw")) {
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x01);
    }
  }

  @Test
  void headerReadsBackWhatWasWrittenAndSegmentsVerify() throws IOException {
    CacheEntry.Header h = read();
    assertEquals(7, h.sourceId());
    assertEquals("file:/in/a.txt", h.uri());
    assertEquals(2, h.partitions().length);
    assertEquals(header.partitions()[1].partLength, h.partitions()[1].partLength);
    CacheEntry.verifySegment(conf, fs, file, dataStart(), h, 0);
    CacheEntry.verifySegment(conf, fs, file, dataStart(), h, 1);
  }

  @Test
  void flippedByteInASegmentFailsThatSegmentsChecksumOnly() throws IOException {
    CacheEntry.Header h = read();
    long start = dataStart();
    flip(start + h.partitions()[1].startOffset + h.partitions()[1].partLength / 2);
    CacheEntry.verifySegment(conf, fs, file, start, h, 0);
    CacheEntry.BadEntryException e = assertThrows(CacheEntry.BadEntryException.class,
        () -> CacheEntry.verifySegment(conf, fs, file, start, h, 1));
    assertTrue(e.getMessage().contains("partition 1 fails its checksum"), e.getMessage());
  }

  @Test
  void flippedByteInTheHeaderFailsTheHeaderChecksum() throws IOException {
    flip(20);
    CacheEntry.BadEntryException e = assertThrows(CacheEntry.BadEntryException.class,
        this::read);
    assertTrue(e.getMessage().contains("header checksum mismatch"), e.getMessage());
  }

  @Test
  void truncatedEntryIsRejectedBeforeItsSegmentsAreRead() throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(tmp.resolve("entry").toFile(), "rw")) {
      f.setLength(f.length() - 3);
    }
    CacheEntry.BadEntryException e = assertThrows(CacheEntry.BadEntryException.class,
        this::read);
    assertTrue(e.getMessage().contains("data bytes, the header says"), e.getMessage());
  }

  @Test
  void fileOfAnotherKindIsNotAnEntry() throws IOException {
    Files.write(tmp.resolve("entry"), new byte[64]);
    CacheEntry.BadEntryException e = assertThrows(CacheEntry.BadEntryException.class,
        this::read);
    assertTrue(e.getMessage().contains("not a version 1-2 cache entry"), e.getMessage());
  }

  @Test
  void hugePartitionCountIsRefusedWithoutAllocatingIt() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] encoded = CacheEntry.encode(header);
    // Cut the partition count, both partitions and version 2's file status and positions.
    body.write(encoded, 0, encoded.length - 4 - 2 * 24 - (8 + 8 + 2 + "bytes".length()));
    new java.io.DataOutputStream(body).writeInt(Integer.MAX_VALUE);
    byte[] b = body.toByteArray();
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b);
    try (FSDataOutputStream out = fs.create(file, true)) {
      out.writeInt(CacheEntry.MAGIC);
      out.writeInt(CacheEntry.VERSION);
      out.writeInt(b.length);
      out.write(b);
      out.writeInt((int) crc.getValue());
      new ByteArrayInputStream(new byte[0]).transferTo(out);
    }
    CacheEntry.BadEntryException e = assertThrows(CacheEntry.BadEntryException.class,
        this::read);
    assertTrue(e.getMessage().contains("partitions out of range"), e.getMessage());
  }

  @Test
  void mapStepKeyChangesWithWhatShapesMapOutputAndNotWithOtherSettings() {
    Configuration a = new Configuration(false);
    a.set("mapreduce.job.map.class", "org.provmr.examples.WordCount$TokenizerMapper");
    a.setInt("mapreduce.job.reduces", 4);
    a.set("provmr.wordcount.lower", "true");
    String key = MapStepKey.of(a);
    assertEquals(64, key.length());

    Configuration same = new Configuration(a);
    same.set("mapreduce.output.fileoutputformat.outputdir", "/elsewhere");
    same.set(ProvenanceKeys.CACHE_DIR, "/cache");
    assertEquals(key, MapStepKey.of(same), "output dir and cache dir are not the map step");

    for (String[] change : new String[][] {{"mapreduce.job.reduces", "5"},
        {"provmr.wordcount.lower", "false"}, {"mapreduce.job.combine.class", "x.Y"},
        {"mapreduce.map.output.compress", "true"}}) {
      Configuration other = new Configuration(a);
      other.set(change[0], change[1]);
      assertNotEquals(key, MapStepKey.of(other), change[0]);
    }
  }

  @Test
  void codeDigestFollowsTheClassFileAndMarksMissingClasses() {
    Configuration c = new Configuration(false);
    String digest = MapStepKey.codeDigest(c, CacheEntryTest.class.getName());
    assertEquals(64, digest.length());
    assertNotEquals(digest, MapStepKey.codeDigest(c, CacheEntry.class.getName()));
    assertEquals("missing", MapStepKey.codeDigest(c, "no.such.Mapper"));
  }

  @Test
  void splitKeyNamesFileRangeAndFingerprint() {
    String k = MapStepKey.splitKey("file:/a", 0, 10, "crc32c", "abcd");
    assertNotEquals(k, MapStepKey.splitKey("file:/a", 0, 10, "crc32c", "abce"));
    assertNotEquals(k, MapStepKey.splitKey("file:/a", 10, 10, "crc32c", "abcd"));
    assertEquals(k, MapStepKey.splitKey("file:/a", 0, 10, "crc32c", "abcd"));
  }
}
