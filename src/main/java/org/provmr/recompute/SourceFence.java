package org.provmr.recompute;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
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
  /**
   * A replayed key whose value is a file the sub-job's tasks read: TotalOrderPartitioner's
   * split points ({@code TotalOrderPartitioner.PARTITIONER_PATH}).
   */
  static final String PARTITION_FILE = "mapreduce.totalorderpartitioner.path";
  /**
   * TotalOrderPartitioner's default, the one value it reads from the task's working directory
   * (the job's cache files, which the operator ships with -files); any other value, relative
   * ones included, is a path on the job's file system.
   */
  private static final String TASK_LOCAL_PARTITION_FILE = "_partition.lst";

  private SourceFence() {
  }

  /**
   * A file named by a replayed key of the store's configuration is read where the store says,
   * so it keeps to the sources' fence: otherwise a job owner could have the recompute read any
   * file the service can as split points, and learn of its keys from how the recomputed parts
   * are cut. Hadoop's Sort keeps its split points inside its input directory, TeraSort ships
   * them as {@code _partition.lst}; both pass.
   *
   * @param replayed the sub-job's configuration, the store's replayed keys set
   * @param fromStore whether {@code replayed}'s value of the key came from the store
   */
  static void checkReplayedFiles(Configuration operator, Configuration replayed,
      boolean fromStore, StoredJob store) throws IOException, RefusedSourceException {
    String file = replayed.getTrimmed(PARTITION_FILE);
    if (!fromStore || file == null || file.equals(TASK_LOCAL_PARTITION_FILE)) {
      return; // the operator's own value, or the task's working directory
    }
    Path p;
    try {
      p = new Path(file);
    } catch (IllegalArgumentException e) {
      throw new RefusedSourceException("Refused: the lineage store of " + store.output()
          + " sets " + PARTITION_FILE + " to '" + file + "', which is not a path; nothing was"
          + " read or run.");
    }
    String uri = p.getFileSystem(replayed).makeQualified(p).toString();
    check(operator, store, List.of(uri), "its replayed " + PARTITION_FILE);
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
