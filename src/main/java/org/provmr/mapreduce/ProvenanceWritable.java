package org.provmr.mapreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.ByteSink;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.TypeMark;

/**
 * A record value with its provenance header: {@code [header][value]} on the wire.
 *
 * <p>Reading keeps the header's raw bytes (a copy of about ten bytes) and decodes a v1 header
 * only when {@link #header()} is asked for, so a consumer that wants the payload pays for the
 * skip and nothing else. A v2 header is decoded as it is read, since the next header of its
 * sync block may be a delta from it. Instances are reused across records, as Writables are.
 *
 * <p>Built with the no-arg constructor by a reader that knows nothing of ProvMR (FsShell
 * {@code -text}, a plain {@code SequenceFile.Reader}), it learns the payload class from the
 * {@link TypeMark} the writer puts in front of the first record of the file and of every
 * sync block, and {@link #toString()} is the payload's, so {@code hadoop fs -text} prints
 * {@code key<TAB>payload}.
 */
public class ProvenanceWritable<V extends Writable> implements Writable, Configurable {
  private final ByteSink rawHeader = new ByteSink();
  private final ProvenanceHeader header = new ProvenanceHeader();
  private V value;
  // The record's value was null (written as no bytes at all), e.g. SecondarySort's separators.
  private boolean nullValue;
  private HeaderCodec codec;
  private boolean decoded;
  private boolean skipHeader;
  // Writer side: the record's value bytes, header then value, encoded by the record writer.
  private byte[] encoded;
  private int encodedOffset;
  private int encodedLength = -1;
  // Where the current record was read from, so a lazy decode error can name it.
  private Object sourceFile;
  private long sourceOffset = -1;
  // Plain readers: the value was built from a type mark, with this configuration.
  private Configuration conf;
  private boolean valueFromMark;

  public ProvenanceWritable() {
  }

  public ProvenanceWritable(V value, HeaderContext context) {
    this.value = value;
    this.codec = new HeaderCodec(context);
  }

  /**
   * The payload value; null when the job wrote a null value (TextOutputFormat prints only the
   * key for it), which is stored as no value bytes.
   */
  public V value() {
    return nullValue ? null : value;
  }

  public void setValue(V v) {
    value = v;
    nullValue = false;
    encodedLength = -1;
  }

  /**
   * The reader moved to a sync point (or elsewhere): the next header has no predecessor to be
   * a delta from, so a v2 delta there fails instead of decoding against the wrong record.
   */
  void startBlock() {
    if (codec != null) {
      codec.startBlock();
    }
  }

  /** Payload-only reading: skip headers instead of keeping them. */
  void setSkipHeader(boolean skip) {
    skipHeader = skip;
  }

  /** The decoded header of the current record. */
  public ProvenanceHeader header() throws IOException {
    if (skipHeader) {
      throw new IllegalStateException("Headers are skipped by this reader (payload only)");
    }
    if (!decoded) {
      if (codec == null) {
        throw new IllegalStateException("No header context: read this through"
            + " ProvenanceInputFormat, or call setContext with the file's metadata");
      }
      try {
        codec.decode(rawHeader.array(), 0, rawHeader.length(), header);
      } catch (HeaderFormatException e) {
        throw new HeaderFormatException("Malformed provenance header in " + sourceFile
            + " in the record at byte " + sourceOffset + ": " + e.reason(), e.headerByte(), e);
      }
      decoded = true;
    }
    return header;
  }

  /** Readers say where the current record came from, for error messages. */
  void setLocation(Object file, long offset) {
    sourceFile = file;
    sourceOffset = offset;
  }

  /** The raw header bytes, prefix included, valid until the next read. */
  public byte[] rawHeader() {
    return rawHeader.array();
  }

  public int rawHeaderLength() {
    return rawHeader.length();
  }

  /**
   * Writer side: the record's value is {@code bytes[off..off+len)} as they are, its header
   * followed by its serialized value.
   */
  void setEncoded(byte[] bytes, int off, int len) {
    encoded = bytes;
    encodedOffset = off;
    encodedLength = len;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    if (encodedLength >= 0) {
      out.write(encoded, encodedOffset, encodedLength);
    } else {
      out.write(rawHeader.array(), 0, rawHeader.length());
      value.write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    decoded = false;
    encodedLength = -1;
    int first = in.readUnsignedByte();
    if (first == TypeMark.MARKER) {
      String className = TypeMark.readName(in);
      if (value == null || valueFromMark && !value.getClass().getName().equals(className)) {
        value = newValue(className);
        valueFromMark = true;
      }
      first = in.readUnsignedByte();
      if (codec != null) {
        codec.startBlock(); // the writer marks the first record of every sync block
      }
    }
    if (skipHeader) {
      HeaderCodec.skip(first, in);
    } else {
      rawHeader.reset();
      HeaderCodec.readRaw(first, in, rawHeader);
      // A v2 header may be a delta from the one before it: decode every one, in order.
      if (codec != null && HeaderCodec.isVersion2(rawHeader.array(), 0, rawHeader.length())) {
        codec.decode(rawHeader.array(), 0, rawHeader.length(), header);
        decoded = true;
      }
    }
    if (value == null) {
      throw new IOException("This provenance record does not name its payload class (only"
          + " the first record of a file and of each sync block does): read ProvMR output"
          + " from the start of a file or of a split, or through ProvenanceInputFormat or"
          + " PayloadInputFormat");
    }
    // Records are read from exact-length buffers (ProvenanceFileReader): no bytes left after
    // the header is a null value, which no Writable but NullWritable serializes as nothing.
    nullValue = in instanceof DataInputBuffer && !(value instanceof NullWritable)
        && ((DataInputBuffer) in).getPosition() == ((DataInputBuffer) in).getLength();
    if (!nullValue) {
      value.readFields(in);
    }
  }

  /**
   * Payload-only readers that stepped over the type mark and header themselves (in a record
   * framed to its exact length): reads the value, or a null value when no bytes are left.
   */
  void readPayload(DataInput in, boolean noBytesLeft) throws IOException {
    decoded = false;
    encodedLength = -1;
    nullValue = noBytesLeft && !(value instanceof NullWritable);
    if (!nullValue) {
      value.readFields(in);
    }
  }

  @SuppressWarnings("unchecked")
  private V newValue(String className) throws IOException {
    ClassLoader loader = conf != null ? conf.getClassLoader()
        : Thread.currentThread().getContextClassLoader();
    Class<?> c;
    try {
      // Not initialized before the check: the name comes from the file.
      c = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      throw new IOException("The payload class " + className + " named in this provenance"
          + " file is not on the class path: add its jar (HADOOP_CLASSPATH, -libjars)", e);
    }
    if (!Writable.class.isAssignableFrom(c)) {
      throw new IOException("The payload class " + className + " named in this provenance"
          + " file is not a Writable");
    }
    return (V) ReflectionUtils.newInstance(c, conf);
  }

  @Override
  public void setConf(Configuration conf) {
    this.conf = conf;
  }

  @Override
  public Configuration getConf() {
    return conf;
  }

  @Override
  public String toString() {
    return String.valueOf(value);
  }
}
