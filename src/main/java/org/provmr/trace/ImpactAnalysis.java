package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Writable;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.io.UntrustedFiles;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * {@code provmr impact}: which outputs, parts and (map-side) records depend on a source file or
 * byte range, through every downstream stage. Stage 1 outputs read the source: a split is
 * affected when its range overlaps the changed range, a part when its store lists an affected
 * split among its sources (exactly the parts validation flags when the bytes change), a map-side
 * record when its DataID range overlaps. A downstream output read affected parts: its splits
 * are affected when they hold an affected record of a map-side part, or any of a reduce part,
 * and so on. Only stores and parts are read (bounded), never the sources.
 */
public final class ImpactAnalysis {
  /** How deep {@code --roots} looks for outputs below each root. */
  private static final int ROOT_DEPTH = 6;

  private final Configuration conf;
  private final int limit;
  private final Stores stores;

  public ImpactAnalysis(Configuration conf, int limit) {
    this(conf, limit, o -> LineageStore.read(conf, o));
  }

  /** With the stores read by {@code stores} (a test counts how many are held at once). */
  ImpactAnalysis(Configuration conf, int limit, Stores stores) {
    this.conf = conf;
    this.limit = limit;
    this.stores = stores;
  }

  /** Reads the lineage store of an output. */
  interface Stores {
    StoredJob read(Path output) throws IOException;
  }

  /** Outputs (directories with a lineage store) at most {@value #ROOT_DEPTH} levels below. */
  public List<Path> discover(Path root) throws IOException {
    List<Path> found = new ArrayList<>();
    FileSystem fs = root.getFileSystem(conf);
    walk(fs, fs.makeQualified(root), 0, found);
    return found;
  }

  private void walk(FileSystem fs, Path dir, int depth, List<Path> found) throws IOException {
    if (LineageStore.exists(conf, dir)) {
      found.add(dir);
      return;
    }
    if (depth >= ROOT_DEPTH) {
      return;
    }
    for (FileStatus st : fs.listStatus(dir)) {
      String n = st.getPath().getName();
      if (st.isDirectory() && !UntrustedFiles.isLink(st) && !n.startsWith("_")
          && !n.startsWith(".")) {
        walk(fs, st.getPath(), depth + 1, found);
      }
    }
  }

  /**
   * What depends on bytes [start, end) of {@code source} among {@code outputs}. Each store is
   * read twice, and held one at a time: once for its upstream links (to order the outputs), once
   * when its output is looked at. Held all at once, as before, the stores of an operator's
   * roots (or a crafted set of outputs, each at provenance.read.max.metadata.bytes) were the
   * heap's size; now it is one store, the report and the affected ranges of parts.
   */
  public ImpactReport run(Path source, long start, long end, List<Path> outputs)
      throws IOException {
    String file = source.getFileSystem(conf).makeQualified(source).toString();
    // The outputs by qualified name (what a store calls its output), each once; by path too.
    Map<String, Path> named = new LinkedHashMap<>();
    for (Path o : outputs) {
      named.putIfAbsent(o.getFileSystem(conf).makeQualified(o).toString(), o);
    }
    Map<String, String> byPath = new HashMap<>();
    named.keySet().forEach(o -> byPath.putIfAbsent(key(o), o));
    // Each output's upstream outputs among those given: the stores name them.
    Map<String, Set<String>> upstreamOf = new LinkedHashMap<>();
    for (Map.Entry<String, Path> o : named.entrySet()) {
      StoredJob s = read(o.getValue());
      Set<String> ups = new LinkedHashSet<>();
      for (SourceEntry e : s.sources()) {
        String up = e.upstream() == null ? null : byPath.get(key(e.upstream()));
        if (up != null) {
          ups.add(up);
        }
      }
      upstreamOf.put(o.getKey(), ups);
    }
    // Affected byte ranges per file (the source, then affected parts), sorted by start.
    Map<String, Ranges> affected = new HashMap<>();
    affected.put(key(file), Ranges.of(start, end));
    Map<String, Integer> stageOf = new HashMap<>();
    List<ImpactReport.Output> result = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    while (stageOf.size() < upstreamOf.size()) {
      boolean progress = false;
      for (Map.Entry<String, Set<String>> o : upstreamOf.entrySet()) {
        if (!stageOf.containsKey(o.getKey()) && stageOf.keySet().containsAll(o.getValue())) {
          progress = true;
          look(o.getKey(), read(named.get(o.getKey())), affected, stageOf, byPath, result);
        }
      }
      if (!progress) {
        // A cycle: every output left waits on another. Look at the first anyway, and say so.
        String out = upstreamOf.keySet().stream().filter(o -> !stageOf.containsKey(o))
            .findFirst().get();
        Set<String> waits = new TreeSet<>(upstreamOf.get(out));
        waits.removeAll(stageOf.keySet());
        notes.add("lineage cycle: the store of " + out + " names as upstream " + waits
            + ", which wait (directly or not) on each other; it was looked at first, so what"
            + " reaches it through them is not listed (a store was rewritten after its"
            + " downstream job ran, or forged; validate these outputs)");
        look(out, read(named.get(out)), affected, stageOf, byPath, result);
      }
    }
    result.sort((a, b) -> Integer.compare(a.stage(), b.stage()));
    return new ImpactReport(file, start, end, result, notes);
  }

  private StoredJob read(Path output) throws IOException {
    StoredJob s = stores.read(output);
    SplitSet.checkPaths(s);
    return s;
  }

