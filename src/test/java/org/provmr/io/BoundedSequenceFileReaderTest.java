package org.provmr.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.io.compress.SnappyCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.Allocations;

/**
 * The bounded reader means what Hadoop's SequenceFile.Reader means (records, positions, sync
 * points, for every compression type), and refuses every crafted length before allocating it.
 */
class BoundedSequenceFileReaderTest {
  /** Far below any crafted length: the reader's buffers plus Hadoop's file system objects. */
  private static final long ALLOCATION_BOUND = 16L << 20;

  @TempDir
  Path tmp;
  Configuration conf;

  @BeforeEach
  void setUp() {
    conf = new Configuration();
    conf.setInt("io.seqfile.compress.blocksize", 4096); // many blocks in a small file
  }

  private org.apache.hadoop.fs.Path write(String name, CompressionType type, int records)
      throws IOException {
    return write(name, type, DefaultCodec.class, records);
  }

  private org.apache.hadoop.fs.Path write(String name, CompressionType type,
      Class<? extends CompressionCodec> codec, int records) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri());
    Random r = new Random(42);
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf, SequenceFile.Writer.file(p),
        SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(BytesWritable.class),
        SequenceFile.Writer.compression(type, ReflectionUtils.newInstance(codec, conf)))) {
      for (int i = 0; i < records; i++) {
        byte[] v = new byte[r.nextInt(300)];
        r.nextBytes(v);
        w.append(new Text("key-" + i), new BytesWritable(v));
      }
    }
    return p;
  }

  private record Seen(long position, boolean sync, String key, byte[] value) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Seen s && s.position == position && s.sync == sync
          && s.key.equals(key) && Arrays.equals(s.value, value);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(position);
    }
  }

  private List<Seen> hadoop(org.apache.hadoop.fs.Path p, long syncTo) throws IOException {
    List<Seen> seen = new ArrayList<>();
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(p))) {
      if (syncTo >= 0) {
        r.sync(syncTo);
      }
      Text k = new Text();
      BytesWritable v = new BytesWritable();
      while (r.next(k, v)) {
        seen.add(new Seen(r.getPosition(), r.syncSeen(), k.toString(), v.copyBytes()));
      }
    }
    return seen;
  }

  private List<Seen> bounded(org.apache.hadoop.fs.Path p, long syncTo) throws IOException {
    List<Seen> seen = new ArrayList<>();
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
      if (syncTo >= 0) {
        r.sync(syncTo);
      }
      Text k = new Text();
      BytesWritable v = new BytesWritable();
      DataInputBuffer in = new DataInputBuffer();
      while (r.next()) {
        in.reset(r.key(), r.keyLength());
        k.readFields(in);
        in.reset(r.value(), r.valueLength());
        v.readFields(in);
        seen.add(new Seen(r.position(), r.syncSeen(), k.toString(), v.copyBytes()));
      }
    }
    return seen;
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void agreesWithHadoopsReaderOnRecordsPositionsAndSyncPoints(CompressionType type)
      throws IOException {
    org.apache.hadoop.fs.Path p = write("f-" + type, type, 1500);
    List<Seen> expected = hadoop(p, -1);
    assertEquals(1500, expected.size());
    assertEquals(expected, bounded(p, -1));
    long length = Files.size(tmp.resolve("f-" + type));
    for (long at = 0; at < length + 50; at += length / 13) {
      assertEquals(hadoop(p, at), bounded(p, at), "after sync(" + at + ")");
    }
  }

  @ParameterizedTest
  @EnumSource(value = CompressionType.class, names = {"RECORD", "BLOCK"})
  void agreesWithHadoopsReaderOnSnappyFiles(CompressionType type) throws IOException {
    // Snappy's block framing goes through BoundedBlockInput, not Hadoop's stream.
    org.apache.hadoop.fs.Path p = write("snappy-" + type, type, SnappyCodec.class, 1500);
    List<Seen> expected = hadoop(p, -1);
    assertEquals(1500, expected.size());
    assertEquals(expected, bounded(p, -1));
  }

  // --- crafted files: a valid header, then one record whose framing is given ---

  private org.apache.hadoop.fs.Path crafted(String name, int recordLength, int keyLength,
      byte[] rest) throws IOException {
    org.apache.hadoop.fs.Path p = write(name, CompressionType.NONE, 0);
    Path f = tmp.resolve(name);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(Files.readAllBytes(f));
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(recordLength);
    d.writeInt(keyLength);
    d.write(rest);
    Files.write(f, b.toByteArray());
    Files.deleteIfExists(tmp.resolve("." + name + ".crc"));
    return p;
  }

  private FramingException refused(org.apache.hadoop.fs.Path p) {
    long before = Allocations.now();
    FramingException e = assertThrows(FramingException.class, () -> {
      try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
        while (r.next()) {
          // read on
        }
      }
    });
    long used = Allocations.now() - before;
    assertTrue(used < ALLOCATION_BOUND, "allocated " + used + " bytes reading " + p);
    assertTrue(e.getMessage().startsWith(p.toString() + ": "), e.getMessage());
    return e;
  }

  @Test
  void hugeRecordLengthIsRefusedBeforeAllocation() throws IOException {
    FramingException e = refused(crafted("huge", 0x7ffffff0, 4, new byte[16]));
    long at = e.offset();
    assertEquals("the record at byte " + at + " declares 2147483632 bytes, more than"
        + " provenance.read.max.record.bytes (67108864); the file is damaged, or raise that"
        + " limit for genuinely larger records", e.reason());
    assertFalse(e.endOfFile());
  }

  @Test
  void negativeRecordLengthIsCorruptFramingNotAnIndexError() throws IOException {
    FramingException e = refused(crafted("negative", -7, 4, new byte[16]));
    assertEquals("corrupt record framing at byte " + e.offset()
        + " (record length -7, key length 4)", e.reason());
  }

  @Test
  void keyLongerThanItsRecordIsCorrupt() throws IOException {
    FramingException e = refused(crafted("key", 10, 11, new byte[16]));
    assertTrue(e.reason().contains("(record length 10, key length 11)"), e.reason());
  }

  @Test
  void lengthBeyondTheEndOfTheFileIsATruncation() throws IOException {
    FramingException e = refused(crafted("short", 1 << 20, 4, new byte[16]));
    assertTrue(e.endOfFile());
    assertEquals("the record at byte " + e.offset() + " needs 1048576 more bytes but only 16"
        + " remain in the file", e.reason());
  }

  @Test
  void configuredMaximumApplies() throws IOException {
    conf.set(ProvenanceKeys.READ_MAX_RECORD_BYTES, "1k");
    FramingException e = refused(crafted("max", 2000, 4, new byte[2000]));
    assertTrue(e.reason().contains("declares 2000 bytes, more than"
        + " provenance.read.max.record.bytes (1024)"), e.reason());
  }

  @Test
  void hugeClassNameLengthInTheHeaderIsRefused() throws IOException {
    Path f = tmp.resolve("classname");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.write(new byte[] {'S', 'E', 'Q', 6});
    WritableUtils.writeVInt(d, Integer.MAX_VALUE);
    d.write(new byte[64]);
    Files.write(f, b.toByteArray());
    FramingException e = refused(new org.apache.hadoop.fs.Path(f.toUri()));
    assertEquals("bad SequenceFile header: its key class name at byte 4 declares 2147483647"
        + " bytes (at most 65536 are read)", e.reason());
  }

  @Test
  void negativeMetadataCountIsRefused() throws IOException {
    Path f = tmp.resolve("meta");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.write(new byte[] {'S', 'E', 'Q', 6});
    Text.writeString(d, Text.class.getName());
    Text.writeString(d, Text.class.getName());
    d.writeBoolean(false);
    d.writeBoolean(false);
    d.writeInt(-1);
    d.write(new byte[32]);
    Files.write(f, b.toByteArray());
    FramingException e = refused(new org.apache.hadoop.fs.Path(f.toUri()));
    assertEquals("bad SequenceFile header: its metadata declares -1 entries (at most 1024 are"
        + " read)", e.reason());
  }

  @Test
  void unknownCodecIsRefusedWithoutLoadingIt() throws IOException {
    Path f = compressedHeader("codec", MarkerCodec.class.getName(), true);
    FramingException e = refused(new org.apache.hadoop.fs.Path(f.toUri()));
    assertEquals("bad SequenceFile header: its codec " + MarkerCodec.class.getName()
        + " is not one this configuration knows (io.compression.codecs)", e.reason());
    assertFalse(markerCodecInitialized, "the codec class named by the file was initialized");
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {
      "org.apache.hadoop.io.compress.Lz4Codec", "org.apache.hadoop.io.compress.ZStandardCodec"})
  void codecThatCannotRunHereIsRefusedNamingTheFile(String codec) throws IOException {
    // Known to the factory, but lz4-java is not on the class path and libhadoop has no zstd:
    // getting a decompressor threw NoClassDefFoundError (past every catch) or a bare
    // RuntimeException.
    Path f = compressedHeader("runs-nowhere", codec, false);
    FramingException e = refused(new org.apache.hadoop.fs.Path(f.toUri()));
    assertTrue(e.reason().startsWith("bad SequenceFile header: its codec " + codec
        + " cannot decompress in this JVM ("), e.reason());
  }

  /**
   * A file of a compressed SequenceFile header (Text keys and values, no metadata, a zero sync
   * marker) naming {@code codec}, record- or block-compressed, and no records.
   */
  private Path compressedHeader(String name, String codec, boolean block) throws IOException {
    Path f = tmp.resolve(name);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream d = new DataOutputStream(b);
    d.write(new byte[] {'S', 'E', 'Q', 6});
    Text.writeString(d, Text.class.getName());
    Text.writeString(d, Text.class.getName());
    d.writeBoolean(true);
    d.writeBoolean(block);
    Text.writeString(d, codec);
    d.writeInt(0);
    d.write(new byte[16]);
    Files.write(f, b.toByteArray());
    return f;
  }

  static volatile boolean markerCodecInitialized;

  /** A class whose initialization would show that a file could make the reader load it. */
  static final class MarkerCodec {
    static {
      markerCodecInitialized = true;
    }
  }

  @Test
  void blockThatDecompressesBeyondTheLimitIsRefused() throws IOException {
    conf.set(ProvenanceKeys.READ_MAX_RECORD_BYTES, "64k");
    conf.setInt("io.seqfile.compress.blocksize", 1 << 20);
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(tmp.resolve("bomb").toUri());
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf, SequenceFile.Writer.file(p),
        SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(BytesWritable.class),
        SequenceFile.Writer.compression(CompressionType.BLOCK,
            ReflectionUtils.newInstance(DefaultCodec.class, conf)))) {
      w.append(new Text("k"), new BytesWritable(new byte[4 << 20])); // zeros: ~4 KB compressed
    }
    conf.setInt("io.seqfile.compress.blocksize", 4096);
    assertTrue(Files.size(tmp.resolve("bomb")) < 64 << 10);
    FramingException e = refused(p);
    assertTrue(e.reason().contains("decompresses to more than " + ((64 << 10) + 4096)
        + " bytes (provenance.read.max.record.bytes)"), e.reason());
  }

  @Test
  void chunkLengthOfABlockCodecBeyondItsBytesIsRefusedBeforeAllocation() throws IOException {
    // Snappy (and Lz4) frame a value as [raw length][chunk length][chunk]...; Hadoop's
    // BlockDecompressorStream allocates the chunk length it reads before reading the chunk.
    org.apache.hadoop.fs.Path p = write("snappy", CompressionType.RECORD, SnappyCodec.class, 0);
    Path f = tmp.resolve("snappy");
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(Files.readAllBytes(f));
    DataOutputStream d = new DataOutputStream(b);
    d.writeInt(4 + 16); // record length: the key's 4 bytes, then the value's 16
    d.writeInt(4);
    Text.writeString(d, "k12");
    d.writeInt(100); // raw length of the block
    d.writeInt(0x7ffffff0); // chunk length: 2 GB, with 8 bytes left
    d.writeLong(0);
    Files.write(f, b.toByteArray());
    Files.deleteIfExists(tmp.resolve(".snappy.crc"));
    FramingException e = refused(p);
    assertTrue(e.reason().contains("the value of the record at byte " + e.offset()
        + " does not decompress: "), e.reason());
  }

  @Test
  void recordCountOfABlockBeyondItsKeyLengthsIsRefused() throws IOException {
    org.apache.hadoop.fs.Path p = write("count", CompressionType.BLOCK, 3);
    Path f = tmp.resolve("count");
    byte[] b = Files.readAllBytes(f);
    // The first block follows the header: escape (4 bytes), sync (16), then the vint count.
    int at;
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
      at = (int) r.header().end();
    }
    assertEquals(3, b[at + 20]);
    b[at + 20] = (byte) 0x7f; // 127 records
    Files.write(f, b);
    Files.deleteIfExists(tmp.resolve(".count.crc"));
    FramingException e = refused(p);
    assertTrue(e.reason().startsWith("corrupt block at byte " + at + ": it declares 127"
        + " records but has "), e.reason());
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void fifoIsNotOpened() throws Exception {
    Path fifo = tmp.resolve("part-r-00000");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    IOException e = assertThrows(UntrustedFiles.NotRegularFileException.class,
        () -> new BoundedSequenceFileReader(conf, new org.apache.hadoop.fs.Path(fifo.toUri())));
    assertTrue(e.getMessage().contains("part-r-00000 is a FIFO, socket or device"),
        e.getMessage());
  }

  @Test
  void cleanFileReadsToTheEnd() throws IOException {
    org.apache.hadoop.fs.Path p = write("clean", CompressionType.NONE, 10);
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
      int n = 0;
      while (r.next()) {
        n++;
      }
      assertEquals(10, n);
      assertEquals(r.position(), Files.size(tmp.resolve("clean")));
    }
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void syncToAPositionNearLongMaxValueIsTheEndOfTheFile(CompressionType type)
      throws IOException {
    // A split start from a lineage store (trace, recompute): position + 20 must not overflow.
    org.apache.hadoop.fs.Path p = write("far-" + type, type, 50);
    try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf, p)) {
      r.sync(Long.MAX_VALUE - 5);
      assertFalse(r.next());
      assertEquals(Files.size(tmp.resolve("far-" + type)), r.position());
    }
  }
}
