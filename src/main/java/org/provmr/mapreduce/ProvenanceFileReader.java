package org.provmr.mapreduce;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configurable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.AbstractMapWritable;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapred.JobConfigurable;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.HeaderCodec;
import org.provmr.header.TypeMark;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.io.BoundedSequenceFileReader;

/**
 * Sequential reader of one provenance file outside MapReduce (inspect, validation, tests) and
 * the engine under {@link ProvenanceInputFormat}'s record reader.
 *
 * <p>The file is untrusted: records are framed by {@link BoundedSequenceFileReader}, and the
 * length prefixes inside a record (of a Text or BytesWritable key or value, of the provenance
 * header) are checked against the record's bytes before the Writable allocates for them. Key
 * and value classes named by the file are looked at before they are initialized, and must be
 * Writables. Errors name the file and the byte offset of the record that could not be read.
 */
public final class ProvenanceFileReader<K extends Writable, V extends Writable>
    implements Closeable {
  private final BoundedSequenceFileReader in;
  private final Path file;
  private final HeaderContext context;
  private final K key;
  private final ProvenanceWritable<V> value;
  private final DataInputBuffer keyIn = new DataInputBuffer();
  private final DataInputBuffer valueIn = new DataInputBuffer();
  private long recordOffset = -1;
  private boolean skipHeaders;
  // Resolves class names inside records to Writables only (WritableOnlyLoader); the thread's
  // loader is swapped for it only around a MapWritable's read, which uses the thread's.
  private final ClassLoader recordLoader;
  private final boolean threadLoader;
  // The configuration a Configurable key or value is given, with recordLoader: made only for
  // such classes, since a copy of a job's configuration costs about a millisecond and trace,
  // impact and the age histogram open a reader per part.
  private Configuration records;

  @SuppressWarnings("unchecked")
  public ProvenanceFileReader(Configuration conf, Path file) throws IOException {
    this.file = file;
    in = new BoundedSequenceFileReader(conf, file);
    recordLoader = new WritableOnlyLoader(conf.getClassLoader());
    try {
      String valueClass = in.header().valueClass();
      if (!ProvenanceWritable.class.getName().equals(valueClass)) {
        throw new IOException(file + " is not a provenance file: its values are "
            + valueClass + ", not " + ProvenanceWritable.class.getName());
      }
      context = ProvenanceFiles.headerContext(file, in.header().metadata());
      value = new ProvenanceWritable<>((V) newWritable(conf, ProvenanceFiles.required(
          file, in.header().metadata(), SequenceFileSettings.META_VALUE_CLASS), "value"),
          context);
      key = (K) newWritable(conf, in.header().keyClass(), "key");
      threadLoader = key instanceof AbstractMapWritable
          || value.value() instanceof AbstractMapWritable;
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /**
   * What a Writable of class {@code c} is configured with. Only a Configurable one (ObjectWritable,
   * GenericWritable, MapWritable) or a JobConfigurable one reads its configuration, and may
   * resolve the class names in its bytes there: it gets a copy whose loader is recordLoader.
   */
  private Configuration configurationFor(Class<?> c, Configuration conf) {
    if (!Configurable.class.isAssignableFrom(c) && !JobConfigurable.class.isAssignableFrom(c)) {
      return conf;
    }
    if (records == null) {
      records = new Configuration(conf);
      records.setClassLoader(recordLoader);
    }
    return records;
  }

  /** A Writable of a class the file names: checked to be one before it is initialized. */
  private Writable newWritable(Configuration conf, String className, String role)
      throws IOException {
    Class<?> c;
    try {
      c = Class.forName(className, false, conf.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IOException(file + " holds " + role + "s of class " + className
          + ", which is not on the class path (add its jar with -libjars)", e);
    }
    if (!Writable.class.isAssignableFrom(c)) {
      throw new IOException(file + " names " + className + " as its " + role
          + " class, which is not a Writable");
    }
    try {
      return (Writable) ReflectionUtils.newInstance(c, configurationFor(c, conf));
    } catch (RuntimeException e) {
      throw new IOException(file + " holds " + role + "s of class " + className
          + ", which cannot be instantiated: " + e.getMessage(), e);
    }
  }

  /** Payload-only reading: headers are skipped by their length prefix, never decoded. */
  public ProvenanceFileReader<K, V> skipHeaders() {
    skipHeaders = true;
    value.setSkipHeader(true);
    return this;
  }

  /** Moves to the first record that starts after the first sync point at or after {@code pos}. */
  public void sync(long pos) throws IOException {
    in.sync(pos);
    value.startBlock();
  }

  /** Reads the next record; false at the end of the file. */
  public boolean next() throws IOException {
    long pos = in.position();
    if (!in.next()) {
      return false;
    }
    recordOffset = pos;
    value.setLocation(file, pos);
    byte[] k = in.key();
    int kl = in.keyLength();
    byte[] v = in.value();
    int vl = in.valueLength();
    int headerLength;
    try {
      int mark = TypeMark.length(v, 0, vl);
      headerLength = mark + HeaderCodec.totalLength(v, mark, vl - mark);
    } catch (HeaderFormatException e) {
      throw new IOException("Malformed provenance header in " + file + " in the record at byte "
          + pos + ": " + e.getMessage(), e);
    }
    if (headerLength > vl) {
      throw new IOException("Malformed provenance header in " + file + " in the record at byte "
          + pos + ": it declares " + headerLength + " bytes, the value has " + vl);
    }
    checkLengthPrefix(key, k, 0, kl, pos, "key");
    checkLengthPrefix(value.value(), v, headerLength, vl - headerLength, pos, "value");
    keyIn.reset(k, kl);
    read(key, keyIn, kl, pos, "key", false);
    if (skipHeaders) {
      // The mark and header were just measured: the payload starts after them, and the
      // header's bytes need not be read again through the buffer only to be skipped.
      valueIn.reset(v, headerLength, vl - headerLength);
      read(value, valueIn, vl, pos, "value", true);
    } else {
      valueIn.reset(v, vl);
      read(value, valueIn, vl, pos, "value", false);
    }
    return true;
  }

  /**
   * Reads {@code w} from {@code b}, which must end exactly after it.
   *
   * @param payload {@code w} is the ProvenanceWritable and {@code b} starts at its payload
   */
  private void read(Writable w, DataInputBuffer b, int length, long pos, String role,
      boolean payload) throws IOException {
    Thread thread = threadLoader ? Thread.currentThread() : null;
    ClassLoader before = threadLoader ? thread.getContextClassLoader() : null;
    try {
      if (threadLoader) {
        thread.setContextClassLoader(recordLoader);
      }
      if (payload) {
        value.readPayload(b, b.getPosition() == length);
      } else {
        w.readFields(b);
      }
    } catch (HeaderFormatException e) {
      throw new HeaderFormatException("Malformed provenance header in " + file
          + " in the record at byte " + pos + ": " + e.getMessage(), -1, e);
    } catch (IOException | RuntimeException e) {
      // EOFException, or whatever a Writable throws on bytes it did not write.
      throw new IOException("The " + role + " of the record at byte " + pos + " in " + file
          + " cannot be read as " + w.getClass().getName() + ": " + e, e);
    } finally {
      if (threadLoader) {
        thread.setContextClassLoader(before);
      }
    }
    if (b.getPosition() != length) {
      throw new IOException("The " + role + " of the record at byte " + pos + " in " + file
          + " is " + length + " bytes, but its " + w.getClass().getSimpleName() + " reads "
          + b.getPosition());
    }
  }

  /**
   * Text and BytesWritable allocate whatever their length prefix says before reading; the
   * prefix must fit in the bytes the record actually has.
   */
  private void checkLengthPrefix(Writable w, byte[] b, int off, int len, long pos,
      String role) throws IOException {
    long declared;
    int prefix;
    if (w instanceof Text) {
      if (len < 1 || WritableUtils.decodeVIntSize(b[off]) > len) {
        return; // too short to hold the prefix: readFields stops at the end, allocating nothing
      }
      prefix = WritableUtils.decodeVIntSize(b[off]);
      declared = WritableComparator.readVLong(b, off);
    } else if (w instanceof BytesWritable) {
      if (len < 4) {
        return;
      }
      prefix = 4;
      declared = WritableComparator.readInt(b, off);
    } else {
      return;
    }
    if (declared < 0 || declared > len - prefix) {
      throw new IOException("The " + role + " of the record at byte " + pos + " in " + file
          + " declares " + declared + " bytes, but only " + (len - prefix) + " follow");
    }
  }

  /** Byte offset of the current record (or of its compressed block) in the file. */
  public long recordOffset() {
    return recordOffset;
  }

  /** The reader's position: where the next record starts. */
  public long position() throws IOException {
    return in.position();
  }

  public boolean syncSeen() {
    return in.syncSeen();
  }

  public K key() {
    return key;
  }

  public ProvenanceWritable<V> value() {
    return value;
  }

  public HeaderContext headerContext() {
    return context;
  }

  public Path file() {
    return file;
  }

  /** Metadata value written by ProvMR (job id, task, mode...), or null. */
  public String metadata(String key) {
    Text v = in.header().metadata().get(new Text(key));
    return v == null ? null : v.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
