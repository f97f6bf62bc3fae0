package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreNames;

/**
 * The readers' side of sub-streams (docs/substreams.md): FileInputFormat lists an output's
 * sub-stream directories ({@code priority/}, {@code age-1d/}) as directories; this expands them
 * into their parts, keeps what {@code provenance.input.substream} selects, and puts sub-stream
 * parts first (priority, then the age bands youngest first, then the main parts), the order
 * FileInputFormat then makes splits in.
 *
 * <p>Only directories of an output with a lineage store are sub-streams; anything else is left
 * to FileInputFormat as before.
 */
final class SubstreamParts {
  private SubstreamParts() {
  }

  /** The files to read, sub-streams first, as selected. */
  static List<FileStatus> expand(Configuration conf, List<FileStatus> listed) throws IOException {
    String select = conf.getTrimmed(ProvenanceKeys.INPUT_SUBSTREAM,
        ProvenanceKeys.INPUT_SUBSTREAM_DEFAULT);
    if (!List.of("all", "priority", "main").contains(select)) {
      throw new BadConfigurationException(ProvenanceKeys.INPUT_SUBSTREAM + "=" + select
          + ": not all, priority or main");
    }
    Map<Path, Boolean> outputs = new HashMap<>();
    TreeMap<String, List<FileStatus>> substreams = new TreeMap<>(Comparator.comparingLong(
        SubstreamParts::readingOrder).thenComparing(Comparator.naturalOrder()));
    List<FileStatus> main = new ArrayList<>();
    for (FileStatus st : listed) {
      Path p = st.getPath();
      Path parent = p.getParent();
      if (st.isDirectory() && StoreNames.isSubstreamDir(p.getName())
          && isOutput(conf, parent, outputs)) {
        FileSystem fs = p.getFileSystem(conf);
        for (FileStatus f : fs.listStatus(p)) {
          String n = f.getPath().getName();
          if (f.isFile() && !n.startsWith("_") && !n.startsWith(".")) {
            substreams.computeIfAbsent(p.getName(), k -> new ArrayList<>()).add(f);
          }
        }
      } else if (st.isFile() && parent != null && StoreNames.isSubstreamDir(parent.getName())
          && isOutput(conf, parent.getParent(), outputs)) {
        // input.dir.recursive listed the sub-stream's files already
        substreams.computeIfAbsent(parent.getName(), k -> new ArrayList<>()).add(st);
      } else {
        main.add(st);
      }
    }
    List<FileStatus> out = new ArrayList<>();
    if (!select.equals("main")) {
      substreams.values().forEach(out::addAll);
    }
    if (!select.equals("priority")) {
      out.addAll(main);
    }
    return out;
  }

  /** The sub-stream directory and part name of a file in one, or null. */
  static String[] outputAndPartName(Path file) {
    Path parent = file.getParent();
    if (parent == null || !StoreNames.isSubstreamDir(parent.getName())
        || parent.getParent() == null) {
      return null;
    }
    return new String[] {parent.getParent().toString(), parent.getName() + "/" + file.getName()};
  }

  private static boolean isOutput(Configuration conf, Path dir, Map<Path, Boolean> known)
      throws IOException {
    if (dir == null) {
      return false;
    }
    Boolean b = known.get(dir);
    if (b == null) {
      b = LineageStore.exists(conf, dir);
      known.put(dir, b);
    }
    return b;
  }

  /** priority first, then age-LIMIT by ascending limit. */
  private static long readingOrder(String substream) {
    return StoreNames.substreamOrder(substream);
  }

}
