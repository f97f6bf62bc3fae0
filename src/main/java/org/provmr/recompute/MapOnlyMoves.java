package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.mapreduce.ManifestInputFormat;
import org.provmr.store.PartNames;
import org.provmr.store.StoredJob;

/**
 * The part moves of a map-only recompute: in a map-only job part-m-N (and any MultipleOutputs
 * NAME-m-N) is written by the map task that read source N, so the sub-job's parts j (which
 * read entry j) become part-m-{id} (NAME-m-{id}); the parts of retired sources are removed.
 */
final class MapOnlyMoves {
  private MapOnlyMoves() {
  }

  static List<Journal.Move> of(StoredJob store, List<ManifestInputFormat.Entry> inputsInTaskOrder,
      Set<Integer> retired, Path staged, FileSystem fs) throws IOException {
    List<Journal.Move> moves = new ArrayList<>();
    Path output = store.output();
    Map<Integer, List<String>> stagedParts = partsByTask(fs, staged);
    for (int j = 0; j < inputsInTaskOrder.size(); j++) {
      for (String name : stagedParts.getOrDefault(j, List.of(PartNames.of(PartNames.MAIN, true,
          j)))) {
        String live = PartNames.withTask(name, inputsInTaskOrder.get(j).id());
        moves.add(Journal.Move.of(fs.exists(new Path(output, live)) ? "replace" : "add", live,
            new Path(staged, name).toString()));
      }
    }
    Map<Integer, List<String>> liveParts = livePartsByTask(fs, output);
    for (int id : retired) {
      for (String live : liveParts.getOrDefault(id, List.of())) {
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
    Map<Integer, List<String>> stagedParts = partsByTask(fs, staged);
    Map<Integer, List<String>> liveParts = livePartsByTask(fs, output);
    for (int j = 0; j < groups.size(); j++) {
      int task = groups.get(j).get(0).id() / stride;
      written.add(task);
      // Every part sub-job task j wrote (part-m-j and the named NAME-m-j) takes task's number.
      Set<String> replaced = new TreeSet<>();
      for (String name : stagedParts.getOrDefault(j, List.of(PartNames.of(PartNames.MAIN, true,
          j)))) {
        String live = PartNames.withTask(name, task);
        replaced.add(live);
        moves.add(Journal.Move.of(fs.exists(new Path(output, live)) ? "replace" : "add", live,
            new Path(staged, name).toString()));
      }
      // A named part the re-run did not write again (no record reached it) must not survive.
      for (String live : liveParts.getOrDefault(task, List.of())) {
        if (!replaced.contains(live)) {
          moves.add(Journal.Move.of("remove", live, null));
        }
      }
    }
    for (int id : retired) {
      int task = id / stride;
      if (written.add(task)) {
        for (String live : liveParts.getOrDefault(task, List.of())) {
          moves.add(Journal.Move.of("remove", live, null));
        }
      }
    }
    return moves;
  }

  /**
   * The map-only parts in {@code dir} by the map task that wrote them: part-m-N and the
   * MultipleOutputs named outputs NAME-m-N (PartNames).
   */
  static Map<Integer, List<String>> partsByTask(FileSystem fs, Path dir) throws IOException {
    Map<Integer, List<String>> parts = new TreeMap<>();
    for (FileStatus st : fs.listStatus(dir)) {
      String name = st.getPath().getName();
      if (st.isFile() && PartNames.isPart(name) && PartNames.isMap(name)) {
        parts.computeIfAbsent(PartNames.task(name), t -> new ArrayList<>()).add(name);
      }
    }
    return parts;
  }

  /**
   * The live output's map-only parts by task, by file name: those of the main parts and of
   * every sub-stream directory. A task whose records all went to a sub-stream has no main
   * part, so a retired source's part may exist only as {@code priority/part-m-N}; the name
   * {@code part-m-N} stands for every copy ({@link PriorityMoves#route} removes each).
   */
  static Map<Integer, List<String>> livePartsByTask(FileSystem fs, Path output)
      throws IOException {
    Map<Integer, List<String>> parts = partsByTask(fs, output);
    for (String dir : PriorityMoves.substreamDirs(fs, output)) {
      partsByTask(fs, new Path(output, dir)).forEach((task, names) -> {
        List<String> all = parts.computeIfAbsent(task, t -> new ArrayList<>());
        for (String name : names) {
          if (!all.contains(name)) {
            all.add(name);
          }
        }
      });
    }
    return parts;
  }

  private static int stride(Configuration conf) {
    return Math.max(1, conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
        ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT));
  }
}
