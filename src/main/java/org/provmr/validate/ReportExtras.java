package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.SourceIds;
import org.provmr.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What report.html shows beyond the alerts themselves: the source files behind a reduce
 * record's source sets (from the output's lineage store) and the findings of earlier sweeps
 * (report.json files next to this alerts directory, as {@code sweep --alerts-root} leaves
 * them). Both are best effort: a store or old report that cannot be read is left out.
 */
final class ReportExtras {
  private static final Logger LOG = LoggerFactory.getLogger(ReportExtras.class);
  /** Earlier sweeps charted, newest kept. */
  static final int HISTORY_MAX = 30;
  private static final int FILES_SHOWN = 3;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One earlier (or this) validation: when it finished and its findings per output. */
  record Sweep(String finishedAt, String dir, Map<String, Long> byOutput) {
  }

  private final Configuration conf;
  /** Output -> part -> the source-set ids the alerts name: all that is read of a store. */
  private final Map<String, Map<String, BitSet>> wanted = new HashMap<>();
  private final Map<String, Map<String, Map<Integer, Range>>> stores = new HashMap<>();

  /** Of one source set: how many of its ids name a source entry, and the first ranges. */
  private record Range(int total, List<String> files) {
  }

  /** @param alerts the alerts the report shows: their parts' source sets are looked up */
  ReportExtras(Configuration conf, List<Alert> alerts) {
    this.conf = conf;
    for (Alert a : alerts) {
      if (!a.sourceSets().isEmpty() && a.part() != null && a.output() != null) {
        BitSet sets = wanted.computeIfAbsent(a.output(), o -> new HashMap<>())
            .computeIfAbsent(a.part(), p -> new BitSet());
        for (int set : a.sourceSets()) {
          if (set >= 0) {
            sets.set(set);
          }
        }
      }
    }
  }

  /** The files and ranges a reduce record's source sets name, or null when not known. */
  String sourceRange(Alert a) {
    if (a.sourceSets().isEmpty() || a.part() == null || a.output() == null) {
      return null;
    }
    Map<String, Map<Integer, Range>> store = store(a.output());
    Map<Integer, Range> sets = store == null ? null : store.get(a.part());
    if (sets == null) {
      return null;
    }
    List<String> files = new ArrayList<>();
    int total = 0;
    for (int set : a.sourceSets()) {
      Range r = sets.get(set);
      if (r == null) {
        continue;
      }
      total += r.total();
      for (String f : r.files()) {
        if (files.size() < FILES_SHOWN) {
          files.add(f);
        }
      }
    }
    if (total == 0) {
      return null;
    }
    return String.join(", ", files) + (total > files.size()
        ? " and " + (total - files.size()) + " more splits" : "");
  }

  private Map<String, Map<Integer, Range>> store(String output) {
    return stores.computeIfAbsent(output, o -> {
      try {
        return read(o, wanted.getOrDefault(o, Map.of()));
      } catch (IOException | RuntimeException e) {
        LOG.debug("No source ranges for {} in the report: {}", o, e.toString());
        return null;
      }
    });
  }

  /**
   * Two streamed passes over the store ({@link StoreReader}): the parts, keeping the wanted
   * sets of the wanted parts, then the sources, keeping a bit per id that has an entry and the
   * range text of the first few ids of each set. Held: that, never the entries (a summarized
   * set names every split of the job) nor an id -> entry scan per id.
   */
  private Map<String, Map<Integer, Range>> read(String output, Map<String, BitSet> parts)
      throws IOException {
    StoreReader reader = StoreReader.open(conf, new Path(output));
    Map<String, Map<Integer, SourceIds>> sets = new HashMap<>();
    reader.parts(p -> {
      BitSet want = parts.get(p.name());
      if (want != null && !sets.containsKey(p.name())) {
        Map<Integer, SourceIds> mine = new HashMap<>();
        want.stream().filter(i -> i < p.sourceSets().size())
            .forEach(i -> mine.put(i, p.sourceSets().get(i)));
        sets.put(p.name(), mine);
      }
    });
    // Ids whose range may be shown: the first few of each set (an id without an entry is a
    // store inconsistency, reported as such; then fewer ranges are shown, the count is exact).
    BitSet shown = new BitSet();
    for (Map<Integer, SourceIds> m : sets.values()) {
      for (SourceIds ids : m.values()) {
        int[] n = {0};
        ids.forEach(id -> {
          if (n[0]++ < 4 * FILES_SHOWN) {
            shown.set(id);
          }
        });
      }
    }
    BitSet present = new BitSet();
    Map<Integer, String> ranges = new HashMap<>();
    reader.sources(s -> {
      if (s.id() >= 0) {
        present.set(s.id());
        if (shown.get(s.id())) {
          ranges.putIfAbsent(s.id(), s.uri() + " [" + s.start() + "+" + s.length() + "]");
        }
      }
    });
    Map<String, Map<Integer, Range>> held = new HashMap<>();
    sets.forEach((part, m) -> {
      Map<Integer, Range> r = new HashMap<>();
      m.forEach((i, ids) -> {
        int[] total = {0};
        List<String> files = new ArrayList<>();
        ids.forEach(id -> {
          if (present.get(id)) {
            total[0]++;
            String f = ranges.get(id);
            if (f != null && files.size() < FILES_SHOWN) {
              files.add(f);
            }
          }
        });
        r.put(i, new Range(total[0], files));
      });
      held.put(part, r);
    });
    return held;
  }

  /** Earlier validations in sibling directories of {@code alertsDir}, oldest first. */
  List<Sweep> history(Path alertsDir) {
    List<Sweep> sweeps = new ArrayList<>();
    try {
      Path root = alertsDir.getParent();
      FileSystem fs = alertsDir.getFileSystem(conf);
      if (root == null || !fs.exists(root)) {
        return sweeps;
      }
      for (FileStatus d : fs.listStatus(root)) {
        Path json = new Path(d.getPath(), ValidationReport.JSON_FILE);
        if (!d.isDirectory() || d.getPath().getName().equals(alertsDir.getName())
            || !fs.exists(json)) {
          continue;
        }
        try {
          JsonNode r = JSON.readTree(UntrustedFiles.readAll(fs, json,
              UntrustedFiles.maxMetadataBytes(conf),
              ProvenanceKeys.READ_MAX_METADATA_BYTES));
          Map<String, Long> byOutput = new java.util.TreeMap<>();
          r.path("findings").path("byOutput").fields().forEachRemaining(e -> {
            long n = 0;
            for (JsonNode c : e.getValue()) {
              n += c.asLong();
            }
            byOutput.put(e.getKey(), n);
          });
          for (JsonNode o : r.path("outputs")) {
            byOutput.putIfAbsent(o.asText(), 0L);
          }
          sweeps.add(new Sweep(r.path("finishedAt").asText(), d.getPath().getName(), byOutput));
        } catch (IOException | RuntimeException e) {
          LOG.debug("Earlier report {} left out of the chart: {}", json, e.toString());
        }
      }
    } catch (IOException e) {
      LOG.debug("No earlier reports next to {}: {}", alertsDir, e.toString());
    }
    sweeps.sort(Comparator.comparing(Sweep::finishedAt));
    return sweeps.size() > HISTORY_MAX ? sweeps.subList(sweeps.size() - HISTORY_MAX,
        sweeps.size()) : sweeps;
  }
}
