package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.provmr.header.SourceRef;

/**
 * Turns source ids into source references for self-contained headers, in a task that does not
 * have the job's manifest yet (it is written at job commit).
 *
 * <p>A source id is the index of the map task, or the id a re-read split carries ({@link
 * JobSplits}, which reads the job's split files in task order).
 */
final class SourceResolver {
  private final JobSplits splits;

  SourceResolver(Configuration conf, JobID jobId) throws IOException {
    splits = JobSplits.of(conf, jobId);
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
    InputSplit split = splits.bySource(id);
    if (split == null) {
      throw new IOException("Source " + id + " is not one of the job's " + splits.size()
          + " input splits");
    }
    return split;
  }
}
