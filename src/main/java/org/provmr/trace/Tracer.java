package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.lineage.Step;
import org.provmr.recompute.RefusedException;
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
  private final TraceStores stores;
  private final Map<String, KeyReplay> replays = new HashMap<>();
  private final Followed followed;

  /**
   * @throws org.provmr.conf.BadConfigurationException if a provenance.trace.* limit is not a
   *     number of at least 1, before anything is read
   */
  public Tracer(Configuration conf, TraceOptions options) {
    this.conf = conf;
    this.options = options;
    this.records = new OutputRecords(conf);
    this.text = new SourceText(conf);
    this.stores = new TraceStores(conf);
    this.followed = Followed.of(conf);
  }

  /** Traces the record {@code options} names in {@code output}. */
  public TraceNode trace(Path output) throws IOException, InterruptedException, RefusedException {
    StoredJob store = stores.of(output);
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
    // Records of one compressed block share an offset: their key and value tell them apart,
    // by a digest (a value can be as long as provenance.read.max.record.bytes).
    String id = r.store().output() + "/" + r.part().name() + "@" + r.offset() + "\0"
        + Followed.digest(r.key() + "\0" + r.value());
    String seen = followed.enter(id);
    if (seen != null) {
      return Followed.named(r, text.shown(r.key()), text.shown(r.value()), seen);
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
    long sourcesMore = 0;
    ReplayView replay = null;
    String note = null;
    if (!h.sourceSet()) {
      SourceEntry e;
      long offset;
      long length;
      if (h.selfContained()) {
        SourceRef ref = h.sources().get(0);
        e = stores.index(s).entry(ref);
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
        StoredJob u = stores.upstream(s, e);
        up.add(record(records.atOffset(u, new Path(e.uri()).getName(), e.start(),
            e.start() + offset), depth - 1));
      } else {
        raw.add(raw(s, e, bytes ? e.start() + offset : offset, length, bytes));
      }
    } else {
      int[] ids = SplitSet.of(h, s, r.part(), h.selfContained() ? stores.index(s) : null);
      for (int i = 0; i < ids.length && i < options.limit(); i++) {
        sources.add(view(s.source(ids[i])));
      }
      sourcesMore = ids.length - sources.size();
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
              : m.offset(), m.length(), text.shown(m.key()), text.shown(m.value()),
              m.emitted(), m.isolated()));
          SourceEntry e = s.source(m.source());
          if (m.header() != null && depth > 0) {
            StoredJob u = stores.upstream(s, e);
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
        Set<String> parts = new HashSet<>();
        for (int id : ids) {
          SourceEntry e = s.source(id);
          if (e.upstream() != null && depth > 0) {
            if (parts.add(e.uri())) {
              upMore += upstreamPart(s, e, up, depth);
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
        r.offset(), text.shown(r.key()), text.shown(r.value()), "record",
        h.sourceSet() ? "reduce" : "map", steps(s, r.lineageId()), sources, sourcesMore, replay,
        up, upMore, raw, rawMore, note);
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
    Set<String> parts = new HashSet<>();
    long rawMore = 0;
    long upMore = 0;
    SplitSet.checkDecodable(p.sources(), s, p);
    int[] ids = p.sources().toArray();
    for (int id : ids) {
      SourceEntry e = s.source(id);
      if (sources.size() < options.limit()) {
        sources.add(view(e));
      }
      if (e.upstream() != null && depth > 0) {
        if (parts.add(e.uri())) {
          upMore += upstreamPart(s, e, up, depth);
        }
      } else if (raw.size() < options.limit()) {
        raw.add(raw(s, e, e.start(), e.length(), true));
      } else {
        rawMore++;
      }
    }
    return new TraceNode(s.output().toString(), jobOf(s), p.name(), -1, -1, null, null, "part",
        SplitSet.mapSide(p) ? "map" : "reduce", steps(s, Math.max(0, p.lineageId())),
        sources, ids.length - sources.size(), null, up, upMore, raw, rawMore, null);
  }

  /**
   * Follows the upstream part split {@code e} of {@code s} reads, into {@code up}, unless
   * {@code --limit} parts are there already; 1 when it was only counted.
   */
  private long upstreamPart(StoredJob s, SourceEntry e, List<TraceNode> up, int depth)
      throws IOException, RefusedException {
    if (up.size() >= options.limit()) {
      return 1; // a store may name any number of upstream parts: only the limit is followed
    }
    StoredJob u = stores.upstream(s, e);
    up.add(part(u, u.part(new Path(e.uri()).getName()), depth - 1));
    return 0;
  }

  private RawView raw(StoredJob s, SourceEntry e, long offset, long length, boolean bytes)
      throws IOException, RefusedException {
    String t = null;
    long cut = 0;
    if (options.showSource() && bytes) {
      SourceText.Shown shown = text.read(s, e.uri(), offset, length);
      t = shown.text();
      cut = shown.cut();
    }
    return new RawView(e.uri(), offset, length, bytes ? SourceEntry.POSITIONS_BYTES
        : SourceEntry.POSITIONS_ORDINAL, t, cut);
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
