package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.StoredJob;

/**
 * The part moves of a map-only recompute: in a map-only job part-m-N is written by the map
 * task that read source N, so the sub-job's part j (which read entry j) becomes part-m-{id};
 * the parts of retired sources are removed.
 */
final class MapOnlyMoves {
  private MapOnlyMoves() {
  }

  static List<Journal.Move> of(StoredJob store, List<ManifestInputFormat.Entry> inputsInTaskOrder,
      Set<Integer> retired, Path staged, FileSystem fs) throws IOException {
    List<Journal.Move> moves = new ArrayList<>();
    Path output = store.output();
    for (int j = 0; j < inputsInTaskOrder.size(); j++) {
      String live = String.format("part-m-%05d", inputsInTaskOrder.get(j).id());
      moves.add(Journal.Move.of(fs.exists(new Path(output, live)) ? "replace" : "add", live,
          new Path(staged, String.format("part-m-%05d", j)).toString()));
    }
    for (int id : retired) {
      String live = String.format("part-m-%05d", id);
      if (fs.exists(new Path(output, live))) {
        moves.add(Journal.Move.of("remove", live, null));
      }
    }
    return moves;
  }

  /**
   * The ids of every file range whose combined split (map task) also read one of {@code
   * damaged} or {@code retired}: a map-only part of a combined split is rebuilt whole.
   */
  static Set<Integer> wholeGroups(Configuration conf, List<ManifestInputFormat.Entry> kept,
      Set<Integer> damaged, Set<Integer> retired) {
    int stride = stride(conf);
    Set<Integer> tasks = new TreeSet<>();
    for (int id : damaged) {
      tasks.add(id / stride);
    }
    for (int id : retired) {
      tasks.add(id / stride);
    }
    Set<Integer> ids = new TreeSet<>();
    for (ManifestInputFormat.Entry e : kept) {
      if (tasks.contains(e.id() / stride)) {
        ids.add(e.id());
      }
    }
    return ids;
  }

  /**
   * The part moves of a map-only recompute over combined splits: part-m-T was written by map
   * task T, which read the ranges with ids {@code T * stride + i}; the sub-job's task j read
   * group j of {@link ManifestInputFormat#combinedGroups}.
   */
  static List<Journal.Move> ofCombined(Configuration conf, StoredJob store,
      List<ManifestInputFormat.Entry> inputs, Set<Integer> retired, Path staged,
      FileSystem fs) throws IOException {
    int stride = stride(conf);
    List<Journal.Move> moves = new ArrayList<>();
    Path output = store.output();
    Set<Integer> written = new TreeSet<>();
    List<List<ManifestInputFormat.Entry>> groups =
        ManifestInputFormat.combinedGroups(conf, inputs);
    for (int j = 0; j < groups.size(); j++) {
      int task = groups.get(j).get(0).id() / stride;
      written.add(task);
      String live = String.format("part-m-%05d", task);
      moves.add(Journal.Move.of(fs.exists(new Path(output, live)) ? "replace" : "add", live,
          new Path(staged, String.format("part-m-%05d", j)).toString()));
    }
    for (int id : retired) {
      String live = String.format("part-m-%05d", id / stride);
      if (!written.contains(id / stride) && fs.exists(new Path(output, live))) {
        written.add(id / stride);
        moves.add(Journal.Move.of("remove", live, null));
      }
    }
    return moves;
  }

  private static int stride(Configuration conf) {
    return Math.max(1, conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
        ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT));
  }
}
