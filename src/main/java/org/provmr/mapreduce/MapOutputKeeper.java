package org.provmr.mapreduce;

import java.util.List;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
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
}
