package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
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
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
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
  private final Map<String, StoredJob> stores = new HashMap<>();

  ReportExtras(Configuration conf) {
    this.conf = conf;
  }

  /** The files and ranges a reduce record's source sets name, or null when not known. */
  String sourceRange(Alert a) {
    if (a.sourceSets().isEmpty() || a.part() == null || a.output() == null) {
      return null;
    }
    StoredJob store = store(a.output());
    PartEntry part = store == null ? null : store.part(a.part());
    if (part == null) {
      return null;
    }
    List<String> files = new ArrayList<>();
    int total = 0;
    for (int set : a.sourceSets()) {
      if (set < 0 || set >= part.sourceSets().size()) {
        continue;
      }
      for (int id : part.sourceSets().get(set).toArray()) {
        SourceEntry s = store.source(id);
        if (s == null) {
          continue;
        }
        total++;
        if (files.size() < FILES_SHOWN) {
          files.add(s.uri() + " [" + s.start() + "+" + s.length() + "]");
        }
      }
    }
    if (total == 0) {
      return null;
    }
    return String.join(", ", files) + (total > files.size()
        ? " and " + (total - files.size()) + " more splits" : "");
  }

  private StoredJob store(String output) {
    return stores.computeIfAbsent(output, o -> {
      try {
        return LineageStore.read(conf, new Path(o));
      } catch (IOException | RuntimeException e) {
        LOG.debug("No source ranges for {} in the report: {}", o, e.toString());
        return null;
      }
    });
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
