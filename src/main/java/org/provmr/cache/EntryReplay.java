package org.provmr.cache;

import java.io.Closeable;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.TracedValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one cache entry into a map task's output: opened and checked first (header CRC, the
 * expected split and shape, codec, every needed segment's IFile checksum), and only then
 * written record by record, so that a rejected entry leaves nothing behind. Used by recompute
 * sub-jobs (ReplayingMapper) and by capture jobs that rerun over unchanged splits.
 *
 * <p>The entry is opened once, and checked and replayed through that one stream: {@code provmr
 * cache gc} may evict it at any moment, and a reopen after the check found it gone with part
 * of it already written to the shuffle, which fails the task (and a LocalJobRunner job). An
 * open file survives its deletion on a POSIX file system, and on HDFS until its blocks go.
 */
final class EntryReplay implements Closeable {
  private static final Logger LOG = LoggerFactory.getLogger(EntryReplay.class);

  private final Configuration conf;
  private final FileSystem fs;
  private final Path path;
  private final CacheEntry.Header header;
  private final long dataStart;
  private final FSDataInputStream in;
  private CompressionCodec codec;

  private EntryReplay(Configuration conf, FileSystem fs, Path path, CacheEntry.Header header,
      long dataStart, FSDataInputStream in) {
    this.conf = conf;
    this.fs = fs;
    this.path = path;
    this.header = header;
    this.dataStart = dataStart;
    this.in = in;
  }

  /**
   * Opens {@code path} and reads its header; a damaged one is a BadEntryException. The caller
   * closes what it gets.
   */
  static EntryReplay open(Configuration conf, Path path) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    // Hadoop's checksum layer (file:) looks the file up by name again on a seek, which finds an
    // entry evicted since it was opened gone; the entry carries checksums of its own.
    FileSystem reader = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    String linked = MapOutputCache.linkedDirectory(fs, path);
    if (linked != null) {
      throw new CacheEntry.BadEntryException(path + ": " + linked);
    }
    long length;
    try {
      // Jobs write the cache and a recompute replays it as the service user: a FIFO would
      // block the open (the task hangs), a link would read what it names.
      length = UntrustedFiles.requireRegularFile(fs, path).getLen();
    } catch (UntrustedFiles.NotRegularFileException e) {
      throw new CacheEntry.BadEntryException(e.getMessage());
    }
    FSDataInputStream in = reader.open(path);
    try {
      CacheEntry.Header h = CacheEntry.readHeader(in, length, path);
      return new EntryReplay(conf, fs, path, h, in.getPos(), in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  CacheEntry.Header header() {
    return header;
  }

  Path path() {
    return path;
  }

  /**
   * Checks that the entry is the one of this split under this map step and has {@code reduces}
   * partitions compressed as this job compresses, then reads every segment of {@code
   * partitions} to its end (IFile verifies its checksum).
   */
  void verify(String uri, long start, long length, int reduces, int[] partitions)
      throws IOException {
    CacheEntry.Header h = header;
    if (h.start() != start || h.length() != length || !h.uri().equals(uri)
        || !h.splitKey().equals(path.getName())
        || !h.stepKey().equals(path.getParent().getName())) {
      throw new CacheEntry.BadEntryException(path + " holds " + h.uri() + " " + h.start() + "+"
          + h.length() + ", not " + uri + " " + start + "+" + length);
    }
    if (h.partitions().length != reduces) {
      throw new CacheEntry.BadEntryException(path + " has " + h.partitions().length
          + " partitions, the job " + reduces);
    }
    codec = codec(h, conf, path);
    for (int p : partitions) {
      CacheEntry.verifySegment(conf, in, path, dataStart, h, p);
    }
  }

  /**
   * Writes the records of {@code partitions} to {@code context}, attributed to source {@code
   * sourceId}: an entry holds one split's output, whatever id the job that wrote it gave the
   * split. Call {@link #verify} first. Touches the entry (recently used: gc evicts it last).
   *
   * @return records and bytes replayed
   */
  long[] emit(TaskInputOutputContext<?, ?, ?, ?> context, int[] partitions, int sourceId)
      throws IOException, InterruptedException {
    long records = 0;
    long bytes = 0;
    for (int p : partitions) {
      IndexRecord r = header.partitions()[p];
      records += emit(context, dataStart + r.startOffset, r.partLength, sourceId);
      bytes += r.partLength;
    }
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1);
    } catch (IOException e) {
      LOG.debug("Could not touch {}: {}", path, e.toString());
    }
    return new long[] {records, bytes};
  }

  /** Every partition, 0 to n-1. */
  int[] allPartitions() {
    int[] all = new int[header.partitions().length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return all;
  }

  /** Only the codec this job compresses map output with: an entry names no class to load. */
  private static CompressionCodec codec(CacheEntry.Header h, Configuration conf, Path path)
      throws IOException {
    if (h.codec().isEmpty()) {
      return null;
    }
    String mine = conf.getBoolean(MRJobConfig.MAP_OUTPUT_COMPRESS, false)
        ? conf.get(MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC,
            "org.apache.hadoop.io.compress.DefaultCodec") : "";
    if (!h.codec().equals(mine)) {
      throw new CacheEntry.BadEntryException(path + " is compressed with " + h.codec()
          + ", this job's map output with '" + mine + "'");
    }
    try {
      return (CompressionCodec) ReflectionUtils.newInstance(conf.getClassByName(mine), conf);
    } catch (ClassNotFoundException e) {
      throw new CacheEntry.BadEntryException(path + ": codec " + mine + " not found");
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private long emit(TaskInputOutputContext context, long offset, long length, int sourceId)
      throws IOException, InterruptedException {
    SerializationFactory serialization = new SerializationFactory(conf);
    Deserializer<Object> keys = serialization.getDeserializer(
        (Class<Object>) context.getMapOutputKeyClass());
    Deserializer<Object> values = serialization.getDeserializer(
        (Class<Object>) context.getMapOutputValueClass());
    DataInputBuffer k = new DataInputBuffer();
    DataInputBuffer v = new DataInputBuffer();
    keys.open(k);
    values.open(v);
    long records = 0;
    in.seek(offset);
    IFile.Reader<Object, Object> reader = new IFile.Reader<>(conf,
        new FSDataInputStream(new Lent(in)), length, codec, null);
    try {
      Object key = null;
      Object value = null;
      while (reader.nextRawKey(k)) {
        reader.nextRawValue(v);
        key = keys.deserialize(key);
        value = values.deserialize(value);
        if (value instanceof TracedValue) {
          ((TracedValue) value).sources().setSingle(sourceId);
        }
        context.write(key, value);
        records++;
      }
    } finally {
      reader.close(); // closes the Lent view only: the entry's stream stays open
      keys.close();
      values.close();
    }
    return records;
  }

  /** A view of the entry's stream that IFile's reader may close (it closes what it reads). */
  private static final class Lent extends FSInputStream {
    private final FSDataInputStream in;

    Lent(FSDataInputStream in) {
      this.in = in;
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public boolean seekToNewSource(long targetPos) throws IOException {
      return in.seekToNewSource(targetPos);
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() {
      // the entry's stream is closed by EntryReplay#close
    }
  }
}
