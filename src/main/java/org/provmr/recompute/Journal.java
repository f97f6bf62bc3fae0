package org.provmr.recompute;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.hadoop.fs.Path;
import org.provmr.io.UntrustedFiles;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoreNames;

/**
 * The commit record of one recomputed stage, {@code _provenance/recompute/<run>/journal.json}:
 * every part move with its progress, and the lineage store to write once the parts are in
 * place. Written before the first live file is touched and after every step, so a rerun after
 * a crash knows exactly where to continue; without a journal, nothing live was touched and the
 * staged files are simply discarded.
 *
 * @param version journal layout version
 * @param runId the recompute run
 * @param output the output directory
 * @param state committing or done
 * @param moves the part moves
 * @param store the lineage store after the commit
 */
public record Journal(int version, String runId, String output, String state, List<Move> moves,
    NewStore store) {

  static final int VERSION = 1;
  static final String COMMITTING = "committing";
  static final String DONE = "done";
  static final String FILE = "journal.json";

  public Journal {
    moves = List.copyOf(moves);
  }

  /**
   * One part move.
   *
   * @param kind replace (live part backed up, staged part renamed over it), add (staged part
   *     renamed into place) or remove (live part backed up, then deleted)
   * @param live the part's name in the output directory
   * @param staged the staged file, or null for a remove
   * @param backedUp whether the live part has been copied to the backup directory
   * @param swapped whether the live directory has its new state for this part
   */
  public record Move(String kind, String live, String staged, boolean backedUp,
      boolean swapped) {

    static Move of(String kind, String live, String staged) {
      return new Move(kind, live, staged, false, false);
    }

    Move withBackup() {
      return new Move(kind, live, staged, true, swapped);
    }

    Move withSwap() {
      return new Move(kind, live, staged, backedUp, true);
    }

    boolean needsBackup() {
      return !kind.equals("add");
    }
  }

  /** The lineage store as it must read after the commit. */
  public record NewStore(JobRecord job, List<SourceEntry> sources, List<PartEntry> parts) {
  }

  static Journal prepare(String runId, Path output, Path runDir, List<Move> moves,
      NewStore store) {
    // Adds and replaces first, removes last: a crash in between leaves too much, never too
    // little, and the journal finishes the job on the next run.
    List<Move> ordered = new ArrayList<>();
    moves.stream().filter(m -> !m.kind().equals("remove")).forEach(ordered::add);
    moves.stream().filter(m -> m.kind().equals("remove")).forEach(ordered::add);
    return new Journal(VERSION, runId, output.toString(), COMMITTING, ordered, store);
  }

  /**
   * Checks that this journal, read from {@code file} in {@code runDir}, describes a commit of
   * {@code output} and moves nothing but plain part names in and out of it, from its own
   * staging directory. A journal is a file in the output, writable by whoever owns the output:
   * without this, one naming another output, {@code ../x} or a staged file elsewhere would
   * have the service rename or delete files outside the output on resume.
   */
  /**
   * A path the journal names, or null when it names none: the file is untrusted, and Hadoop's
   * Path throws IllegalArgumentException for "" or "a:b".
   */
  private static Path pathOrNull(String s) {
    try {
      return s == null ? null : new Path(s);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  void checkBelongsTo(Path output, Path runDir, Path file) throws IOException {
    List<String> problems = new ArrayList<>();
    if (!runDir.getName().equals(runId)) {
      problems.add("its run id '" + runId + "' is not its directory's name");
    }
    Path about = pathOrNull(output());
    if (about == null || !about.equals(output)) {
      problems.add("it is about output " + output() + ", not " + output);
    }
    Path staging = new Path(runDir, "staged");
    for (Move m : moves) {
      String why = StoreNames.whyNotPartName(m.live());
      if (why != null) {
        problems.add("part name '" + m.live() + "': " + why);
      }
      if (!List.of("replace", "add", "remove").contains(m.kind())) {
        problems.add("move kind '" + m.kind() + "'");
      } else if (!m.kind().equals("remove") && (pathOrNull(m.staged()) == null
          || !staging.equals(pathOrNull(m.staged()).getParent())
          || StoreNames.whyNotPlain(pathOrNull(m.staged()).getName()) != null)) {
        problems.add("staged file " + m.staged() + " is not in " + staging);
      }
    }
    for (PartEntry p : store == null ? List.<PartEntry>of() : store.parts()) {
      String why = StoreNames.whyNotPartName(p.name());
      if (why != null) {
        problems.add("part name '" + p.name() + "' in its store: " + why);
      }
    }
    if (store == null) {
      problems.add("it has no store");
    }
    if (!problems.isEmpty()) {
      throw new IOException("Refusing to resume from " + file + ": "
          + StringEscapeUtils.escapeJava(String.join("; ", problems)) + ". A journal only"
          + " moves parts of its own output; if no recompute wrote this file, remove " + runDir
          + " and recompute again.");
    }
  }

  Journal withMove(int i, Move m) {
    List<Move> next = new ArrayList<>(moves);
    next.set(i, m);
    return new Journal(version, runId, output, state, next, store);
  }

  Journal done() {
    return new Journal(version, runId, output, DONE, moves, store);
  }

  static Path recomputeDir(Path output) {
    return new Path(LineageStore.dir(output), "recompute");
  }

  static Path runDir(Path output, String runId) {
    return new Path(recomputeDir(output), runId);
  }

  static Path backupRoot(Path output) {
    return new Path(LineageStore.dir(output), "backup");
  }

  static Path backupDir(Path output, String runId) {
    return new Path(backupRoot(output), runId);
  }

  /**
   * Refuses to write or delete below {@code output}'s store through a symbolic link (local file
   * system; HDFS has links disabled by default): its owner writes {@code _provenance/} too, and
   * a link at {@code backup/} or {@code recompute/} would make recompute copy parts, stage
   * outputs or discard runs in another directory with the service user's rights.
   */
  static void refuseLinks(org.apache.hadoop.fs.FileSystem fs, Path output) throws IOException {
    for (Path p : new Path[] {LineageStore.dir(output), recomputeDir(output),
        backupRoot(output)}) {
      if (UntrustedFiles.isLocalLink(fs, p)) {
        throw new IOException(p + " is a symbolic link; recompute does not write through links"
            + " found in an output directory. Remove the link and retry.");
      }
    }
  }
}
