package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.SourceRef;

/**
 * Turns source ids into source references for self-contained headers, in a task that does not
 * have the job's manifest yet (it is written at job commit).
 *
 * <p>A source id is the index of the map task, i.e. of the input split; the splits are
 * recomputed with the job's own InputFormat, which for FileInputFormat is deterministic over
 * unchanged inputs. This costs one listing per task and is only done in self-contained mode.
 */
final class SourceResolver {
  private final List<InputSplit> splits;

  SourceResolver(Configuration conf, JobID jobId) throws IOException {
    try {
      JobContextImpl job = new JobContextImpl(conf, jobId);
      InputFormat<?, ?> format = ReflectionUtils.newInstance(job.getInputFormatClass(), conf);
      splits = new ArrayList<>();
      for (InputSplit s : format.getSplits(job)) {
        splits.add(TaggedSplits.inner(s)); // MultipleInputs: the file range inside the tag
      }
    } catch (ClassNotFoundException | InterruptedException e) {
      throw new IOException("Cannot recompute the input splits to resolve sources", e);
    }
  }

  /** The reference for a byte range inside source {@code id} (offset relative to the split). */
  SourceRef range(int id, long offset, long length) throws IOException {
    InputSplit split = split(id);
    if (split instanceof FileSplit) {
      FileSplit f = (FileSplit) split;
      return new SourceRef(f.getPath().toString(), f.getStart() + offset, length);
    }
    return new SourceRef(split.toString(), offset, length);
  }

  /** The reference for the whole of source {@code id}. */
  SourceRef whole(int id) throws IOException {
    InputSplit split = split(id);
    try {
      return range(id, 0, split.getLength());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private InputSplit split(int id) throws IOException {
    if (id < 0 || id >= splits.size()) {
      throw new IOException("Source " + id + " is not one of the job's " + splits.size()
          + " input splits (inputs changed while the job ran?)");
    }
    return splits.get(id);
  }
}
