package org.provmr.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.StringUtils;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreConsistency;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sweep will check, computed from the lineage stores alone: one unit per output's store,
 * one per output part, one per distinct source file (its references from every output grouped together, so the file
 * is read once, sequentially), packed into splits of about
 * {@value org.provmr.conf.ProvenanceKeys#VALIDATE_SPLIT_BYTES} bytes each.
 */
public record ValidationPlan(List<StoredJob> outputs, List<WorkUnit> units) {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationPlan.class);

  public ValidationPlan {
    outputs = List.copyOf(outputs);
    units = List.copyOf(units);
  }

  /** Plans the sweep of these output directories (each read through its lineage store). */
  public static ValidationPlan of(Configuration conf, List<Path> outputDirs) throws IOException {
    Map<String, StoredJob> stores = new LinkedHashMap<>();
    for (Path dir : outputDirs) {
      StoredJob job = LineageStore.read(conf, dir);
      stores.putIfAbsent(job.output().toString(), job);
    }
    List<WorkUnit> units = new ArrayList<>();
    Map<String, List<WorkUnit.Ref>> refsByUri = new TreeMap<>();
    Map<String, Set<String>> rangesByUri = new TreeMap<>();
    Map<String, Long> bytesByUri = new TreeMap<>();
    for (StoredJob job : stores.values()) {
      String output = job.output().toString();
      units.add(WorkUnit.store(output));
      // A duplicate or unusable part entry is the store unit's finding; the file is checked
      // once, against its first entry, and never opened outside the output.
      Set<String> seen = new HashSet<>();
      for (PartEntry p : job.parts()) {
        if (StoreConsistency.isPlainPartName(p.name()) && seen.add(p.name())) {
          units.add(WorkUnit.part(output, p.name(), Math.max(0, p.bytes())));
        }
      }
      // Entries the store unit reports as invalid or duplicate are not opened: their ranges
      // cannot be trusted to mean anything.
      Set<Integer> unusable = new HashSet<>();
      for (StoreConsistency.Problem pr : StoreConsistency.check(job)) {
        if ((pr.file().equals(LineageStore.SOURCES_FILE)
            || pr.file().equals(LineageStore.SOURCES_BIN)) && pr.sourceId() != null) {
          unusable.add(pr.sourceId());
        }
      }
      for (SourceEntry s : job.sources()) {
        if (unusable.contains(s.id())) {
          continue;
        }
        refsByUri.computeIfAbsent(s.uri(), k -> new ArrayList<>())
            .add(new WorkUnit.Ref(output, s.id()));
        // A range several outputs read is fingerprinted once.
        if (rangesByUri.computeIfAbsent(s.uri(), k -> new HashSet<>())
            .add(s.start() + "+" + s.length())) {
          bytesByUri.merge(s.uri(), Math.max(0, s.length()), Long::sum);
        }
      }
    }
    int parts = units.size();
    long partBytes = units.stream().mapToLong(WorkUnit::bytes).sum();
    for (Map.Entry<String, List<WorkUnit.Ref>> e : refsByUri.entrySet()) {
      units.add(WorkUnit.source(e.getKey(), e.getValue(), bytesByUri.get(e.getKey())));
    }
    LOG.info("Validation plan: {} outputs; {} part units ({}) and {} source units ({}, {}"
        + " manifest entries)", stores.size(), parts, StringUtils.byteDesc(partBytes),
        units.size() - parts, StringUtils.byteDesc(units.stream().skip(parts)
        .mapToLong(WorkUnit::bytes).sum()),
        refsByUri.values().stream().mapToInt(List::size).sum());
    for (StoredJob job : stores.values()) {
      LOG.debug("Validating {}: {} parts, {} source entries", job.output(), job.parts().size(),
          job.sources().size());
    }
    return new ValidationPlan(new ArrayList<>(stores.values()), units);
  }

  /**
   * Packs the units, in plan order, into groups of about {@code targetBytes}; a unit larger
   * than that is a group of its own. Each group is one map task.
   */
  public List<List<WorkUnit>> pack(long targetBytes) {
    List<List<WorkUnit>> groups = new ArrayList<>();
    List<WorkUnit> current = new ArrayList<>();
    long size = 0;
    for (WorkUnit u : units) {
      if (!current.isEmpty() && size + u.bytes() > targetBytes) {
        groups.add(current);
        current = new ArrayList<>();
        size = 0;
      }
      current.add(u);
      size += u.bytes();
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    LOG.info("Validation plan packed into {} map tasks of up to about {} each ({} in all)",
        groups.size(), StringUtils.byteDesc(targetBytes), StringUtils.byteDesc(totalBytes()));
    return groups;
  }

  public long totalBytes() {
    long n = 0;
    for (WorkUnit u : units) {
      n += u.bytes();
    }
    return n;
  }
}
