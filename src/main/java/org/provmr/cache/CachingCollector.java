package org.provmr.cache;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapred.MapOutputFile;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapred.SpillRecord;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.SourceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hadoop's own map output buffer (sort, spill, combine, merge) with one step added: once the
 * task's final output file is written, it is copied into the cache with the split's identity.
 * The copy is made from the file the shuffle serves, so the cache holds exactly what the
 * reducers read. Any failure to cache is logged and counted, never thrown.
 */
public class CachingCollector<K, V> implements MapOutputCollector<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(CachingCollector.class);

  private final MapTask.MapOutputBuffer<K, V> buffer = new MapTask.MapOutputBuffer<>();
  private Context context;

  @Override
  public void init(Context c) throws IOException, ClassNotFoundException {
    this.context = c;
    buffer.init(c);
  }

  @Override
  public void collect(K key, V value, int partition) throws IOException, InterruptedException {
    buffer.collect(key, value, partition);
  }

  @Override
  public void flush() throws IOException, InterruptedException, ClassNotFoundException {
    buffer.flush();
    String attempt = context.getMapTask().getTaskID().toString();
    List<SourceEntry> sources = MapOutputCache.SourceHandOff.take(attempt);
    try {
      keep(sources, attempt);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Map output of {} not cached: {}", attempt, e.toString());
      context.getReporter().getCounter(CacheCounter.WRITE_FAILURES).increment(1);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    buffer.close();
  }

  private void keep(List<SourceEntry> sources, String attempt) throws IOException {
    JobConf conf = context.getJobConf();
    Path dir = MapOutputCache.dir(conf);
    String primed = CacheReplay.primedStep(conf);
    if (dir == null || (ProvenanceJob.getRecomputedLineage(conf) >= 0 && primed == null)) {
      return; // a recompute's maps see only the partitions it re-reduces (its priority phase
              // sees them all: CacheReplay.prime)
    }
    if (MapOutputCache.SourceHandOff.replayed(attempt)) {
      return; // replayed from the entry it would write
    }
    if (sources == null || sources.size() != 1) {
      LOG.info("Map output of {} not cached: {} sources (one split, one file range is cached)",
          context.getMapTask().getTaskID(), sources == null ? 0 : sources.size());
      return;
    }
    SourceEntry s = sources.get(0);
    // A priority phase reads through the recompute's input format: keep its output under the
    // recorded job's map step, which its main phase looks up.
    String step = primed != null ? primed : MapStepKey.of(conf);
    Path entry = MapOutputCache.entry(dir, step, s);
    if (entry == null) {
      LOG.info("Map output of {} not cached: source {} has no fingerprint",
          context.getMapTask().getTaskID(), s.id());
      return;
    }
    MapOutputFile files = context.getMapTask().getMapOutputFile();
    Path out = files.getOutputFile();
    SpillRecord index = new SpillRecord(files.getOutputIndexFile(), conf);
    IndexRecord[] parts = new IndexRecord[index.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = index.getIndex(i);
    }
    String codec = conf.getBoolean(MRJobConfig.MAP_OUTPUT_COMPRESS, false)
        ? conf.get(MRJobConfig.MAP_OUTPUT_COMPRESS_CODEC,
            "org.apache.hadoop.io.compress.DefaultCodec") : "";
    CacheEntry.Header h = new CacheEntry.Header(step, entry.getName(), s.id(), s.uri(),
        s.start(), s.length(), codec, parts, s.fileLength(), s.modificationTime(),
        s.positions());
    FileSystem fs = entry.getFileSystem(conf);
    String linked = MapOutputCache.linkedDirectory(fs, entry);
    if (linked != null) {
      throw new IOException(linked);
    }
    Path tmp = new Path(entry.getParent(), "." + entry.getName() + "." + attempt + ".tmp");
    long written;
    FileSystem local = FileSystem.getLocal(conf).getRaw();
    try (InputStream data = local.open(out)) {
      written = CacheEntry.write(fs, tmp, h, data);
    }
    // Another job may have cached the same bytes under the same step meanwhile: same content.
    if (!fs.rename(tmp, entry)) {
      fs.delete(tmp, false);
      if (!fs.exists(entry)) {
        throw new IOException("could not rename " + tmp + " to " + entry);
      }
    }
    context.getReporter().getCounter(CacheCounter.ENTRIES_WRITTEN).increment(1);
    context.getReporter().getCounter(CacheCounter.BYTES_WRITTEN).increment(written);
    LOG.info("Map output of {} (source {}, {} partitions, {} bytes) cached as {}",
        context.getMapTask().getTaskID(), s.id(), parts.length, written, entry);
  }
}
