package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.lineage.Step;
import org.provmr.recompute.RefusedException;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.trace.TraceNode.MatchView;
import org.provmr.trace.TraceNode.RawView;
import org.provmr.trace.TraceNode.ReplayView;
import org.provmr.trace.TraceNode.SourceView;
import org.provmr.trace.TraceNode.StepView;

/**
 * {@code provmr trace}: walks one output record back through every upstream stage to source
 * files and byte ranges. A map-side record's DataID names one exact range: of a raw file, or of
 * a record of an upstream ProvMR part, which is read and followed in turn. A reduce record names
 * a set of splits: followed as whole splits (and, upstream, whole parts), or in precise mode by
 * replaying the recorded map step over them ({@link KeyReplay}) to find the exact records.
 */
public final class Tracer {
  private final Configuration conf;
  private final TraceOptions options;
  private final OutputRecords records;
  private final SourceText text;
  private final Map<String, StoredJob> stores = new HashMap<>();
  private final Map<String, KeyReplay> replays = new HashMap<>();
  private final Followed followed = new Followed();

  public Tracer(Configuration conf, TraceOptions options) {
    this.conf = conf;
    this.options = options;
    this.records = new OutputRecords(conf);
    this.text = new SourceText(conf);
  }

  /** Traces the record {@code options} names in {@code output}. */
  public TraceNode trace(Path output) throws IOException, InterruptedException, RefusedException {
    StoredJob store = store(output);
    Located r;
    if (options.key() != null) {
      r = records.byKey(store, options.key());
      if (r == null) {
        throw new IllegalArgumentException("No record of " + store.output() + " has the key '"
            + options.key() + "'");
      }
    } else {
      r = records.byIndex(store, options.part(), options.record());
    }
    return record(r, options.depth());
  }

  private TraceNode record(Located r, int depth)
      throws IOException, InterruptedException, RefusedException {
    // Records of one compressed block share an offset: their key and value tell them apart.
    String id = r.store().output() + "/" + r.part().name() + "@" + r.offset() + "\0" + r.key()
        + "\0" + r.value();
    String seen = followed.enter(id);
    if (seen != null) {
      return Followed.named(r, seen);
    }
    try {
      return follow(r, depth);
    } finally {
      followed.leave(id);
    }
  }

  private TraceNode follow(Located r, int depth)
      throws IOException, InterruptedException, RefusedException {
    ProvenanceHeader h = r.header();
    StoredJob s = r.store();
    List<TraceNode> up = new ArrayList<>();
    List<RawView> raw = new ArrayList<>();
    List<SourceView> sources = new ArrayList<>();
    long upMore = 0;
    long rawMore = 0;
    ReplayView replay = null;
    String note = null;
    if (!h.sourceSet()) {
      SourceEntry e;
      long offset;
      long length;
      if (h.selfContained()) {
        SourceRef ref = h.sources().get(0);
        e = SplitSet.entry(s, ref);
        if (e == null) {
          throw new IOException("The record's DataID " + ref.uri() + " [" + ref.offset() + "+"
              + ref.length() + "] is in no split of the manifest of " + s.output());
        }
        offset = ref.offset() - e.start();
        length = ref.length();
      } else {
        e = s.source(h.sourceId());
        offset = h.offset();
        length = h.length();
      }
      sources.add(view(e));
      boolean bytes = SourceEntry.POSITIONS_BYTES.equals(e.positions());
      if (e.upstream() != null && bytes && depth > 0) {
        StoredJob u = upstreamStore(s, e);
        up.add(record(records.atOffset(u, new Path(e.uri()).getName(), e.start(),
            e.start() + offset), depth - 1));
      } else {
        raw.add(raw(s, e, bytes ? e.start() + offset : offset, length, bytes));
      }
    } else {
      int[] ids = SplitSet.of(h, s, r.part());
      for (int id : ids) {
        sources.add(view(s.source(id)));
      }
      if (options.precise()) {
        KeyReplay kr = replays.get(s.output().toString());
        if (kr == null) {
          kr = KeyReplay.of(conf, s);
          replays.put(s.output().toString(), kr);
        }
        int partition = partitionOf(r.part());
        if (kr.partitionOf(r.key()) != partition) {
          note = "the job's partitioner puts key '" + r.key() + "' in partition "
              + kr.partitionOf(r.key()) + ", but the record is in " + r.part().name();
        }
        Replay rp = kr.replay(ids, r.key(), r.value(), partition, options.limit());
        List<MatchView> listed = new ArrayList<>();
        for (Replay.Match m : rp.listed()) {
          listed.add(new MatchView(m.source(), m.uri(), m.fileOffset() >= 0 ? m.fileOffset()
              : m.offset(), m.length(), m.key(), m.value(), m.emitted(), m.isolated()));
          SourceEntry e = s.source(m.source());
          if (m.header() != null && depth > 0) {
            StoredJob u = upstreamStore(s, e);
            PartEntry p = u.part(new Path(e.uri()).getName());
            up.add(record(new Located(u, p, -1, m.fileOffset(), m.inputKey(), m.inputValue(),
                m.header(), m.lineageId()), depth - 1));
          } else {
            boolean bytes = m.fileOffset() >= 0;
            raw.add(raw(s, e, bytes ? m.fileOffset() : m.offset(), m.length(), bytes));
          }
        }
        long more = rp.matched() - rp.listed().size();
        if (rp.listed().stream().anyMatch(m -> m.header() != null && depth > 0)) {
          upMore = more;
        } else {
          rawMore = more;
        }
        replay = new ReplayView(rp.splits(), rp.recordsRead(), rp.matched(), rp.emitted(),
            rp.isolated(), rp.recorded(), rp.replayed(), rp.addsUp(), rp.note(), listed);
      } else {
        Set<String> parts = new LinkedHashSet<>();
        for (int id : ids) {
          SourceEntry e = s.source(id);
          if (e.upstream() != null && depth > 0) {
            if (parts.add(e.uri())) {
              StoredJob u = upstreamStore(s, e);
              up.add(part(u, u.part(new Path(e.uri()).getName()), depth - 1));
            }
          } else if (raw.size() < options.limit()) {
            raw.add(raw(s, e, e.start(), e.length(), true));
          } else {
            rawMore++; // a store may claim any number of splits: only the limit is read
          }
        }
      }
    }
    return new TraceNode(s.output().toString(), jobOf(s), r.part().name(), r.index(),
        r.offset(), String.valueOf(r.key()), String.valueOf(r.value()), "record",
        h.sourceSet() ? "reduce" : "map", steps(s, r.lineageId()), sources, replay, up, upMore,
        raw, rawMore, note);
  }

