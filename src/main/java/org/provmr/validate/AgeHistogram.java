package org.provmr.validate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Writable;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.store.StoredJob;

/**
 * Records of an output per age band (docs/substreams.md). A record's age is that of its newest
 * source, as for routing: {@code now} minus the largest modification time the lineage store
 * recorded for the sources its DataID names, over the bands of
 * {@value ProvenanceKeys#SUBSTREAM_AGE_BANDS}.
 *
 * <p>From the store alone ({@link #addPart}) a part whose sources all fall in one band counts
 * all its records there, exactly; a part whose sources span bands counts them as
 * {@code mixed}, since only its record headers say which record read what ({@link #addRecord}
 * classifies one record, for a caller that reads them).
 */
public final class AgeHistogram {
  /** Band index of records whose sources have no modification time. */
  public static final int UNKNOWN = -1;
  /** Band index of a part whose sources span several bands. */
  public static final int MIXED = -2;

  private final long[] limits;
  private final List<String> labels = new ArrayList<>();
  private final long now;
  private final Map<Integer, Long> mtimes = new HashMap<>();
  private final MtimeRanges ranges;
  private final long[] counts;
  private long unknown;
  private long mixed;

  /**
   * @param bands the band limits as configured ({@code 1h,1d,7d})
   * @param now the instant ages are measured from (ms)
   */
  public AgeHistogram(String bands, long now, List<SourceEntry> sources) {
    String[] parts = bands.split(",");
    limits = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      long ms = Durations.parse(ProvenanceKeys.SUBSTREAM_AGE_BANDS, parts[i].trim());
      if (ms <= 0 || (i > 0 && ms <= limits[i - 1])) {
        throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_AGE_BANDS, bands,
            "ascending durations such as 1h,1d,7d");
      }
      limits[i] = ms;
    }
    for (int i = 0; i <= limits.length; i++) {
      labels.add(i == 0 ? "<" + Durations.format(limits[0])
          : i == limits.length ? ">=" + Durations.format(limits[i - 1])
          : Durations.format(limits[i - 1]) + "-" + Durations.format(limits[i]));
    }
    counts = new long[limits.length + 1];
    this.now = now;
    for (SourceEntry s : sources) {
      mtimes.put(s.id(), s.modificationTime());
    }
    ranges = new MtimeRanges(mtimes);
  }

  /** The bands of the operator's configuration. */
  public static AgeHistogram of(Configuration conf, long now, List<SourceEntry> sources) {
    return new AgeHistogram(conf.getTrimmed(ProvenanceKeys.SUBSTREAM_AGE_BANDS,
        ProvenanceKeys.SUBSTREAM_AGE_BANDS_DEFAULT), now, sources);
  }

  /** The band of records reading {@code sources}: that of the newest, or {@link #UNKNOWN}. */
  public int band(SourceIds sources) {
    // A run at a time: a crafted store's set claims the whole manifest, or 2^31 ids, in a few
    // bytes; ids the manifest lacks have no time.
    long[] newest = {0};
    sources.forEachRun((s, e) -> newest[0] = Math.max(newest[0], ranges.newest(s, e)));
    return bandOfMtime(newest[0]);
  }

  /** The band of a record reading source {@code id}. */
  public int band(int id) {
    return bandOfMtime(mtimes.getOrDefault(id, 0L));
  }

  private int bandOfMtime(long mtime) {
    if (mtime <= 0) {
      return UNKNOWN;
    }
    long age = Math.max(0, now - mtime); // a time in the future is age 0
    for (int i = 0; i < limits.length; i++) {
      if (age < limits[i]) {
        return i;
      }
    }
    return limits.length;
  }

  /**
   * The band all of a part's records are in, from its sources: one band when they all fall
   * in it, else {@link #MIXED}; {@link #UNKNOWN} when none has a time.
   */
  public int partBand(PartEntry part) {
    // A run at a time, as band(SourceIds): bands grow with age, so a run's ids share one band
    // when its oldest and newest do; ids the manifest lacks are UNKNOWN.
    int[] seen = {Integer.MIN_VALUE};
    part.sources().forEachRun((s, e) -> {
      long known = ranges.count(s, e);
      if (known < e - s) {
        seen[0] = merge(seen[0], UNKNOWN);
      }
      if (known > 0) {
        seen[0] = merge(merge(seen[0], bandOfMtime(ranges.oldest(s, e))),
            bandOfMtime(ranges.newest(s, e)));
      }
    });
    return seen[0] == Integer.MIN_VALUE ? UNKNOWN : seen[0];
  }

  private static int merge(int seen, int band) {
    return seen == Integer.MIN_VALUE || seen == band ? band : MIXED;
  }

  /** Counts a part's records from the store alone (mixed when its sources span bands). */
  public int addPart(PartEntry part) {
    int b = partBand(part);
    add(b, Math.max(0, part.records()));
    return b;
  }

  /** Counts {@code n} records in band {@code b}. */
  public void add(int b, long n) {
    if (b == UNKNOWN) {
      unknown += n;
    } else if (b == MIXED) {
      mixed += n;
    } else {
      counts[b] += n;
    }
  }

  /** Records per band label, youngest first, then {@code unknown} and {@code mixed}. */
  public Map<String, Long> counts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      m.put(labels.get(i), counts[i]);
    }
    m.put("unknown", unknown);
    m.put("mixed", mixed);
    return m;
  }

  /** One line: {@code <1h 10, 1h-1d 0, ... unknown 0}; mixed only when there are any. */
  public String line() {
    StringBuilder b = new StringBuilder();
    counts().forEach((k, v) -> {
      if (!k.equals("mixed") || v > 0) {
        b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v);
      }
    });
    return b.toString();
  }

  /**
   * Records per age band (docs/substreams.md): from the store for a part whose sources share a
   * band, from its record headers for one whose sources span bands.
   */
  public static AgeHistogram read(Configuration conf, Path dir, StoredJob store)
      throws IOException {
    AgeHistogram h = AgeHistogram.of(conf, System.currentTimeMillis(), store.sources());
    for (PartEntry p : store.parts()) {
      int band = h.partBand(p);
      if (band != AgeHistogram.MIXED) {
        h.add(band, Math.max(0, p.records()));
        continue;
      }
      try (ProvenanceFileReader<Writable, Writable> reader =
               new ProvenanceFileReader<>(conf, new Path(dir, p.name()))) {
        while (reader.next()) {
          ProvenanceHeader header = reader.value().header();
          if (header.selfContained()) {
            h.add(AgeHistogram.MIXED, 1); // names URIs, not the store's ids
          } else if (!header.sourceSet()) {
            h.add(h.band(header.sourceId()), 1);
          } else if (header.sourceSetId() >= 0 && header.sourceSetId() < p.sourceSets().size()
              && !p.summarized(header.sourceSetId())) {
            h.add(h.band(p.sourceSets().get(header.sourceSetId())), 1);
          } else {
            h.add(h.band(p.sources()), 1); // a summary: the part's newest source
          }
        }
      }
    }
    return h;
  }
}
