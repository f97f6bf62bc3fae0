package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
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
}
