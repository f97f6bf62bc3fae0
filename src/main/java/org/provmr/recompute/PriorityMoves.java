package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreNames;
import org.provmr.store.StoredJob;

/**
 * Recompute's side of sub-streams (docs/substreams.md): a recomputed part holds LOW-confidence
 * records only, so in an output that uses sub-streams it goes to {@code priority/} under its
 * part's file name, and every other copy of that name (the main part, an age band's part) is
 * removed in the same journaled commit, so a partition's records are in exactly one place.
 */
final class PriorityMoves {
  private PriorityMoves() {
  }

  /**
   * Whether recomputed parts of this output go to the priority sub-stream: the operator's or the
   * recorded job's {@code provenance.substream.by} is not none, or the output already has a
   * sub-stream directory.
   */
  static boolean applies(Configuration operator, StoredJob store, FileSystem fs)
      throws IOException {
    if (routes(operator.getTrimmed(ProvenanceKeys.SUBSTREAM_BY))) {
      return true;
    }
    if (store.job().configuration() != null
        && routes(store.job().configuration().get(ProvenanceKeys.SUBSTREAM_BY))) {
      return true;
    }
    return !substreamDirs(fs, store.output()).isEmpty();
  }

  private static boolean routes(String by) {
    return by != null && !by.isBlank() && !by.trim().equals("none");
  }

  /** The moves with every recomputed part sent to priority/ and its other copies removed. */
  static List<Journal.Move> route(List<Journal.Move> moves, Path output, FileSystem fs)
      throws IOException {
    List<String> dirs = substreamDirs(fs, output);
    List<Journal.Move> routed = new ArrayList<>();
    List<Journal.Move> removals = new ArrayList<>();
    for (Journal.Move m : moves) {
      String base = new Path(m.live()).getName();
      String priority = StoreNames.PRIORITY + "/" + base;
      if (!m.kind().equals("remove")) {
        routed.add(Journal.Move.of(fs.exists(new Path(output, priority)) ? "replace" : "add",
            priority, m.staged()));
      }
      List<String> copies = new ArrayList<>();
      copies.add(base);
      for (String d : dirs) {
        copies.add(d + "/" + base);
      }
      for (String c : copies) {
        boolean kept = !m.kind().equals("remove") && c.equals(priority);
        if (!kept && fs.exists(new Path(output, c))) {
          removals.add(Journal.Move.of("remove", c, null));
        }
      }
    }
    routed.addAll(removals);
    return routed;
  }

  /** The output's sub-stream directories (priority, age-*), sorted; none if it is missing. */
  static List<String> substreamDirs(FileSystem fs, Path output) throws IOException {
    List<String> dirs = new ArrayList<>();
    if (!fs.exists(output)) {
      return dirs;
    }
    for (FileStatus st : fs.listStatus(output)) {
      if (st.isDirectory() && StoreNames.isSubstreamDir(st.getPath().getName())) {
        dirs.add(st.getPath().getName());
      }
    }
    dirs.sort(null);
    return dirs;
  }
}
