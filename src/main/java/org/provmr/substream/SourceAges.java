package org.provmr.substream;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;

/**
 * The modification time of each source (input split) of a running job, by source id. A task
 * does not have the job's manifest (it is written at commit), so the splits are recomputed
 * with the job's own InputFormat, as self-contained headers do: one listing per task, paid only
 * when records are routed by age, and only at the first record.
 */
final class SourceAges {
  private final Configuration conf;
  private final JobID jobId;
  private final Map<Path, Long> mtimes = new HashMap<>();
  private List<InputSplit> splits;
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
    List<InputSplit> all = splits();
    Path file = null;
    if (id >= 0 && id < all.size() && all.get(id) instanceof FileSplit f) {
      file = f.getPath();
    } else {
      // A combined split's file ranges have ids task * stride + range (CombinedChunks).
      int stride = Math.max(1, conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
          ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT));
      int task = id / stride;
      int range = id % stride;
      if (task >= 0 && task < all.size() && all.get(task) instanceof CombineFileSplit c
          && range < c.getNumPaths()) {
        file = c.getPath(range);
      }
    }
    if (file == null) {
      return -1;
    }
    Long known = mtimes.get(file);
    if (known == null) {
      known = file.getFileSystem(conf).getFileStatus(file).getModificationTime();
      mtimes.put(file, known);
    }
    return known;
  }

  private List<InputSplit> splits() throws IOException {
    if (splits == null) {
      try {
        JobContextImpl job = new JobContextImpl(conf, jobId);
        InputFormat<?, ?> format = ReflectionUtils.newInstance(job.getInputFormatClass(), conf);
        splits = new ArrayList<>();
        for (InputSplit s : format.getSplits(job)) {
          splits.add(org.provmr.mapreduce.TaggedSplits.inner(s)); // MultipleInputs
        }
      } catch (ClassNotFoundException | InterruptedException e) {
        throw new IOException("Cannot list the job's input splits to route records by the age"
            + " of their sources (" + ProvenanceKeys.SUBSTREAM_BY + ")", e);
      }
    }
    return splits;
  }
}
