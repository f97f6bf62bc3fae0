package org.provmr.validate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.StringUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreConsistency;
import org.provmr.store.StoreNames;
import org.provmr.store.StoreReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a sweep will check, computed from the lineage stores alone: one unit per output's store,
 * one per output part, one per distinct source file (its references from every output grouped together, so the file
 * is read once, sequentially), packed into splits of about
 * {@value org.provmr.conf.ProvenanceKeys#VALIDATE_SPLIT_BYTES} bytes each.
 */
public record ValidationPlan(List<String> outputs, List<WorkUnit> units) {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationPlan.class);

  public ValidationPlan {
    outputs = List.copyOf(outputs);
    units = List.copyOf(units);
  }

  /**
   * Plans the sweep of these output directories, streaming each lineage store
   * ({@link StoreReader}): memory holds the plan (a reference per source entry, a unit per part
   * and per source file), never a store's entries all at once.
   */
  public static ValidationPlan of(Configuration conf, List<Path> outputDirs) throws IOException {
    String selection = substreamSelection(conf);
    Map<String, StoreReader> stores = new LinkedHashMap<>();
    for (Path dir : outputDirs) {
      StoreReader store = StoreReader.open(conf, dir);
      stores.putIfAbsent(store.output().toString(), store);
    }
    // Sub-stream parts come first (priority, then the age bands youngest first) across all
    // outputs, so the first map task checks them; then the stores and main parts.
    List<WorkUnit> substreamUnits = new ArrayList<>();
    List<WorkUnit> units = new ArrayList<>();
    Map<String, SourceFile> files = new TreeMap<>();
    long entries = 0;
    for (StoreReader store : stores.values()) {
      String output = store.output().toString();
      units.add(WorkUnit.store(output));
      // A sub-stream sweep reads only the sources its parts read: the parts are listed first.
      Set<String> seen = new HashSet<>();
      // A bit an id, set a run at a time: a crafted part can claim 2^31 ids in 12 bytes, which
      // boxed into a set one by one ran out of memory; this costs at most 256 MiB, once.
      java.util.BitSet selectedSources = new java.util.BitSet();
      int[] parts = {0};
      store.parts(p -> {
        if (StoreConsistency.isPlainPartName(p.name()) && seen.add(p.name())
            && selects(selection, p.name())) {
          WorkUnit u = WorkUnit.part(output, p.name(), Math.max(0, p.bytes()));
          (StoreNames.substreamOf(p.name()) != null ? substreamUnits : units).add(u);
          if (!selection.equals("all")) {
            p.sources().addTo(selectedSources);
          }
          parts[0]++;
        }
      });
      // Entries the store unit reports as invalid or duplicate are not opened: their ranges
      // cannot be trusted to mean anything. Only source problems matter here, and they are
      // all known once the sources are read; the parts are the store unit's to check.
      StoreConsistency consistency = StoreConsistency.start(store.job());
      Map<String, SourceFile> mine = new HashMap<>();
      store.sources(s -> {
        consistency.source(s);
        if (s.uri() != null && (selection.equals("all")
            || (s.id() >= 0 && selectedSources.get(s.id())))) {
          mine.computeIfAbsent(s.uri(), k -> new SourceFile()).add(s.id(), s.start(),
              s.length());
        }
      });
      Set<Integer> unusable = new HashSet<>();
      for (StoreConsistency.Problem pr : consistency.problems()) {
        if (pr.sourceId() != null) {
          unusable.add(pr.sourceId());
        }
      }
      for (Map.Entry<String, SourceFile> e : mine.entrySet()) {
        entries += files.computeIfAbsent(e.getKey(), k -> new SourceFile())
            .merge(output, e.getValue(), unusable);
      }
      // A duplicate or unusable part entry is the store unit's finding; the file is checked
      // once, against its first entry, and never opened outside the output (listed above).
      LOG.debug("Validating {}: {} parts, {} source files", output, parts[0], mine.size());
    }
    substreamUnits.sort(Comparator.comparingLong(u -> StoreNames.substreamOrder(
        StoreNames.substreamOf(u.part()))));
    units.addAll(0, substreamUnits);
    int parts = units.size();
    long partBytes = units.stream().mapToLong(WorkUnit::bytes).sum();
    for (Map.Entry<String, SourceFile> e : files.entrySet()) {
      if (!e.getValue().refs.isEmpty()) {
        units.add(WorkUnit.source(e.getKey(), e.getValue().refs, e.getValue().bytes()));
      }
    }
    LOG.info("Validation plan: {} outputs; {} part units ({}) and {} source units ({}, {}"
        + " manifest entries)", stores.size(), parts, StringUtils.byteDesc(partBytes),
        units.size() - parts, StringUtils.byteDesc(units.stream().skip(parts)
        .mapToLong(WorkUnit::bytes).sum()), entries);
    return new ValidationPlan(new ArrayList<>(stores.keySet()), units);
  }

  /**
   * {@value ProvenanceKeys#VALIDATE_SUBSTREAM}: all, priority or main.
   *
   * @throws BadConfigurationException naming the key and the values it takes
   */
  public static String substreamSelection(Configuration conf) {
    String s = conf.getTrimmed(ProvenanceKeys.VALIDATE_SUBSTREAM,
        ProvenanceKeys.VALIDATE_SUBSTREAM_DEFAULT);
    if (!List.of("all", "priority", "main").contains(s)) {
      throw new BadConfigurationException(ProvenanceKeys.VALIDATE_SUBSTREAM, s,
          "use all, priority (every sub-stream directory) or main");
    }
    return s;
  }

  private static boolean selects(String selection, String part) {
    boolean sub = StoreNames.substreamOf(part) != null;
    return selection.equals("all") || selection.equals("priority") == sub;
  }

  /**
   * The references to one source file: while one output's manifest is read, its entries'
   * ids and ranges (two longs a range, not an object); then, across outputs, the references
   * and ranges of every output.
   */
  private static final class SourceFile {
    final List<WorkUnit.Ref> refs = new ArrayList<>();
    int[] ids = new int[4];
    long[] ranges = new long[8];
    int n;

    void add(int id, long start, long length) {
      if (n == ids.length) {
        ids = Arrays.copyOf(ids, 2 * n);
        ranges = Arrays.copyOf(ranges, 4 * n);
      }
      ids[n] = id;
      ranges[2 * n] = start;
      ranges[2 * n + 1] = Math.max(0, length);
      n++;
    }

    /** Adds the usable entries of {@code output}'s file; returns how many. */
    int merge(String output, SourceFile mine, Set<Integer> unusable) {
      int added = 0;
      for (int i = 0; i < mine.n; i++) {
        if (!unusable.contains(mine.ids[i])) {
          refs.add(new WorkUnit.Ref(output, mine.ids[i]));
          add(mine.ids[i], mine.ranges[2 * i], mine.ranges[2 * i + 1]);
          added++;
        }
      }
      return added;
    }

    /** Bytes read to check the file: a range several outputs read is fingerprinted once. */
    long bytes() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> ranges[2 * a] != ranges[2 * b]
          ? Long.compare(ranges[2 * a], ranges[2 * b])
          : Long.compare(ranges[2 * a + 1], ranges[2 * b + 1]));
      long sum = 0;
      for (int k = 0; k < n; k++) {
        int i = order[k];
        int prev = k == 0 ? -1 : order[k - 1];
        if (prev < 0 || ranges[2 * prev] != ranges[2 * i]
            || ranges[2 * prev + 1] != ranges[2 * i + 1]) {
          sum += ranges[2 * i + 1];
        }
      }
      return sum;
    }
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
