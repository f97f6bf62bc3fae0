package org.provmr.cache;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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
    int[] partitions = conf.getInts(CacheReplay.PARTITIONS);
    EntryReplay entry;
    try {
      entry = EntryReplay.open(conf, new Path(split.entry()));
    } catch (IOException e) {
      return rejected(split, context, e);
    }
    long[] replayed;
    try (EntryReplay open = entry) {
      try {
        entry.verify(split.getPath().toString(), split.getStart(), split.getLength(),
            conf.getInt(CacheReplay.REDUCES, -1), partitions);
        checkNotGrown(entry, split, conf);
      } catch (IOException e) {
        return rejected(split, context, e);
      }
      // Verified: from here on an I/O error is the task's to retry, not a reason to re-map.
      replayed = entry.emit(context, partitions, split.sourceId());
    }
    context.getCounter(CacheCounter.HITS).increment(1);
    context.getCounter(CacheCounter.BYTES_READ).increment(replayed[1]);
    context.getCounter(CacheCounter.RECORDS_REPLAYED).increment(replayed[0]);
    LOG.info("Replayed {} records ({} bytes) of partitions {} of source {} from {}", replayed[0],
        replayed[1], conf.get(CacheReplay.PARTITIONS), split.sourceId(), entry.path());
    return true;
  }

  private boolean rejected(CachedSplit split, Context context, IOException e) {
    LOG.warn("Cache entry of source {} rejected, mapping the split instead: {}",
        split.sourceId(), e.getMessage());
    context.getCounter(CacheCounter.REJECTED).increment(1);
    return false;
  }

  /**
   * A split that ended at the end of its file when the entry was written saw no record after
   * it; if the file grew since, mapping the split now reads the first appended record too (a
   * line reader finishes the line that starts at its end), so the entry is not what mapping
   * would give and is not used, unless the sub-job reads the split as ending where the file
   * ended then (it maps the appended bytes as splits of their own, CacheReplay#grown).
   */
  private static void checkNotGrown(EntryReplay entry, CachedSplit split, Configuration conf)
      throws IOException {
    CacheEntry.Header h = entry.header();
    if (!h.endedAtEof() || CacheReplay.grownFrom(conf, h.uri()) == h.fileLength()) {
      return;
    }
    long now = split.getPath().getFileSystem(conf).getFileStatus(split.getPath()).getLen();
    if (now != h.fileLength()) {
      throw new CacheEntry.BadEntryException(entry.path() + " was written when "
          + h.uri() + " ended at byte " + h.fileLength() + "; it has " + now + " now");
    }
  }
}
