package org.provmr.io;

import java.io.DataInput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * The header of a SequenceFile (version 6, the only one Hadoop has written since 0.x), read
 * with every length checked before anything is allocated. Hadoop's own reader allocates
 * whatever a class-name or metadata length asks for, and loads and initializes whatever
 * codec class the file names; here a codec must be one the configuration knows.
 *
 * @param keyClass the key class name, not loaded
 * @param valueClass the value class name, not loaded
 * @param codec the codec of a compressed file, or null
 * @param blockCompressed whether records are compressed in blocks (else one by one)
 * @param metadata the file's metadata
 * @param sync the 16-byte sync marker
 * @param end where the header ends and the first record starts
 */
public record SequenceFileHeader(String keyClass, String valueClass, CompressionCodec codec,
    boolean blockCompressed, SequenceFile.Metadata metadata, byte[] sync, long end) {

  static final int SYNC_HASH_SIZE = 16;
  private static final byte VERSION = 6;
  private static final byte[] MAGIC = {'S', 'E', 'Q'};
  /** SequenceFile's SYNC_ESCAPE, -1, as the int its writer puts in front of a sync marker. */
  private static final byte[] SYNC_ESCAPE = {-1, -1, -1, -1};
  private static final Comparator<Text> BYTE_ORDER = new TextBytes();
  // Generous for class names and metadata entries, tiny next to any heap.
  private static final int MAX_STRING_BYTES = 64 << 10;
  private static final int MAX_METADATA_ENTRIES = 1024;

  /**
   * Empty metadata whose map orders keys as Text's compareTo does (their bytes, unsigned, a
   * prefix first), so that it is written in the same order, without WritableComparator: its
   * first use sets up FastByteComparisons (Unsafe looked up by reflection, Guava's
   * UnsignedBytes), classes and milliseconds a map-only task JVM spends on nothing else
   * (bench/README.md, "A map task's first part, set up with fewer classes").
   */
  public static SequenceFile.Metadata newMetadata() {
    return new SequenceFile.Metadata(new TreeMap<>(BYTE_ORDER));
  }

  /**
   * Writes the header of an uncompressed file as {@code SequenceFile.Writer} does ("SEQ" and
   * version 6, the key and value class names, no compression, the metadata, the sync marker)
   * and returns its sync marker: random bytes, as Hadoop's are (an MD5 of a UID and the time).
   *
   * <p>For ProvMR's record writer, which writes an uncompressed part's records and sync points
   * itself: the header was all Hadoop's writer still did there, and building that writer cost
   * every task JVM that writes a part its options, serializer lookup, UID and MD5, about 30
   * classes a plain job's text output does not load (bench/README.md, same section). The class
   * names and metadata are written by Hadoop's {@code Text.writeString} and
   * {@code Metadata.write}; SequenceFileHeaderTest holds the bytes equal to Hadoop's writer's.
   */
  public static byte[] writeUncompressed(DataOutputStream out, String keyClass,
      String valueClass, SequenceFile.Metadata metadata) throws IOException {
    out.write(MAGIC);
    out.write(VERSION);
    Text.writeString(out, keyClass);
    Text.writeString(out, valueClass);
    out.writeBoolean(false); // compressed
    out.writeBoolean(false); // block-compressed
    metadata.write(out);
    // From the JVM's SecureRandom, as a part's identity is: 122 of the 128 bits random, so
    // that no record's bytes can be made to look like a sync point.
    byte[] sync = ByteBuffer.allocate(SYNC_HASH_SIZE)
        .putLong(UUID.randomUUID().getMostSignificantBits())
        .putLong(UUID.randomUUID().getLeastSignificantBits()).array();
    out.write(sync);
    return sync;
  }

  /** A sync point: SequenceFile's escape (a record length of -1), then the file's marker. */
  public static void writeSync(OutputStream out, byte[] sync) throws IOException {
    out.write(SYNC_ESCAPE);
    out.write(sync);
  }

  /** Reads the header from the start of {@code in}, a file of {@code length} bytes. */
  static SequenceFileHeader read(Configuration conf, Path file, FSDataInputStream in,
      long length) throws IOException {
    Bounded b = new Bounded(file, in, length);
    try {
      byte[] magic = new byte[4];
      b.in.readFully(magic);
      if (magic[0] != 'S' || magic[1] != 'E' || magic[2] != 'Q') {
        throw b.corrupt("it is not a SequenceFile (it does not start with SEQ)");
      }
      if (magic[3] != VERSION) {
        throw b.corrupt("SequenceFile version " + magic[3] + "; only version " + VERSION
            + " (Hadoop's since 0.x, and ProvMR's) is read");
      }
      String keyClass = b.string("key class name");
      String valueClass = b.string("value class name");
      boolean compressed = b.in.readBoolean();
      boolean block = b.in.readBoolean();
      CompressionCodec codec = null;
      if (compressed) {
        String name = b.string("codec class name");
        codec = new CompressionCodecFactory(conf).getCodecByClassName(name);
        if (codec == null) {
          throw b.corrupt("its codec " + name + " is not one this configuration knows"
              + " (io.compression.codecs)");
        }
      } else if (block) {
        throw b.corrupt("it claims block compression without a codec");
      }
      int entries = b.in.readInt();
      if (entries < 0 || entries > MAX_METADATA_ENTRIES) {
        throw b.corrupt("its metadata declares " + entries + " entries (at most "
            + MAX_METADATA_ENTRIES + " are read)");
      }
      TreeMap<Text, Text> meta = new TreeMap<>(BYTE_ORDER);
      for (int i = 0; i < entries; i++) {
        meta.put(new Text(b.string("metadata key")), new Text(b.string("metadata value")));
      }
      byte[] sync = new byte[SYNC_HASH_SIZE];
      b.in.readFully(sync);
      return new SequenceFileHeader(keyClass, valueClass, codec, block,
          new SequenceFile.Metadata(meta), sync, in.getPos());
    } catch (EOFException e) {
      throw new FramingException(file, 0, true, "the SequenceFile header is cut short ("
          + length + " bytes)", e);
    }
  }

  /** Text's order without WritableComparator: see {@link #newMetadata}. */
  private static final class TextBytes implements Comparator<Text> {
    @Override
    public int compare(Text a, Text b) {
      return Arrays.compareUnsigned(a.getBytes(), 0, a.getLength(),
          b.getBytes(), 0, b.getLength());
    }
  }

  /** Reads lengths and strings of the header, each checked against the bytes left. */
  private static final class Bounded {
    final Path file;
    final FSDataInputStream in;
    final long length;

    Bounded(Path file, FSDataInputStream in, long length) {
      this.file = file;
      this.in = in;
      this.length = length;
    }

    String string(String what) throws IOException {
      long at = in.getPos();
      int n = vint(what);
      if (n < 0 || n > MAX_STRING_BYTES) {
        throw new FramingException(file, 0, false, "bad SequenceFile header: its " + what
            + " at byte " + at + " declares " + n + " bytes (at most " + MAX_STRING_BYTES
            + " are read)");
      }
      if (n > length - in.getPos()) {
        throw new FramingException(file, 0, true, "the SequenceFile header is cut short: its "
            + what + " at byte " + at + " declares " + n + " bytes, " + (length - in.getPos())
            + " remain");
      }
      byte[] b = new byte[n];
      in.readFully(b);
      try {
        return Text.decode(b);
      } catch (CharacterCodingException e) {
        throw new FramingException(file, 0, false, "bad SequenceFile header: its " + what
            + " at byte " + at + " is not UTF-8", e);
      }
    }

    int vint(String what) throws IOException {
      long at = in.getPos();
      try {
        return WritableUtils.readVInt((DataInput) in);
      } catch (EOFException e) {
        throw e;
      } catch (IOException e) {
        throw new FramingException(file, 0, false, "bad SequenceFile header: the length of its "
            + what + " at byte " + at + " does not fit an int", e);
      }
    }

    FramingException corrupt(String what) {
      return new FramingException(file, 0, false, "bad SequenceFile header: " + what);
    }
  }
}
