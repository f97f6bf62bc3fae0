package org.provmr.trace;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.SourceEntry;

/**
 * Reads one recorded split again, record by record, with each record's position the way capture
 * stamped it in DataIDs (byte offset relative to the split start and length, or the ordinal),
 * so a replayed record names the same bytes its original DataID does.
 *
 * <p>A split of an upstream ProvMR part is read with the bounded {@link ProvenanceFileReader}
 * and the split boundaries of ProvMR's own record reader, which also yields each record's
 * header (the next step upstream); any other split with the job's recorded InputFormat.
 */
final class SplitReader implements Closeable {
  private final SourceEntry entry;
  private final FileSplit split;
  // One of the two is set.
  private final ProvenanceFileReader<Writable, Writable> upstream;
  private final RecordReader<?, ?> raw;
  private final boolean payloadOnly;
  private final long end;
  private boolean more = true;
  private long ordinal = -1;
  private long offset;
  private long length;
  private long fileOffset;

  private SplitReader(SourceEntry entry, FileSplit split,
      ProvenanceFileReader<Writable, Writable> upstream, RecordReader<?, ?> raw,
      boolean payloadOnly) throws IOException {
    this.entry = entry;
    this.split = split;
    this.upstream = upstream;
    this.raw = raw;
    this.payloadOnly = payloadOnly;
    this.end = entry.start() + entry.length();
    if (upstream != null) {
      if (entry.start() > upstream.position()) {
        upstream.sync(entry.start());
      }
      more = entry.start() < end;
    }
  }

  /**
   * Opens {@code entry}: an upstream part with ProvMR's reader ({@code payloadOnly} when the
   * job read payloads, as PayloadInputFormat does), else with {@code format}.
   */
  static SplitReader open(Configuration conf, SourceEntry entry, InputFormat<?, ?> format,
      boolean provenanceInput, boolean payloadOnly, TaskAttemptContext context)
      throws IOException, InterruptedException {
    FileSplit split = new FileSplit(new Path(entry.uri()), entry.start(), entry.length(),
        new String[0]);
    if (provenanceInput) {
      return new SplitReader(entry, split, new ProvenanceFileReader<>(conf, split.getPath()),
          null, payloadOnly);
    }
    RecordReader<?, ?> r = format.createRecordReader(split, context);
    try {
      r.initialize(split, context);
    } catch (IOException | InterruptedException | RuntimeException e) {
      r.close();
      throw e;
    }
    return new SplitReader(entry, split, null, r, false);
  }

  FileSplit split() {
    return split;
  }

  SourceEntry entry() {
    return entry;
  }

  boolean next() throws IOException, InterruptedException {
    if (!more) {
      return false;
    }
    ordinal++;
    if (upstream != null) {
      long pos = upstream.position();
      boolean read = upstream.next();
      // As ProvMR's record reader: a record starting after the end belongs to the next split.
      more = read && !(pos >= end && upstream.syncSeen());
      fileOffset = pos;
      offset = pos - entry.start();
      length = upstream.position() - pos;
      return more;
    }
    more = raw.nextKeyValue();
    if (more) {
      Object key = raw.getCurrentKey();
      if (key instanceof LongWritable && !SourceEntry.POSITIONS_ORDINAL.equals(entry.positions())) {
        fileOffset = ((LongWritable) key).get();
        offset = fileOffset - entry.start();
        length = byteLength(raw.getCurrentValue());
      } else {
        fileOffset = -1;
        offset = ordinal;
        length = 1;
      }
    }
    return more;
  }

  Object key() throws IOException, InterruptedException {
    return upstream != null ? upstream.key() : raw.getCurrentKey();
  }

  Object value() throws IOException, InterruptedException {
    if (upstream != null) {
      return payloadOnly ? upstream.value().value() : upstream.value();
    }
    return raw.getCurrentValue();
  }

  /** The upstream reader positioned on the current record, or null for a raw source. */
  ProvenanceFileReader<Writable, Writable> upstream() {
    return upstream;
  }

  /** DataID offset of the current record: bytes from the split start, or its ordinal. */
  long offset() {
    return offset;
  }

  long length() {
    return length;
  }

  /** Absolute byte offset of the current record in its file, or -1 for ordinal positions. */
  long fileOffset() {
    return fileOffset;
  }

  long ordinal() {
    return ordinal;
  }

  private static long byteLength(Object value) {
    if (value instanceof Text) {
      return ((Text) value).getLength();
    }
    if (value instanceof BytesWritable) {
      return ((BytesWritable) value).getLength();
    }
    return 0;
  }

  @Override
  public void close() throws IOException {
    if (upstream != null) {
      upstream.close();
    } else {
      raw.close();
    }
  }
}
