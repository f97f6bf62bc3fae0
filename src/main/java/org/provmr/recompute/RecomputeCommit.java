package org.provmr.recompute;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.KeyedMode;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputLocks;
import org.provmr.store.PartEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger(RecomputeCommit.class);

  /** Test seam: told after every step (a test throws or halts the JVM there). */
  interface StepListener {
    void after(String step) throws IOException;

    StepListener NONE = step -> { };
  }

  /**
   * An earlier run's leftovers in an output: an interrupted commit to finish (its journal), or
   * a run directory without a journal (nothing live was touched) to discard.
   */
  record Pending(Path output, Path runDir, Journal journal) {
    String describe(boolean dryRun) {
      String run = runDir.getName() + " of " + output;
      if (journal != null) {
        return (dryRun ? "will finish interrupted run " : "finished interrupted run ") + run;
      }
      return (dryRun ? "will discard unfinished run " : "discarded unfinished run ") + run;
    }
  }

  private final Configuration conf;
  private final int backupRetention;
  private final StepListener listener;

  RecomputeCommit(Configuration conf, int backupRetention, StepListener listener) {
    this.conf = conf;
    this.backupRetention = backupRetention;
    this.listener = listener;
  }

  /**
   * Commits a journal; once it is marked done, cleaning up (staging, old backups) can no longer
   * fail the commit: a problem there is returned as a warning, and no backup of this run is
   * ever deleted.
   *
   * <p>{@code locks} are checked before every step: a run that stalled in the middle of its
   * commit for longer than the lock's timeout, and whose lock another run took over to finish
   * this very journal, stops at its next step instead of writing the same files (journal,
   * store, their temporaries) as that run at the same time.
   *
   * @return null, or a warning about the clean-up after the commit
   */
  String commit(Journal journal, OutputLocks locks) throws IOException {
    Path output = new Path(journal.output());
    FileSystem fs = output.getFileSystem(conf);
    Journal.refuseLinks(fs, output);
    locks.checkHeld();
    Path journalFile = new Path(Journal.runDir(output, journal.runId()), Journal.FILE);
    LineageStore.writeAtomically(fs, journalFile, journal);
    LOG.info("Committing run {} to {}: journal {} written; part moves {}", journal.runId(),
        output, journalFile, journal.moves().stream().collect(
        Collectors.groupingBy(Journal.Move::kind, TreeMap::new, Collectors.counting())));
    LOG.debug("Part moves of run {}: {}", journal.runId(), journal.moves());
    listener.after("journal");
    Journal j = journal;
    Path backup = Journal.backupDir(output, j.runId());
    for (int i = 0; i < j.moves().size(); i++) {
      Journal.Move m = j.moves().get(i);
      if (m.needsBackup() && !m.backedUp()) {
        locks.checkHeld();
        Path live = new Path(output, m.live());
        if (!m.swapped() && fs.exists(live)) {
          Path tmp = new Path(backup, "." + m.live().replace('/', '.') + ".copying");
          FileUtil.copy(fs, live, fs, tmp, false, true, conf);
          rename(fs, tmp, new Path(backup, m.live()));
        }
        j = j.withMove(i, m.withBackup());
        LineageStore.writeAtomically(fs, journalFile, j);
        LOG.info("Run {}: backed up {} of {} to {}", j.runId(), m.live(), output, backup);
        listener.after("backup:" + m.live());
      }
    }
    for (int i = 0; i < j.moves().size(); i++) {
      Journal.Move m = j.moves().get(i);
      if (m.swapped()) {
        continue;
      }
      locks.checkHeld();
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
      LOG.info("Run {}: {} {} of {}", j.runId(), m.kind().equals("remove") ? "removed"
          : m.kind().equals("add") ? "added" : "swapped in the recomputed", m.live(), output);
      listener.after("swap:" + m.live());
    }
    locks.checkHeld();
    LineageStore.write(fs, output, j.store().job(), j.store().sources(), j.store().parts(),
        KeyedMode.signingKey(conf));
    LOG.info("Run {}: lineage store of {} rewritten ({} sources, {} parts)", j.runId(), output,
        j.store().sources().size(), j.store().parts().size());
    listener.after("store");
    locks.checkHeld();
    LineageStore.writeAtomically(fs, journalFile, j.done());
    LOG.info("Run {}: commit to {} done", j.runId(), output);
    listener.after("done");
    try {
      listener.after("cleanup");
      fs.delete(new Path(Journal.runDir(output, j.runId()), "staged"), true);
      pruneBackups(fs, output, j.runId());
      return null;
    } catch (IOException e) {
      return "recompute run " + j.runId() + " of " + output + " is committed, but cleaning up"
          + " after it failed (" + e + "); its backup is kept";
    }
  }

  /**
   * What an earlier run left in an output, oldest first, without touching anything: the same
   * list for a dry run and the real one. Every journal is checked to belong to this output
   * before it is trusted (it is a file in the output, writable by whoever owns it).
   */
  List<Pending> pending(Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path qualified = fs.makeQualified(output);
    Path dir = Journal.recomputeDir(qualified);
    List<Pending> pending = new ArrayList<>();
    if (!fs.exists(dir)) {
      return pending;
    }
    FileStatus[] runs = fs.listStatus(dir);
    Arrays.sort(runs); // run ids start with their UTC time
    for (FileStatus run : runs) {
      Path journalFile = new Path(run.getPath(), Journal.FILE);
      if (!fs.exists(journalFile)) {
        pending.add(new Pending(qualified, run.getPath(), null));
        continue;
      }
      Journal j = LineageStore.readJson(fs, journalFile, new TypeReference<Journal>() { });
      j.checkBelongsTo(qualified, run.getPath(), journalFile);
      if (!Journal.DONE.equals(j.state())) {
        pending.add(new Pending(qualified, run.getPath(), j));
      }
    }
    return pending;
  }

  /** Finishes an interrupted commit, or discards a run that never got a journal. */
  String resume(Pending p, OutputLocks locks) throws IOException {
    Journal.refuseLinks(p.output().getFileSystem(conf), p.output());
    if (p.journal() != null) {
      Journal j = p.journal();
      LOG.info("Finishing interrupted run {} of {} from its journal ({} of {} moves swapped)",
          j.runId(), p.output(), j.moves().stream().filter(Journal.Move::swapped).count(),
          j.moves().size());
      return commit(j, locks);
    }
    LOG.info("Discarding unfinished run {} of {}: it has no journal, so nothing live was"
        + " touched", p.runDir().getName(), p.output());
    p.runDir().getFileSystem(conf).delete(p.runDir(), true);
    return null;
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
    fs.mkdirs(to.getParent()); // a sub-stream part's directory (priority/) may not exist yet
    FileContext.getFileContext(fs.getUri(), fs.getConf())
        .rename(from, to, Options.Rename.OVERWRITE);
  }

  /** Keeps the newest backupRetention (at least 1) runs' backups, and always this run's. */
  private void pruneBackups(FileSystem fs, Path output, String runId) throws IOException {
    Path root = Journal.backupRoot(output);
    if (!fs.exists(root)) {
      return;
    }
    FileStatus[] runs = fs.listStatus(root);
    Arrays.sort(runs); // run ids start with their UTC time
    for (int i = 0; i < runs.length - backupRetention; i++) {
      if (!runs[i].getPath().getName().equals(runId)) {
        LOG.info("Pruning backup {} of {} (keeping the newest {})", runs[i].getPath().getName(),
            output, backupRetention);
        fs.delete(runs[i].getPath(), true);
      }
    }
    Path done = Journal.recomputeDir(output);
    for (FileStatus run : fs.listStatus(done)) {
      if (!fs.exists(new Path(root, run.getPath().getName()))
          && fs.exists(new Path(run.getPath(), Journal.FILE))) {
        Journal j = LineageStore.readJson(fs, new Path(run.getPath(), Journal.FILE),
            new TypeReference<Journal>() { });
        if (Journal.DONE.equals(j.state())) {
          LOG.debug("Removing the finished journal of run {} of {}", j.runId(), output);
          fs.delete(run.getPath(), true);
        }
      }
    }
  }
}
