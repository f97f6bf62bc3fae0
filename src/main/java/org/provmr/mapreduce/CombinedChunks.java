package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/**
 * The files of a {@link CombineFileSplit} as separate sources: each chunk (a byte range of one
 * file) gets its own source id and manifest entry, so that a record's DataID names the file
 * and range it came from, and validation and recompute treat the chunk like any file split.
 *
 * <p>Ids are {@code mapTaskIndex * maxFiles + chunk} (maxFiles: {@link
 * ProvenanceKeys#COMBINED_SPLIT_MAX_FILES}), unique without coordination between tasks. A
 * split re-read by a recompute names the ids of its ranges ({@link SourceIdentifiedSplit}).
 *
 * <p>Which chunk the current record comes from: Hadoop's CombineFileRecordReader names the
 * file and start of the chunk it is reading in the task's configuration as it moves on
 * ({@code mapreduce.map.input.file} / {@code .start}); chunks are read in order, so the
 * search starts at the current chunk.
 */
final class CombinedChunks {
  private final CombineFileSplit split;
  private final Configuration conf;
  private final int base;
  private final SourceIdentifiedSplit identified;
  private final SourceSet all = new SourceSet();
  private int current;
  private String lastFile;
  private String lastStart;

  CombinedChunks(CombineFileSplit split, Configuration conf, int taskIndex) throws IOException {
    this.split = split;
    this.conf = conf;
    int max = conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
        ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT);
    if (max < 1) {
      throw new BadConfigurationException(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
          Integer.toString(max), "give a whole number >= 1");
    }
    identified = split instanceof SourceIdentifiedSplit ? (SourceIdentifiedSplit) split : null;
    if (identified != null) {
      base = identified.sourceId();
    } else {
      if (split.getNumPaths() > max) {
        throw new IOException("A combined input split holds " + split.getNumPaths()
            + " file ranges, more than " + ProvenanceKeys.COMBINED_SPLIT_MAX_FILES + "="
            + max + " source ids a map task may use; raise it (or combine fewer files per"
            + " split)");
      }
      if ((long) taskIndex * max + max > Integer.MAX_VALUE) {
        throw new IOException("Map task " + taskIndex + " of a combined input would need"
            + " source ids beyond 2^31; lower " + ProvenanceKeys.COMBINED_SPLIT_MAX_FILES);
      }
      base = taskIndex * max;
    }
    for (int i = 0; i < split.getNumPaths(); i++) {
      all.add(id(i));
    }
  }

  int count() {
    return split.getNumPaths();
  }

  int id(int chunk) {
    return identified != null ? identified.sourceId(chunk) : base + chunk;
  }

  long start(int chunk) {
    return split.getOffset(chunk);
  }

  long length(int chunk) {
    return split.getLength(chunk);
  }

  org.apache.hadoop.fs.Path path(int chunk) {
    return split.getPath(chunk);
  }

  /** Every chunk's id: what a record written from cleanup, or from an unknown chunk, came from. */
  SourceSet all() {
    return all;
  }

  /** The chunk the reader is in now, or -1 when the reader does not say. */
  int locate() {
    String file = conf.getRaw(MRJobConfig.MAP_INPUT_FILE);
    String start = conf.getRaw(MRJobConfig.MAP_INPUT_START);
    if (file == null || start == null) {
      return -1;
    }
    if (file.equals(lastFile) && start.equals(lastStart)) {
      return current;
    }
    lastFile = file;
    lastStart = start;
    long offset;
    try {
      offset = Long.parseLong(start);
    } catch (NumberFormatException e) {
      return current = -1;
    }
    int n = split.getNumPaths();
    for (int k = 0; k < n; k++) {
      int i = (Math.max(current, 0) + k) % n;
      if (split.getOffset(i) == offset && split.getPath(i).toString().equals(file)) {
        return current = i;
      }
    }
    return current = -1;
  }
}
