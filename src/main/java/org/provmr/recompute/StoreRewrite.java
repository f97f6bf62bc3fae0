package org.provmr.recompute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.fs.Path;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/** The lineage store of an output as it must read once a recompute's moves are done. */
final class StoreRewrite {
  private StoreRewrite() {
  }

  /** The store after the swap: staged entries replace the ones they supersede. */
  static Journal.NewStore after(StoredJob live, StoredJob staged,
      List<Journal.Move> moves, TreeSet<Integer> retired, int lineageId, Lineage lineage) {
    Map<String, String> stagedToLive = new HashMap<>();
    TreeSet<String> removed = new TreeSet<>();
    for (Journal.Move m : moves) {
      if (m.kind().equals("remove")) {
        removed.add(m.live());
      } else {
        stagedToLive.put(new Path(m.staged()).getName(), m.live());
      }
    }
    Map<String, PartEntry> parts = new TreeMap<>();
    for (PartEntry p : live.parts()) {
      if (!removed.contains(p.name())) {
        parts.put(p.name(), p);
      }
    }
    for (PartEntry p : staged.parts()) {
      String name = stagedToLive.get(p.name());
      if (name != null) {
        parts.put(name, p.renamed(name));
      }
    }
    Map<Integer, SourceEntry> sources = new TreeMap<>();
    for (SourceEntry s : live.sources()) {
      if (!retired.contains(s.id())) {
        sources.put(s.id(), s);
      }
    }
    for (SourceEntry s : staged.sources()) {
      sources.put(s.id(), s); // re-read now: current length, time and fingerprint
    }
    List<LineageEntry> lineages = new ArrayList<>(live.job().lineages());
    lineages.add(new LineageEntry(lineageId, lineage));
    JobRecord j = live.job();
    JobRecord job = new JobRecord(j.formatVersion(), j.jobId(), j.jobName(), j.user(),
        j.committedAt(), j.headerMode(), j.checksumAlgorithm(), j.inputs(), lineages,
        j.configuration());
    return new Journal.NewStore(job, new ArrayList<>(sources.values()),
        new ArrayList<>(parts.values()));
  }
}
