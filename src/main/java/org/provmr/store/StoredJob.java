package org.provmr.store;

import java.util.List;
import org.apache.hadoop.fs.Path;

/** Everything the lineage store of one output directory says, as read back. */
public record StoredJob(Path output, JobRecord job, List<SourceEntry> sources,
    List<PartEntry> parts) {

  public StoredJob {
    sources = List.copyOf(sources);
    parts = List.copyOf(parts);
  }

  /** The source with the given id, or an IllegalArgumentException naming the store. */
  public SourceEntry source(int id) {
    for (SourceEntry s : sources) {
      if (s.id() == id) {
        return s;
      }
    }
    throw new IllegalArgumentException("Source id " + id + " is not in the manifest of " + output);
  }

  /** The part with the given file name, or an IllegalArgumentException naming the store. */
  public PartEntry part(String name) {
    for (PartEntry p : parts) {
      if (name.equals(p.name())) {
        return p;
      }
    }
    throw new IllegalArgumentException("Part " + name + " is not in the lineage store of "
        + output);
  }
}
