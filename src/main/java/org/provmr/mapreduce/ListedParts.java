package org.provmr.mapreduce;

import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;

/**
 * The readers' side of "every file of an output is a part its lineage store lists": a file in a
 * directory with a lineage store that the store does not list (a stray copy of a part, a file
 * dropped in by hand) fails the job before it starts, naming the file. Skipping it would hide
 * the problem; reading it would, for instance, double every count downstream.
 *
 * <p>Files in directories without a lineage store (provenance files copied elsewhere on
 * purpose) are read as before.
 */
final class ListedParts {
  private ListedParts() {
  }

  /** {@code files}, after checking each against its directory's lineage store. */
  static List<FileStatus> check(Configuration conf, List<FileStatus> files) throws IOException {
    Map<Path, Set<String>> listedByDir = new HashMap<>();
    for (FileStatus st : files) {
      Path dir = st.getPath().getParent();
      if (dir == null) {
        continue;
      }
      String name = st.getPath().getName();
      String[] sub = SubstreamParts.outputAndPartName(st.getPath());
      if (sub != null && LineageStore.exists(conf, dir.getParent())) {
        // A part of a sub-stream directory: its store is the output's (priority/part-r-00000).
        dir = dir.getParent();
        name = sub[1];
      }
      if (!listedByDir.containsKey(dir)) {
        listedByDir.put(dir, listed(conf, dir));
      }
      Set<String> listed = listedByDir.get(dir);
      if (listed != null && !listed.contains(name)) {
        throw new IOException(st.getPath() + " is not a part of the output " + dir + ": its"
            + " lineage store (" + LineageStore.DIR + "/" + LineageStore.PARTS_FILE + ") does"
            + " not list it, so the job that wrote the output did not write it, and reading it"
            + " would add its records to the output's. Remove it or move it out of the"
            + " directory ('provmr validate --output " + dir + "' reports every such file)");
      }
    }
    return files;
  }

  /** The part names the store of {@code dir} lists, or null when it has no store. */
  private static Set<String> listed(Configuration conf, Path dir) throws IOException {
    if (!LineageStore.exists(conf, dir)) {
      return null;
    }
    List<PartEntry> parts = LineageStore.read(conf, dir).parts();
    Set<String> names = new HashSet<>();
    if (parts != null) {
      for (PartEntry p : parts) {
        if (p != null) {
          names.add(p.name());
        }
      }
    }
    return names;
  }
}
