package org.provmr.substream;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.mapreduce.JobSplits;

/**
 * The modification time of each source (input split) of a running job, by source id. A task
 * does not have the job's manifest (it is written at commit), so the splits come from the job's
 * split files ({@link JobSplits}, as self-contained headers do): read once per task, only when
 * records are routed by age, at the first record; then one file status per source file.
 */
final class SourceAges {
  private final Configuration conf;
  private final JobID jobId;
  private final Map<Path, Long> mtimes = new HashMap<>();
  private JobSplits splits;
  private long[] byId = new long[0];

  SourceAges(Configuration conf, JobID jobId) {
    this.conf = conf;
    this.jobId = jobId;
  }

  /** The modification time of source {@code id}'s file, or -1 when it has none. */
  long mtime(int id) throws IOException {
    if (id >= 0 && id < byId.length && byId[id] != 0) {
      return byId[id];
    }
    long t = lookUp(id);
    if (id >= 0 && id < 1 << 20) {
      if (id >= byId.length) {
        byId = java.util.Arrays.copyOf(byId, Math.max(id + 1, byId.length * 2));
      }
      byId[id] = t == 0 ? -1 : t;
    }
    return t;
  }

  private long lookUp(int id) throws IOException {
    Path file = null;
    if (splits().bySource(id) instanceof FileSplit f) {
      file = f.getPath();
    } else {
      // A combined split's file ranges have ids task * stride + range (CombinedChunks).
      int stride = Math.max(1, conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
          ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT));
      int task = id / stride;
      int range = id % stride;
      if (splits().byTask(task) instanceof CombineFileSplit c && range < c.getNumPaths()) {
        file = c.getPath(range);
      }
    }
    return file == null ? -1 : fileTime(file);
  }

  /** The job's splits, read once per task, on first use. */
  private JobSplits splits() throws IOException {
    if (splits == null) {
      splits = JobSplits.of(conf, jobId);
    }
    return splits;
  }

  private long fileTime(Path file) throws IOException {
    Long known = mtimes.get(file);
    if (known == null) {
      known = file.getFileSystem(conf).getFileStatus(file).getModificationTime();
      mtimes.put(file, known);
    }
    return known;
  }

  /**
   * The modification time of every source file of the job, and -1 if a split has no file (its
   * records' age is unknown); null when the splits name more than {@code maxFiles} files, so
   * that a task does not look up more files than its own records would need.
   */
  long[] everySource(int maxFiles) throws IOException {
    Set<Path> files = new LinkedHashSet<>();
    boolean unknown = false;
    JobSplits all = splits();
    for (int task = 0; task < all.size(); task++) {
      InputSplit split = all.byTask(task);
      if (split instanceof FileSplit f) {
        files.add(f.getPath());
      } else if (split instanceof CombineFileSplit c) {
        files.addAll(java.util.Arrays.asList(c.getPaths()));
      } else {
        unknown = true;
      }
      if (files.size() > maxFiles) {
        return null;
      }
    }
    long[] times = new long[files.size() + (unknown ? 1 : 0)];
    int i = 0;
    for (Path file : files) {
      times[i++] = fileTime(file);
    }
    if (unknown) {
      times[i] = -1;
    }
    return times;
  }
}
