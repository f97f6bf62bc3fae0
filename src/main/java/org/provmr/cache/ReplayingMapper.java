package org.provmr.cache;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The mapper of a recompute sub-job with cached map output: a {@link CachedSplit} whose entry
 * passes every check has its segments of the re-reduced partitions written to the shuffle as
 * they are (the combiner may run over them again, which Hadoop allows of any combiner); any
 * other split, and a cached one whose entry is missing, corrupt or of another source, is
 * mapped by the job's own mapper. Every segment is verified before the first record is
 * written, so a rejected entry leaves nothing behind.
 */
public class ReplayingMapper<KI, VI, KO, VO> extends Mapper<KI, VI, KO, VO> {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayingMapper.class);

  @Override
  @SuppressWarnings("unchecked")
  public void run(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    if (context.getInputSplit() instanceof CachedSplit
        && replay((CachedSplit) context.getInputSplit(), context)) {
      return;
    }
    Class<?> inner = conf.getClass(CacheReplay.INNER_MAPPER, Mapper.class);
    ((Mapper<KI, VI, KO, VO>) ReflectionUtils.newInstance(inner, conf)).run(context);
  }

  private boolean replay(CachedSplit split, Context context) throws IOException,
      InterruptedException {
    Configuration conf = context.getConfiguration();
    Path path = new Path(split.entry());
    int[] partitions = conf.getInts(CacheReplay.PARTITIONS);
    CacheEntry.Header h;
    long dataStart;
    CompressionCodec codec;
    FileSystem fs;
    try {
      fs = path.getFileSystem(conf);
      long length = fs.getFileStatus(path).getLen();
      try (FSDataInputStream in = fs.open(path)) {
        h = CacheEntry.readHeader(in, length, path);
        dataStart = in.getPos();
      }
      check(h, split, conf, path);
      codec = codec(h, conf, path);
      for (int p : partitions) {
        CacheEntry.verifySegment(conf, fs, path, dataStart, h, p);
      }
    } catch (IOException e) {
      LOG.warn("Cache entry of source {} rejected, mapping the split instead: {}",
          split.sourceId(), e.getMessage());
      context.getCounter(CacheCounter.REJECTED).increment(1);
      return false;
    }
    // Verified: from here on an I/O error is the task's to retry, not a reason to re-map.
    long records = 0;
    long bytes = 0;
    for (int p : partitions) {
      IndexRecord r = h.partitions()[p];
      records += emit(conf, fs, path, dataStart + r.startOffset, r.partLength, codec, context);
      bytes += r.partLength;
    }
    try {
      fs.setTimes(path, System.currentTimeMillis(), -1); // recently used: gc evicts it last
    } catch (IOException e) {
      LOG.debug("Could not touch {}: {}", path, e.toString());
    }
    context.getCounter(CacheCounter.HITS).increment(1);
    context.getCounter(CacheCounter.BYTES_READ).increment(bytes);
    context.getCounter(CacheCounter.RECORDS_REPLAYED).increment(records);
    LOG.info("Replayed {} records ({} bytes) of partitions {} of source {} from {}", records,
        bytes, conf.get(CacheReplay.PARTITIONS), split.sourceId(), path);
    return true;
  }

  /** The entry must be this split's, under this many reduces, with the partitions needed. */
  private static void check(CacheEntry.Header h, CachedSplit split, Configuration conf,
      Path path) throws IOException {
    int reduces = conf.getInt(CacheReplay.REDUCES, -1);
    if (h.sourceId() != split.sourceId() || h.start() != split.getStart()
        || h.length() != split.getLength() || !h.uri().equals(split.getPath().toString())
        || !h.splitKey().equals(path.getName()) || !h.stepKey().equals(
            path.getParent().getName())) {
      throw new CacheEntry.BadEntryException(path + " holds source " + h.sourceId() + " ("
          + h.uri() + " " + h.start() + "+" + h.length() + "), not " + split);
    }
    if (h.partitions().length != reduces) {
      throw new CacheEntry.BadEntryException(path + " has " + h.partitions().length
          + " partitions, the job " + reduces);
    }
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

  @SuppressWarnings("unchecked")
  private long emit(Configuration conf, FileSystem fs, Path path, long offset, long length,
      CompressionCodec codec, Context context) throws IOException, InterruptedException {
    SerializationFactory serialization = new SerializationFactory(conf);
    Deserializer<KO> keys = serialization.getDeserializer(
        (Class<KO>) context.getMapOutputKeyClass());
    Deserializer<VO> values = serialization.getDeserializer(
        (Class<VO>) context.getMapOutputValueClass());
    DataInputBuffer k = new DataInputBuffer();
    DataInputBuffer v = new DataInputBuffer();
    keys.open(k);
    values.open(v);
    long records = 0;
    FSDataInputStream in = fs.open(path);
    in.seek(offset);
    IFile.Reader<KO, VO> reader = new IFile.Reader<>(conf, in, length, codec, null);
    try {
      KO key = null;
      VO value = null;
      while (reader.nextRawKey(k)) {
        reader.nextRawValue(v);
        key = keys.deserialize(key);
        value = values.deserialize(value);
        context.write(key, value);
        records++;
      }
    } finally {
      reader.close(); // closes the stream too
      keys.close();
      values.close();
    }
    return records;
  }
}
