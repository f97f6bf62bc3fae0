package org.provmr.mapreduce;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.provmr.store.SourceEntry;

/**
 * Told, in a map task, which sources the task's map output depends on: the manifest entries
 * (fingerprints included) of the split it read, once, after the map loop and before the
 * framework flushes the map output. Set with {@link ProvenanceJob#setMapOutputKeeper}; the
 * map-output cache uses it to key what it keeps by the split's bytes.
 *
 * <p>Implementations need a public no-argument constructor. An exception thrown here fails
 * the task, so an implementation that only optimizes (a cache) must catch its own.
 */
public interface MapOutputKeeper {

  /** The split's entries: one for a plain split, one per file range of a combined one. */
  void sourcesRead(TaskAttemptContext context, List<SourceEntry> sources);

  /**
   * Whether {@link #replay} may be asked for this job's splits at all: asking costs reading the
   * split once to fingerprint it before the map loop (the fingerprint capture records anyway,
   * then not computed again).
   */
  default boolean mayReplay(Configuration conf) {
    return false;
  }

  /**
   * Before the map loop of a plain file split: the keeper may write the split's whole map
   * output to {@code context} itself (kept from an earlier run of the same map step over the
   * same bytes), and the task then skips its map loop. {@code split} is the entry capture
   * records for the split, fingerprint computed from the bytes as they are now.
   *
   * @return the entry to record for the split (the keeper may know its record positions,
   *     which capture learns only by mapping), or null when it wrote nothing: map the split
   */
  default SourceEntry replay(TaskInputOutputContext<?, ?, ?, ?> context, SourceEntry split)
      throws IOException, InterruptedException {
    return null;
  }
}
