package org.provmr.mapreduce;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;

/**
 * Sequential reader of one provenance file outside MapReduce (inspect, validation, tests) and
 * the engine under {@link ProvenanceInputFormat}'s record reader.
 *
 * <p>Errors name the file and the byte offset of the record that could not be read.
 */
public final class ProvenanceFileReader<K extends Writable, V extends Writable>
    implements Closeable {
  private final SequenceFile.Reader in;
  private final Path file;
  private final HeaderContext context;
  private final K key;
  private final ProvenanceWritable<V> value;
  private long recordOffset = -1;

  @SuppressWarnings("unchecked")
  public ProvenanceFileReader(Configuration conf, Path file) throws IOException {
    this.file = file;
    SequenceFile.Reader r;
    try {
      r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(file));
    } catch (EOFException e) {
      throw new IOException(file + " is truncated inside its SequenceFile header", e);
    }
    in = r;
    try {
      if (!ProvenanceWritable.class.equals(in.getValueClass())) {
        throw new IOException(file + " is not a provenance file: its values are "
            + in.getValueClassName() + ", not " + ProvenanceWritable.class.getName());
      }
      context = ProvenanceFiles.headerContext(file, in.getMetadata());
      value = new ProvenanceWritable<>((V) newInstance(conf,
          ProvenanceFiles.required(file, in.getMetadata(), SequenceFileSettings.META_VALUE_CLASS)),
          context);
      key = (K) ReflectionUtils.newInstance(in.getKeyClass(), conf);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  private Object newInstance(Configuration conf, String className) throws IOException {
    try {
      return ReflectionUtils.newInstance(conf.getClassByName(className), conf);
    } catch (ClassNotFoundException e) {
      throw new IOException(file + " holds values of class " + className
          + ", which is not on the class path (add its jar with -libjars)", e);
    }
  }

  /** Payload-only reading: headers are skipped by their length prefix, never decoded. */
  public ProvenanceFileReader<K, V> skipHeaders() {
    value.setSkipHeader(true);
    return this;
  }

  /** Moves to the first record that starts after the first sync point at or after {@code pos}. */
  public void sync(long pos) throws IOException {
    in.sync(pos);
  }

  /** Reads the next record; false at the end of the file. */
  public boolean next() throws IOException {
    long pos = in.getPosition();
    try {
      boolean read = in.next(key, value);
      recordOffset = pos;
      value.setLocation(file, pos);
      return read;
    } catch (HeaderFormatException e) {
      throw new IOException("Malformed provenance header in " + file + " in the record at byte "
          + pos + ": " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new IOException("Truncated record in " + file + " at byte " + pos
          + ": the file ends inside it", e);
    }
  }

  /** Byte offset of the current record (or of its compressed block) in the file. */
  public long recordOffset() {
    return recordOffset;
  }

  /** The reader's position: where the next record starts. */
  public long position() throws IOException {
    return in.getPosition();
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
    Text v = in.getMetadata().get(new Text(key));
    return v == null ? null : v.toString();
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
