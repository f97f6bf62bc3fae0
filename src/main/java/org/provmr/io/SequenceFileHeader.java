package org.provmr.io;

import java.io.DataInput;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.TreeMap;
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
  // Generous for class names and metadata entries, tiny next to any heap.
  private static final int MAX_STRING_BYTES = 64 << 10;
  private static final int MAX_METADATA_ENTRIES = 1024;

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
      TreeMap<Text, Text> meta = new TreeMap<>();
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
