package org.provmr.recompute;

import java.io.IOException;
import java.util.Collection;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.recompute.RecomputePlan.StagePlan;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.validate.SourceRoots;

/**
 * Recompute reads sources by the URIs a lineage store records, so it keeps to the same fence
 * as validation ({@link SourceRoots}): every file or directory a stage's sub-jobs would read is
 * checked before anything runs, and files found at run time (re-split upstream parts) again
 * before they are read. A store that points elsewhere is refused, never read: the recomputed
 * parts would otherwise copy a file the service can read into an output its writer can read.
 */
final class SourceFence {
  private SourceFence() {
  }

  /** What the stage's sub-jobs will read, by the plan and its store. */
  static void check(Configuration conf, StagePlan stage, StoredJob store)
      throws IOException, RefusedSourceException {
    TreeSet<String> uris = new TreeSet<>(stage.changedFiles());
    for (SourceEntry s : store.sources()) {
      boolean read = stage.mapOnly() ? stage.remapSources().contains(s.id()) : true;
      if (read) {
        uris.add(s.uri());
      }
      if (stage.resyncUpstream() && s.upstream() != null) {
        uris.add(s.upstream());
      }
    }
    check(conf, store, uris, "stage " + stage.output());
  }

  /** Each URI must lie under the output's roots, with no symbolic link below its root. */
  static void check(Configuration conf, StoredJob store, Collection<String> uris, String what)
      throws IOException, RefusedSourceException {
    if (uris.isEmpty()) {
      return;
    }
    SourceRoots roots = SourceRoots.of(conf, store.job());
    for (String uri : uris) {
      String why = roots.violation(uri);
      if (why == null) {
        why = roots.linkViolation(conf, uri);
      }
      if (why != null) {
        throw new RefusedSourceException("Refused: the lineage store of " + store.output()
            + " would have " + what + " read " + uri + ", but " + why + ". Recompute reads"
            + " sources only under " + ProvenanceKeys.VALIDATE_SOURCE_ROOTS + " (narrowed to"
            + " the inputs the job recorded); nothing was read or run.");
      }
    }
  }
}