  /** The coarse walk: a whole part, through every split its store says fed it. */
  private TraceNode part(StoredJob s, PartEntry p, int depth) throws IOException,
      RefusedException {
    String id = s.output() + "/" + p.name();
    String seen = followed.enter(id);
    if (seen != null) {
      return Followed.named(s, p, seen);
    }
    try {
      return followPart(s, p, depth);
    } finally {
      followed.leave(id);
    }
  }

  private TraceNode followPart(StoredJob s, PartEntry p, int depth) throws IOException,
      RefusedException {
    List<TraceNode> up = new ArrayList<>();
    List<RawView> raw = new ArrayList<>();
    List<SourceView> sources = new ArrayList<>();
    Set<String> parts = new LinkedHashSet<>();
    long rawMore = 0;
    SplitSet.checkDecodable(p.sources(), s, p);
    for (int id : p.sources().toArray()) {
      SourceEntry e = s.source(id);
      sources.add(view(e));
      if (e.upstream() != null && depth > 0) {
        if (parts.add(e.uri())) {
          StoredJob u = upstreamStore(s, e);
          up.add(part(u, u.part(new Path(e.uri()).getName()), depth - 1));
        }
      } else if (raw.size() < options.limit()) {
        raw.add(raw(s, e, e.start(), e.length(), true));
      } else {
        rawMore++;
      }
    }
    return new TraceNode(s.output().toString(), jobOf(s), p.name(), -1, -1, null, null, "part",
        SplitSet.mapSide(p) ? "map" : "reduce", steps(s, Math.max(0, p.lineageId())),
        sources, null, up, 0, raw, rawMore, null);
  }

  private RawView raw(StoredJob s, SourceEntry e, long offset, long length, boolean bytes)
      throws IOException, RefusedException {
    String t = null;
    if (options.showSource() && bytes) {
      t = text.read(s, e.uri(), offset, length);
    }
    return new RawView(e.uri(), offset, length, bytes ? SourceEntry.POSITIONS_BYTES
        : SourceEntry.POSITIONS_ORDINAL, t);
  }

  /**
   * The store of the upstream output a split belongs to. The split's file must lie directly in
   * it, and both inside the source roots: a store may not send the trace elsewhere.
   */
  private StoredJob upstreamStore(StoredJob s, SourceEntry e) throws IOException,
      RefusedException {
    Path file = new Path(e.uri());
    Path dir = new Path(e.upstream());
    if (file.getParent() == null || !file.getParent().toUri().getPath()
        .equals(dir.toUri().getPath())) {
      throw new IOException("Source " + e.id() + " of the lineage store of " + s.output()
          + " names " + e.uri() + " as a part of the upstream output " + e.upstream()
          + ", which it is not in");
    }
    org.provmr.recompute.ReplayConfiguration.checkSources(conf, s, List.of(e.uri(),
        e.upstream()), "trace");
    return store(dir);
  }

  private StoredJob store(Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    String k = fs.makeQualified(output).toString();
    StoredJob s = stores.get(k);
    if (s == null) {
      s = LineageStore.read(conf, output);
      SplitSet.checkPaths(s);
      stores.put(k, s);
    }
    return s;
  }

  static int partitionOf(PartEntry p) {
    String n = p.name();
    int i = n.lastIndexOf('-');
    try {
      return Integer.parseInt(n.substring(i + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      throw new IllegalArgumentException("Part " + n + " is not named part-r-NNNNN: its"
          + " partition cannot be told", e);
    }
  }

  static String jobOf(StoredJob s) {
    return s.job().jobId() + " (" + s.job().jobName() + ")";
  }

  private static List<StepView> steps(StoredJob s, int lineageId) {
    List<StepView> out = new ArrayList<>();
    for (Step step : s.job().lineage(lineageId).lineage().steps()) {
      out.add(new StepView(step.job(), step.stage().label(), step.className(), step.params()));
    }
    return out;
  }

  private static SourceView view(SourceEntry e) {
    return new SourceView(e.id(), e.uri(), e.start(), e.length(), e.upstream());
  }
}
