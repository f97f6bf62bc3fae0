package org.provmr.cache;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.MapOutputKeeper;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.SourceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The public face of the map-output cache: {@link #configure} turns it on for a capture job
 * when {@code provenance.cache.dir} is set, and names where an entry lives.
 *
 * <p>Layout: {@code <dir>/v1/<map step key>/<split key>}, one file per entry (see CacheEntry),
 * written under a temporary name in the same directory and renamed into place, so a reader
 * sees a whole entry or none. Two tasks writing the same entry write the same bytes.
 */
public final class MapOutputCache {
  private static final Logger LOG = LoggerFactory.getLogger(MapOutputCache.class);
  static final String LAYOUT = "v1";
  /** Hadoop's MultipleOutputs lists the named outputs of a job here. */
  private static final String MULTIPLE_OUTPUTS = "mapreduce.multipleoutputs";

  private MapOutputCache() {
  }

  /** The cache directory of {@code conf}, or null when the cache is off. */
  public static Path dir(Configuration conf) {
    String d = conf.getTrimmed(ProvenanceKeys.CACHE_DIR, ProvenanceKeys.CACHE_DIR_DEFAULT);
    return d.isEmpty() ? null : new Path(d);
  }

  /**
   * With {@code provenance.cache.dir} set, makes every map task of {@code job} keep its final
   * map output in the cache. Call it after {@link ProvenanceJob#configure}. A cache directory
   * that cannot be created or written turns the cache off for this job, with a warning: the
   * job never fails because of the cache. A job with its own map output collector, no reduce
   * or encrypted spills is left alone.
   *
   * @return whether the cache is on for the job
   */
  public static boolean configure(Job job) {
    Configuration conf = job.getConfiguration();
    Path dir = dir(conf);
    if (dir == null || job.getNumReduceTasks() == 0) {
      return false;
    }
    String collector = conf.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR);
    if (collector != null && !collector.equals(MapTask.MapOutputBuffer.class.getName())
        && !collector.equals(CachingCollector.class.getName())) {
      LOG.warn("Map-output cache off for job {}: it sets its own {} ({})", job.getJobName(),
          MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR, collector);
      return false;
    }
    if (conf.getBoolean(MRJobConfig.MR_ENCRYPTED_INTERMEDIATE_DATA, false)) {
      LOG.warn("Map-output cache off for job {}: encrypted intermediate data is not copied out"
          + " of the task", job.getJobName());
      return false;
    }
    try {
      FileSystem fs = dir.getFileSystem(conf);
      if (UntrustedFiles.isLocalLink(fs, new Path(dir, LAYOUT))) {
        throw new IOException(new Path(dir, LAYOUT) + " is a symbolic link (remove it)");
      }
      Path probe = new Path(dir, LAYOUT + "/.probe-" + System.nanoTime());
      fs.create(probe, true).close(); // creates the directories and proves they are writable
      fs.delete(probe, false);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Map-output cache off for job {}: cannot write {} ({}); running without it",
          job.getJobName(), dir, e.toString());
      return false;
    }
    conf.set(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR, CachingCollector.class.getName());
    ProvenanceJob.setMapOutputKeeper(job, SourceHandOff.class);
    return true;
  }

  /** Where the entry of one split under one map step lives. */
  public static Path entry(Path dir, String stepKey, String splitKey) {
    return new Path(dir, LAYOUT + "/" + stepKey + "/" + splitKey);
  }

  /**
   * Why the directories of {@code entry} (the layout and the map step's) may not be used, or
   * null. Every job using the cache writes it, and a recompute reads and writes entries as the
   * service user: a link there (local file system) would have it read another cache's entries
   * or write where the link leads.
   */
  static String linkedDirectory(FileSystem fs, Path entry) {
    Path step = entry.getParent();
    for (Path d : new Path[] {step.getParent(), step}) {
      if (UntrustedFiles.isLocalLink(fs, d)) {
        return d + " is a symbolic link; entries are neither read nor written through it"
            + " (remove it)";
      }
    }
    return null;
  }

  /** The entry of a recorded source under {@code stepKey}, or null if it has no fingerprint. */
  public static Path entry(Path dir, String stepKey, SourceEntry s) {
    if (s.fingerprint() == null || s.fingerprint().isEmpty()) {
      return null;
    }
    return entry(dir, stepKey, MapStepKey.splitKey(s.uri(), s.start(), s.length(),
        s.fingerprintAlgorithm(), s.fingerprint()));
  }

  /**
   * Passes a map task's sources from the map loop (capture's MapOutputKeeper) to the collector
   * that flushes the task's output, in the same task JVM, by task attempt.
   */
  public static final class SourceHandOff implements MapOutputKeeper {
    private static final Map<String, List<SourceEntry>> READ = new ConcurrentHashMap<>();
    /** Attempts whose output was replayed from the cache: nothing new to keep. */
    private static final Map<String, Boolean> REPLAYED = new ConcurrentHashMap<>();

    /**
     * A rerun reuses entries unless turned off, and never for a mapper that writes named
     * outputs of its own (MultipleOutputs): replaying its shuffle output would lose them.
     */
    @Override
    public boolean mayReplay(Configuration conf) {
      return dir(conf) != null
          && conf.getBoolean(ProvenanceKeys.CACHE_REUSE, ProvenanceKeys.CACHE_REUSE_DEFAULT)
          && conf.getTrimmed(MULTIPLE_OUTPUTS, "").isEmpty();
    }

    @Override
    public SourceEntry replay(TaskInputOutputContext<?, ?, ?, ?> context, SourceEntry split)
        throws IOException, InterruptedException {
      Configuration conf = context.getConfiguration();
      String attempt = context.getTaskAttemptID().toString();
      Path path = entry(dir(conf), MapStepKey.of(conf), split);
      if (path == null) {
        return null;
      }
      EntryReplay entry = null;
      try {
        FileSystem fs = path.getFileSystem(conf);
        if (!fs.exists(path)) {
          context.getCounter(CacheCounter.MISSES).increment(1);
          LOG.info("No cache entry of {} {}+{}: mapping it", split.uri(), split.start(),
              split.length());
          return null;
        }
        entry = EntryReplay.open(conf, path);
        CacheEntry.Header h = entry.header();
        // The split's bytes match (the key); the file around them must too: a line reader
        // finishes the record that straddles the split's end, past the fingerprinted range.
        if (h.fileLength() != split.fileLength()
            || h.modificationTime() != split.modificationTime() || h.positions().isEmpty()) {
          context.getCounter(CacheCounter.MISSES).increment(1);
          LOG.info("Cache entry {} of {} is of the file as it was ({} bytes, modified {}), not"
              + " as it is ({} bytes, modified {}): mapping it", path, split.uri(),
              h.fileLength(), h.modificationTime(), split.fileLength(),
              split.modificationTime());
          entry.close();
          return null;
        }
        entry.verify(split.uri(), split.start(), split.length(), context.getNumReduceTasks(),
            entry.allPartitions());
      } catch (IOException e) {
        if (entry != null) {
          entry.close();
        }
        LOG.warn("Cache entry {} rejected, mapping the split instead: {}", path,
            e.getMessage());
        context.getCounter(CacheCounter.REJECTED).increment(1);
        return null;
      }
      long[] replayed;
      try (EntryReplay open = entry) { // replayed through the stream it was verified from
        replayed = entry.emit(context, entry.allPartitions(), split.id());
      }
      REPLAYED.put(attempt, Boolean.TRUE);
      context.getCounter(CacheCounter.HITS).increment(1);
      context.getCounter(CacheCounter.BYTES_READ).increment(replayed[1]);
      context.getCounter(CacheCounter.RECORDS_REPLAYED).increment(replayed[0]);
      LOG.info("Source {} ({} {}+{}) not mapped: replayed {} records ({} bytes) of an earlier"
          + " run from {}", split.id(), split.uri(), split.start(), split.length(), replayed[0],
          replayed[1], path);
      CacheEntry.Header h = entry.header();
      return new SourceEntry(split.id(), split.uri(), split.start(), split.length(),
          split.fileLength(), split.modificationTime(), h.positions(),
          split.fingerprintAlgorithm(), split.fingerprint(), split.chunkBytes(),
          split.chunkFingerprints(), split.upstream());
    }

    /** Whether {@code attempt}'s output came from the cache (forgotten once asked). */
    static boolean replayed(String attempt) {
      return REPLAYED.remove(attempt) != null;
    }

    @Override
    public void sourcesRead(TaskAttemptContext context, List<SourceEntry> sources) {
      READ.put(context.getTaskAttemptID().toString(), List.copyOf(sources));
    }

    /** The sources told for {@code attempt}, removed; null when none were told. */
    static List<SourceEntry> take(String attempt) {
      return READ.remove(attempt);
    }
  }
}
