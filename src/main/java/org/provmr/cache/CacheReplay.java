package org.provmr.cache;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Reducer;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.SourceEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires a recompute sub-job that re-reduces some partitions to replay the cached map output of
 * the splits that have an entry: their map tasks read the entries' segments of those partitions
 * instead of mapping the split ({@link ReplayingMapper}), and the others map as before.
 */
public final class CacheReplay {
  private static final Logger LOG = LoggerFactory.getLogger(CacheReplay.class);
  /** The sub-job's own InputFormat, whose splits CachedInputFormat wraps. */
  static final String INNER_INPUT_FORMAT = "provenance.cache.replay.input.format";
  /** The sub-job's own mapper, run when a split has no usable entry. */
  static final String INNER_MAPPER = "provenance.cache.replay.mapper";
  /** source id=entry path, comma separated. */
  static final String CACHED = "provenance.cache.replay.entries";
  /** The original partitions the sub-job re-reduces. */
  static final String PARTITIONS = "provenance.cache.replay.partitions";
  /** The original job's number of reduces: an entry with another count is not used. */
  static final String REDUCES = "provenance.cache.replay.reduces";
  /** file URI=end: files that grew, whose splits ending at end are read as if it ended there. */
  static final String GROWN = "provenance.cache.replay.grown";

  /** A priority phase's map step: its entries are kept under the recorded job's (#prime). */
  static final String PRIMED_STEP = "provenance.cache.replay.primed.step";

  private CacheReplay() {
  }

  /**
   * Makes {@code job}, the priority phase of a recompute sub-job (docs/substreams.md), keep
   * each map task's final output in the cache {@code dir} under the map step of {@code
   * recorded}, so that the main phase replays those splits ({@link #configure}) instead of
   * mapping them again. The job runs the recorded mapper, combiner and partitioner over some
   * splits with the recorded number of reduces (the entries must have every partition); its
   * reducers discard what they are shuffled ({@link DiscardingReducer}): a map output
   * collector exists only in a job with reduces.
   *
   * @return false when the cache cannot be written (the job is then left unusable as a
   *     priority phase and must not run: the caller runs one sub-job instead)
   */
  public static boolean prime(Job job, Configuration recorded, Path dir) {
    Configuration conf = job.getConfiguration();
    conf.set(ProvenanceKeys.CACHE_DIR, dir.toString());
    job.setNumReduceTasks(Math.max(1, recorded.getInt(MRJobConfig.NUM_REDUCES, 1)));
    if (!MapOutputCache.configure(job)) {
      return false;
    }
    conf.set(PRIMED_STEP, MapStepKey.of(recorded));
    job.setReducerClass(DiscardingReducer.class);
    return true;
  }

  /** The map step a priority phase keeps its entries under, or null for any other job. */
  static String primedStep(Configuration conf) {
    return conf.get(PRIMED_STEP);
  }

  /**
   * The reducer of a priority phase: the phase is run for its map output, which the cache
   * keeps; what the reducers are shuffled is not needed and nothing is written.
   */
  public static class DiscardingReducer<K, V, KO, VO> extends Reducer<K, V, KO, VO> {
    @Override
    public void run(Context context) {
      // nothing: the main phase reduces these records, replayed from the cache
    }
  }

  /**
   * Makes {@code job} replay cached map output for the {@code sources} that have an entry under
   * the map step of {@code recorded} (the original job's configuration as replayed). Call it
   * after the job's input format, mapper and partition scope are set. Without {@code
   * provenance.cache.dir}, or with no entry found, the job is left unchanged.
   *
   * @param partitions the original partitions the job re-reduces
   * @return how many splits have an entry (checked again, by checksum, in their tasks)
   */
  public static int configure(Job job, Configuration recorded, List<SourceEntry> sources,
      Collection<Integer> partitions) throws IOException {
    Path dir = MapOutputCache.dir(job.getConfiguration());
    if (dir == null || partitions.isEmpty()) {
      return 0;
    }
    String step = MapStepKey.of(recorded);
    FileSystem fs = dir.getFileSystem(job.getConfiguration());
    Map<Integer, String> found = new TreeMap<>();
    for (SourceEntry s : sources) {
      Path entry = MapOutputCache.entry(dir, step, s);
      try {
        if (entry != null && fs.exists(entry)) {
          found.put(s.id(), fs.makeQualified(entry).toString());
        }
      } catch (IOException e) {
        LOG.warn("Cache entry {} of source {} not checked ({}); mapping it", entry, s.id(),
            e.toString());
      }
    }
    LOG.info("Map-output cache {} (map step {}): {} of {} splits have an entry", dir, step,
        found.size(), sources.size());
    if (found.isEmpty()) {
      return 0;
    }
    Configuration conf = job.getConfiguration();
    StringBuilder entries = new StringBuilder();
    found.forEach((id, path) -> entries.append(entries.length() == 0 ? "" : ",").append(id)
        .append('=').append(path));
    conf.set(CACHED, entries.toString());
    StringBuilder parts = new StringBuilder();
    for (int p : partitions) {
      parts.append(parts.length() == 0 ? "" : ",").append(p);
    }
    conf.set(PARTITIONS, parts.toString());
    conf.setInt(REDUCES, recorded.getInt(MRJobConfig.NUM_REDUCES, 1));
    try {
      conf.setClass(INNER_INPUT_FORMAT, job.getInputFormatClass(), Object.class);
      conf.setClass(INNER_MAPPER, job.getMapperClass(), Object.class);
    } catch (ClassNotFoundException e) {
      throw new IOException("Class of the recompute sub-job not found: " + e.getMessage(), e);
    }
    job.setInputFormatClass(CachedInputFormat.class);
    job.setMapperClass(ReplayingMapper.class);
    return found.size();
  }

  /**
   * Tells the replay that the sub-job reads the splits of these files that end at the given
   * offset as if the file still ended there (the recompute maps the appended bytes as splits
   * of their own), so an entry written when the file ended there is what mapping them gives.
   */
  public static void grown(Job job, Map<String, Long> ends) {
    StringBuilder b = new StringBuilder();
    ends.forEach((uri, end) -> b.append(b.length() == 0 ? "" : ",").append(end).append('=')
        .append(uri));
    if (b.length() > 0) {
      job.getConfiguration().set(GROWN, b.toString());
    }
  }

  /** Where the sub-job reads {@code uri} as ending, or -1. */
  static long grownFrom(Configuration conf, String uri) {
    for (String e : conf.getTrimmedStringCollection(GROWN)) {
      int eq = e.indexOf('=');
      if (e.substring(eq + 1).equals(uri)) {
        return Long.parseLong(e.substring(0, eq));
      }
    }
    return -1;
  }

  /** Source id to entry path, as configured. */
  static Map<Integer, String> cached(Configuration conf) {
    Map<Integer, String> m = new TreeMap<>();
    for (String e : conf.getTrimmedStrings(CACHED)) {
      int eq = e.indexOf('=');
      m.put(Integer.parseInt(e.substring(0, eq)), e.substring(eq + 1));
    }
    return m;
  }
}
