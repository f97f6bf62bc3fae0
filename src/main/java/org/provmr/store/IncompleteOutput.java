package org.provmr.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LeaseRecoverable;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What is in an output directory that a new run would write, and whether it is what a killed
 * run leaves: an <em>incomplete</em> output has no {@code _SUCCESS}, no lineage store
 * ({@code _provenance/job.json}), and holds nothing but what a job writes ({@code _temporary/},
 * {@code part-*} files, a {@code _provenance/} without job.json). Only such an output may be
 * deleted by {@link #delete}, and only when nothing in it has changed for
 * {@code provenance.output.incomplete.quiet.period} and no file in it is open for writing.
 *
 * <pre>
 * IncompleteOutput found = IncompleteOutput.inspect(conf, output);
 * if (found.state() == State.INCOMPLETE) {
 *   found.delete(conf);        // IllegalStateException if it changed or is in use
 * }
 * </pre>
 */
public final class IncompleteOutput {
  private static final Logger LOG = LoggerFactory.getLogger(IncompleteOutput.class);
  private static final String TEMPORARY = FileOutputCommitter.PENDING_DIR_NAME;
  /** What a committing job leaves in _provenance/ before job.json (written last) exists. */
  private static final Set<String> STORE_IN_PROGRESS = Set.of(LineageStore.LEGACY_FRAGMENTS,
      LineageStore.SOURCES_FILE, LineageStore.PARTS_FILE, "." + LineageStore.SOURCES_FILE
          + ".tmp", "." + LineageStore.PARTS_FILE + ".tmp", "." + LineageStore.JOB_FILE + ".tmp",
      LineageStore.SOURCES_BIN, LineageStore.PARTS_BIN, "." + LineageStore.SOURCES_BIN + ".tmp",
      "." + LineageStore.PARTS_BIN + ".tmp", OutputClaim.FILE);
  /** Stop counting files under _temporary here: the description needs no exact figure. */
  private static final int COUNT_LIMIT = 10_000;

  /** The kinds of output directory a run may find. */
  public enum State {
    /** Nothing there: a run may write it. */
    ABSENT,
    /** A ProvMR job committed it (it has a lineage store): never deleted. */
    COMMITTED,
    /** What a killed or failed run leaves: no _SUCCESS, no lineage store, only job files. */
    INCOMPLETE,
    /** Anything else (another job's output, a file, someone's directory): never deleted. */
    OTHER
  }

  private final Path output;
  private final State state;
  private final List<String> contents;

  private IncompleteOutput(Path output, State state, List<String> contents) {
    this.output = output;
    this.state = state;
    this.contents = List.copyOf(contents);
  }

  /** Looks at {@code output} (changes nothing). */
  public static IncompleteOutput inspect(Configuration conf, Path output) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    Path q = fs.makeQualified(output);
    if (!fs.exists(q)) {
      return new IncompleteOutput(q, State.ABSENT, List.of());
    }
    if (!fs.getFileStatus(q).isDirectory()) {
      return new IncompleteOutput(q, State.OTHER, List.of("a file, not a directory"));
    }
    if (LineageStore.exists(conf, q)) {
      return new IncompleteOutput(q, State.COMMITTED, List.of("a lineage store"));
    }
    if (fs.exists(new Path(q, FileOutputCommitter.SUCCEEDED_FILE_NAME))) {
      return new IncompleteOutput(q, State.OTHER, List.of(FileOutputCommitter
          .SUCCEEDED_FILE_NAME + " without a lineage store (a committed output of another job)"));
    }
    List<String> parts = new ArrayList<>();
    int fragments = 0;
    List<String> found = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (FileStatus st : fs.listStatus(q)) {
      String name = st.getPath().getName();
      if (name.equals(TEMPORARY) && st.isDirectory()) {
        found.add(TEMPORARY + "/ (" + countFiles(fs, st.getPath()) + " files of task attempts)");
      } else if (name.equals(LineageStore.DIR) && st.isDirectory()) {
        List<String> store = new ArrayList<>();
        for (FileStatus s : fs.listStatus(st.getPath())) {
          String n = s.getPath().getName();
          if (STORE_IN_PROGRESS.contains(n)) {
            store.add(n);
          } else {
            foreign.add(LineageStore.DIR + "/" + n); // recompute/, backup/: a store existed
          }
        }
        found.add(LineageStore.DIR + "/ without " + LineageStore.JOB_FILE
            + (store.isEmpty() ? "" : " (" + String.join(", ", store) + ")"));
      } else if (name.startsWith("part-") && st.isFile()) {
        parts.add(name);
      } else if (StoreNames.isTaskFragment(st)) {
        fragments++; // committed tasks' store fragments, not merged yet
      } else {
        foreign.add(name);
      }
    }
    if (!parts.isEmpty()) {
      found.add(parts.size() + (parts.size() == 1 ? " part (" : " parts (")
          + String.join(", ", parts.subList(0, Math.min(5, parts.size())))
          + (parts.size() > 5 ? ", ..." : "") + ")");
    }
    if (fragments > 0) {
      found.add(fragments + (fragments == 1 ? " task fragment" : " task fragments")
          + " (" + LineageStore.FRAGMENT_PREFIX + "*)");
    }
    if (!foreign.isEmpty()) {
      return new IncompleteOutput(q, State.OTHER, List.of("entries no job writes: "
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? ", ..." : "")));
    }
    return new IncompleteOutput(q, State.INCOMPLETE, found.isEmpty() ? List.of("nothing")
        : found);
  }

  public Path output() {
    return output;
  }

  public State state() {
    return state;
  }

  /** What the directory holds: "_temporary/ (6 files of task attempts), 2 parts (...)". */
  public String contents() {
    return String.join(", ", contents);
  }

  /**
   * For messages: "OUT has no lineage store (_provenance/job.json) and no _SUCCESS, an
   * incomplete output holding _temporary/ (6 files of task attempts), 2 parts (...)".
   */
  public String describe() {
    switch (state) {
      case ABSENT:
        return output + " does not exist";
      case INCOMPLETE:
        return output + " has no lineage store (" + LineageStore.DIR + "/"
            + LineageStore.JOB_FILE + ") and no " + FileOutputCommitter.SUCCEEDED_FILE_NAME
            + ", an incomplete output holding " + contents();
      default:
        return output + " holds " + contents();
    }
  }

  /**
   * Deletes the incomplete output. Looks again first: it must still be incomplete, nothing in
   * it may have changed within the quiet period, and (HDFS) no file in it may be open.
   *
   * @throws IllegalStateException when the directory is not (or no longer) incomplete, or
   *     looks like a job is still writing it; nothing is deleted then
   */
  public void delete(Configuration conf) throws IOException {
    IncompleteOutput now = inspect(conf, output);
    if (now.state != State.INCOMPLETE) {
      throw new IllegalStateException("Not deleting " + output + ": only an incomplete output"
          + " (no " + FileOutputCommitter.SUCCEEDED_FILE_NAME + ", no lineage store, nothing but"
          + " job files) is ever deleted, and " + now.describe());
    }
    long quiet = quietPeriod(conf);
    FileSystem fs = output.getFileSystem(conf);
    String activity = activity(fs, fs.getFileStatus(output), quiet);
    if (activity != null) {
      throw new IllegalStateException("Not deleting " + output + ": " + activity + ", so a job"
          + " may still be writing it. If none is, run again later (or remove it yourself)");
    }
    LOG.warn("Deleting incomplete output {}: {}", output, String.join(", ", now.contents));
    if (!fs.delete(output, true)) {
      throw new IOException("Could not delete incomplete output " + output);
    }
  }

  static long quietPeriod(Configuration conf) {
    long ms = conf.getTimeDuration(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD,
        ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD_DEFAULT, TimeUnit.MILLISECONDS);
    if (ms < 0) {
      throw new BadConfigurationException(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD,
          conf.get(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD), "use 0 or a duration like 1m");
    }
    return ms;
  }

  /**
   * Why {@code st} looks in use, or null: something under it changed within {@code quiet}
   * (ms), or (HDFS) a file under it is still open for writing.
   */
  private static String activity(FileSystem fs, FileStatus st, long quiet) throws IOException {
    if (st.isFile() && fs instanceof LeaseRecoverable
        && !((LeaseRecoverable) fs).isFileClosed(st.getPath())) {
      return st.getPath() + " is still open for writing (HDFS closes a dead writer's file when"
          + " its lease expires; 'hdfs debug recoverLease -path FILE' closes it now)";
    }
    long age = System.currentTimeMillis() - st.getModificationTime();
    if (quiet > 0 && age < quiet) {
      return st.getPath() + " changed " + age / 1000 + " s ago, less than "
          + ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD + " (" + quiet / 1000 + " s)";
    }
    if (st.isDirectory()) {
      for (FileStatus child : fs.listStatus(st.getPath())) {
        String why = activity(fs, child, quiet);
        if (why != null) {
          return why;
        }
      }
    }
    return null;
  }

  private static String countFiles(FileSystem fs, Path dir) throws IOException {
    int n = 0;
    var it = fs.listFiles(dir, true);
    while (it.hasNext() && n < COUNT_LIMIT) {
      it.next();
      n++;
    }
    return n >= COUNT_LIMIT ? COUNT_LIMIT + "+" : String.valueOf(n);
  }
}
