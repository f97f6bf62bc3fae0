package org.provmr.recompute;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;

/**
 * Swaps verified staged parts into a live output without ever losing one:
 * <ol>
 *   <li>journal written (nothing live touched yet);</li>
 *   <li>each part to be replaced or removed is copied to {@code _provenance/backup/<run>/};</li>
 *   <li>each staged part is renamed over its live name with an atomic overwriting rename, so the
 *       live name always holds the old part or the new one; removals come last;</li>
 *   <li>the lineage store is rewritten to describe the new parts;</li>
 *   <li>the journal is marked done, staging removed, old backups pruned.</li>
 * </ol>
 * Every step is idempotent and recorded in the journal, so {@link #resume} after a crash at
 * any point finishes the commit.
 */
final class RecomputeCommit {

  /** Test seam: told after every step (a test throws or halts the JVM there). */
  interface StepListener {
    void after(String step) throws IOException;

    StepListener NONE = step -> { };
  }

  private final Configuration conf;
  private final StepListener listener;

  RecomputeCommit(Configuration conf, StepListener listener) {
    this.conf = conf;
    this.listener = listener;
  }

  void commit(Journal journal) throws IOException {
    Path output = new Path(journal.output());
    FileSystem fs = output.getFileSystem(conf);
    Path journalFile = new Path(Journal.runDir(output, journal.runId()), Journal.FILE);
    LineageStore.writeAtomically(fs, journalFile, journal);
    listener.after("journal");
    Journal j = journal;
    Path backup = Journal.backupDir(output, j.runId());
    for (int i = 0; i < j.moves().size(); i++) {
      Journal.Move m = j.moves().get(i);
      if (m.needsBackup() && !m.backedUp()) {
        Path live = new Path(output, m.live());
        if (!m.swapped() && fs.exists(live)) {
          Path tmp = new Path(backup, "." + m.live() + ".copying");
          FileUtil.copy(fs, live, fs, tmp, false, true, conf);
          rename(fs, tmp, new Path(backup, m.live()));
        }
        j = j.withMove(i, m.withBackup());
        LineageStore.writeAtomically(fs, journalFile, j);
        listener.after("backup:" + m.live());
      }
    }
    for (int i = 0; i < j.moves().size(); i++) {
      Journal.Move m = j.moves().get(i);
      if (m.swapped()) {
        continue;
      }
      Path live = new Path(output, m.live());
      if (m.kind().equals("remove")) {
        fs.delete(live, false);
      } else {
        Path staged = new Path(m.staged());
        if (fs.exists(staged)) {
          rename(fs, staged, live);
        } else if (!isNewPart(fs, live, j.store(), m.live())) {
          throw new IOException("Cannot finish recompute run " + j.runId() + ": staged " + staged
              + " is gone and " + live + " is not the recomputed part; the backup of the old"
              + " part is in " + backup);
        }
      }
      j = j.withMove(i, m.withSwap());
      LineageStore.writeAtomically(fs, journalFile, j);
      listener.after("swap:" + m.live());
    }
    LineageStore.write(fs, output, j.store().job(), j.store().sources(), j.store().parts(),
        KeyedMode.signingKey(conf));
    listener.after("store");
    LineageStore.writeAtomically(fs, journalFile, j.done());
    listener.after("done");
    fs.delete(new Path(Journal.runDir(output, j.runId()), "staged"), true);
    pruneBackups(fs, output);
  }

  /** Finishes every interrupted commit of an output; discards runs that never got a journal. */
  List<String> resume(Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path dir = Journal.recomputeDir(output);
    List<String> resumed = new ArrayList<>();
    if (!fs.exists(dir)) {
      return resumed;
    }
    for (FileStatus run : fs.listStatus(dir)) {
      Path journalFile = new Path(run.getPath(), Journal.FILE);
      if (!fs.exists(journalFile)) {
        fs.delete(run.getPath(), true); // crashed before committing: nothing live was touched
        resumed.add("discarded unfinished run " + run.getPath().getName() + " of " + output);
        continue;
      }
      Journal j = LineageStore.readJson(fs, journalFile, new TypeReference<Journal>() { });
      if (!Journal.DONE.equals(j.state())) {
        commit(j);
        resumed.add("finished interrupted run " + j.runId() + " of " + output);
      }
    }
    return resumed;
  }

  private static boolean isNewPart(FileSystem fs, Path live, Journal.NewStore store, String name)
      throws IOException {
    if (!fs.exists(live)) {
      return false;
    }
    for (PartEntry p : store.parts()) {
      if (p.name().equals(name)) {
        return p.checksum().equals(StagedVerifier.wholeChecksum(fs, live,
            ChecksumAlgorithm.fromName(p.checksumAlgorithm())));
      }
    }
    return false;
  }

  private static void rename(FileSystem fs, Path from, Path to) throws IOException {
    FileContext.getFileContext(fs.getUri(), fs.getConf())
        .rename(from, to, Options.Rename.OVERWRITE);
  }

  private void pruneBackups(FileSystem fs, Path output) throws IOException {
    int keep = conf.getInt(ProvenanceKeys.RECOMPUTE_BACKUP_RETENTION,
        ProvenanceKeys.RECOMPUTE_BACKUP_RETENTION_DEFAULT);
    Path root = Journal.backupRoot(output);
    if (!fs.exists(root)) {
      return;
    }
    FileStatus[] runs = fs.listStatus(root);
    Arrays.sort(runs); // run ids start with their UTC time
    for (int i = 0; i < runs.length - keep; i++) {
      fs.delete(runs[i].getPath(), true);
    }
    Path done = Journal.recomputeDir(output);
    for (FileStatus run : fs.listStatus(done)) {
      if (!fs.exists(new Path(root, run.getPath().getName()))
          && fs.exists(new Path(run.getPath(), Journal.FILE))) {
        Journal j = LineageStore.readJson(fs, new Path(run.getPath(), Journal.FILE),
            new TypeReference<Journal>() { });
        if (Journal.DONE.equals(j.state())) {
          fs.delete(run.getPath(), true);
        }
      }
    }
  }
}
