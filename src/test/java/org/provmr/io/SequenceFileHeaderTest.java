package org.provmr.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uncompressed header ProvMR's record writer writes itself is the one Hadoop's
 * SequenceFile.Writer writes, and files framed with it read with Hadoop's reader.
 */
class SequenceFileHeaderTest {
  private static final int SYNC = 16;
  // Keys whose order differs between signed and unsigned bytes, and a prefix of another.
  private static final String[][] ENTRIES = {
      {"provenance.task", "attempt_1_0001_m_000000_0"}, {"b", "2"}, {"ab", "1"},
      {"a", "0"}, {"\u00e9t\u00e9", "non-ASCII: sorts after every ASCII key"},
      {"Z", "upper case first"}, {"", "the empty key"}};

  @TempDir
  Path tmp;

  private static SequenceFile.Metadata fill(SequenceFile.Metadata m) {
    for (String[] e : ENTRIES) {
      m.set(new Text(e[0]), new Text(e[1]));
    }
    return m;
  }

  @Test
  void uncompressedHeaderIsHadoopWritersBytesUpToItsOwnSyncMarker() throws IOException {
    Configuration conf = new Configuration(false);
    DataOutputBuffer hadoops = new DataOutputBuffer();
    try (FSDataOutputStream out = new FSDataOutputStream(hadoops, null);
        SequenceFile.Writer w = SequenceFile.createWriter(conf,
            SequenceFile.Writer.stream(out), SequenceFile.Writer.keyClass(Text.class),
            SequenceFile.Writer.valueClass(BytesWritable.class),
            SequenceFile.Writer.compression(CompressionType.NONE),
            SequenceFile.Writer.metadata(fill(new SequenceFile.Metadata())))) {
      w.hflush();
    }
    ByteArrayOutputStream ours = new ByteArrayOutputStream();
    byte[] sync = SequenceFileHeader.writeUncompressed(new DataOutputStream(ours),
        Text.class.getName(), BytesWritable.class.getName(),
        fill(SequenceFileHeader.newMetadata()));

    byte[] expected = Arrays.copyOf(hadoops.getData(), hadoops.getLength());
    byte[] actual = ours.toByteArray();
    assertEquals(expected.length, actual.length);
    int headerEnd = expected.length - SYNC;
    assertArrayEquals(Arrays.copyOf(expected, headerEnd), Arrays.copyOf(actual, headerEnd),
        "class names, flags and the metadata in Hadoop's order");
    assertArrayEquals(sync, Arrays.copyOfRange(actual, headerEnd, actual.length));
  }

  @Test
  void syncMarkersAreRandomPerFile() throws IOException {
    byte[] a = SequenceFileHeader.writeUncompressed(new DataOutputStream(OutputStream
        .nullOutputStream()), "k", "v", SequenceFileHeader.newMetadata());
    byte[] b = SequenceFileHeader.writeUncompressed(new DataOutputStream(OutputStream
        .nullOutputStream()), "k", "v", SequenceFileHeader.newMetadata());
    assertEquals(SYNC, a.length);
    assertFalse(Arrays.equals(a, b));
    assertNotEquals(0, Arrays.hashCode(a));
  }

  @Test
  void fileFramedWithItReadsWithHadoopsReaderAcrossItsSyncPoints() throws IOException {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("part")
        .toUri());
    List<Long> syncEnds = new ArrayList<>();
    byte[] sync;
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(
        tmp.resolve("part")))) {
      sync = SequenceFileHeader.writeUncompressed(out, Text.class.getName(),
          Text.class.getName(), fill(SequenceFileHeader.newMetadata()));
      for (int i = 0; i < 100; i++) {
        if (i % 30 == 29) {
          SequenceFileHeader.writeSync(out, sync);
          syncEnds.add((long) out.size());
        }
        DataOutputBuffer record = new DataOutputBuffer();
        new Text("key " + i).write(record);
        int keyLength = record.getLength();
        new Text("value " + i).write(record);
        out.writeInt(record.getLength());
        out.writeInt(keyLength);
        out.write(record.getData(), 0, record.getLength());
      }
    }
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(file))) {
      assertEquals("non-ASCII: sorts after every ASCII key",
          r.getMetadata().get(new Text("\u00e9t\u00e9")).toString());
      Text k = new Text();
      Text v = new Text();
      for (int i = 0; i < 100; i++) {
        assertTrue(r.next(k, v), "record " + i);
        assertEquals("key " + i, k.toString());
        assertEquals("value " + i, v.toString());
      }
      assertFalse(r.next(k, v));
      // Hadoop's reader looks for the marker it read from the header: it finds ours.
      long syncStart = syncEnds.get(0) - 4 - SYNC; // the escape's int, then the marker
      r.sync(syncStart - 10);
      assertEquals(syncStart, r.getPosition(), "Hadoop finds the sync point");
      assertTrue(r.next(k, v));
      assertEquals("key 29", k.toString());
    }
    FileSystem fs = FileSystem.getLocal(conf);
    try (FSDataInputStream in = fs.open(file)) {
      SequenceFileHeader read = SequenceFileHeader.read(conf, file, in,
          fs.getFileStatus(file).getLen());
      assertArrayEquals(sync, read.sync());
      assertEquals(Text.class.getName(), read.valueClass());
      assertEquals(ENTRIES.length, read.metadata().getMetadata().size());
    }
  }
}