  private void look(String out, StoredJob s, Map<String, Ranges> affected,
      Map<String, Integer> stageOf, Map<String, String> byPath,
      List<ImpactReport.Output> result) throws IOException {
    ImpactReport.Output o = affect(s, affected, stageOf, byPath);
    stageOf.put(out, o == null ? 0 : o.stage());
    if (o != null) {
      result.add(o);
    }
  }

  private ImpactReport.Output affect(StoredJob s, Map<String, Ranges> affected,
      Map<String, Integer> stageOf, Map<String, String> byPath) throws IOException {
    TreeSet<Integer> splits = new TreeSet<>();
    TreeSet<String> via = new TreeSet<>();
    int stage = 1;
    for (SourceEntry e : s.sources()) {
      Ranges r = affected.get(key(e.uri()));
      if (r != null && r.overlaps(e.start(), e.length())) {
        splits.add(e.id());
        if (e.upstream() != null) {
          via.add(e.upstream());
          Integer up = stageOf.get(byPath.get(key(e.upstream())));
          if (up != null) {
            stage = Math.max(stage, up + 1);
          }
        }
      }
    }
    if (splits.isEmpty()) {
      return null;
    }
    List<ImpactReport.Part> parts = new ArrayList<>();
    // Matched on the encoding, never decoded: a store's part can claim 2^31 ids in 12 bytes.
    java.util.BitSet splitBits = new java.util.BitSet();
    splits.stream().filter(id -> id >= 0).forEach(splitBits::set);
    SplitSet.Index manifest = new SplitSet.Index(s); // once a store: it has as many parts
    for (PartEntry p : s.parts()) {
      boolean hit = p.sources().firstIn(splitBits) >= 0;
      if (!hit) {
        continue;
      }
      String partUri = new Path(s.output(), p.name()).toString();
      if (SplitSet.mapSide(p)) {
        parts.add(records(s, p, splits, affected, partUri, manifest));
      } else {
        affected.put(key(partUri), Ranges.of(0, Long.MAX_VALUE));
        parts.add(new ImpactReport.Part(p.name(), "reduce", -1, List.of(), 0));
      }
    }
    return new ImpactReport.Output(s.output().toString(), s.job().jobId() + " ("
        + s.job().jobName() + ")", stage, List.copyOf(via),
        splits.stream().mapToInt(Integer::intValue).toArray(), parts);
  }

  /** A map-side part: its records whose DataID range overlaps an affected range. */
  private ImpactReport.Part records(StoredJob s, PartEntry p, TreeSet<Integer> splits,
      Map<String, Ranges> affected, String partUri, SplitSet.Index manifest) throws IOException {
    Ranges own = new Ranges();
    List<ImpactReport.Record> listed = new ArrayList<>();
    long count = 0;
    try (ProvenanceFileReader<Writable, Writable> in =
             new ProvenanceFileReader<>(conf, new Path(s.output(), p.name()))) {
      for (long index = 0; in.next(); index++) {
        ProvenanceHeader h = in.value().header();
        SourceEntry e;
        long from;
        long length;
        if (h.selfContained()) {
          SourceRef ref = h.sources().get(0);
          e = manifest.entry(ref);
          from = ref.offset();
          length = ref.length();
        } else {
          e = s.source(h.sourceId());
          boolean bytes = SourceEntry.POSITIONS_BYTES.equals(e.positions());
          from = bytes ? e.start() + h.offset() : e.start();
          length = bytes ? h.length() : e.length(); // an ordinal names no bytes: the split
        }
        if (e == null || !splits.contains(e.id())) {
          continue;
        }
        Ranges r = affected.get(key(e.uri()));
        if (r == null || !r.overlaps(from, Math.max(1, length))) {
          continue;
        }
        count++;
        own.add(in.recordOffset(), in.position());
        if (listed.size() < limit) {
          listed.add(new ImpactReport.Record(index, in.recordOffset(), String.valueOf(in.key()),
              e.uri(), from, length));
        }
      }
    }
    affected.put(key(partUri), own);
    return new ImpactReport.Part(p.name(), "map", count, listed, count - listed.size());
  }

  /** Files compare by path, so a recorded URI and a qualified path of the same file agree. */
  private static String key(String uri) {
    return new Path(uri).toUri().getPath();
  }

  /** Byte ranges [start, end), kept in the order added (increasing for a scanned part). */
  static final class Ranges {
    private final List<long[]> ranges = new ArrayList<>();

    static Ranges of(long start, long end) {
      Ranges r = new Ranges();
      r.add(start, end);
      return r;
    }

    /**
     * Adds [start, end); a range that starts inside or right at the end of the last one
     * extends it, so the affected records of a part, which arrive in order and mostly touch,
     * cost a few ranges instead of two longs and an array per record.
     */
    void add(long start, long end) {
      long[] last = ranges.isEmpty() ? null : ranges.get(ranges.size() - 1);
      if (last != null && start >= last[0] && start <= last[1]) {
        last[1] = Math.max(last[1], end);
      } else {
        ranges.add(new long[] {start, end});
      }
    }

    int size() {
      return ranges.size();
    }

    /** Whether [from, from + length) overlaps any range. */
    boolean overlaps(long from, long length) {
      long to = length >= Long.MAX_VALUE - from ? Long.MAX_VALUE : from + length;
      // Ranges of a part arrive sorted: binary search for the last range starting before `to`.
      int lo = 0;
      int hi = ranges.size() - 1;
      int last = -1;
      while (lo <= hi) {
        int mid = (lo + hi) >>> 1;
        if (ranges.get(mid)[0] < to) {
          last = mid;
          lo = mid + 1;
        } else {
          hi = mid - 1;
        }
      }
      return last >= 0 && ranges.get(last)[1] > from;
    }
  }
}
