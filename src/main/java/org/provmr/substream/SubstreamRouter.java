package org.provmr.substream;

import java.io.IOException;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.provmr.header.Confidence;
import org.provmr.mapreduce.OutputRouter;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;

/**
 * ProvMR's routing component: implements {@code provenance.substream.by} ({@link
 * SubstreamKey}).
 *
 * <p>A record's age is the age of its <em>newest</em> source file at the time the task started
 * (its modification time; see docs/substreams.md for why not the record's own timestamp): a
 * reduce record over one fresh and nine old splits carries fresh data and is routed with the
 * fresh. A record whose sources have no file (a non-file split) has an unknown age and stays in
 * the main parts.
 */
public class SubstreamRouter implements OutputRouter {
  private SubstreamKey key;
  private SourceAges ages;
  private long now;

  @Override
  public void setup(TaskAttemptContext context) throws IOException {
    key = SubstreamKey.of(context.getConfiguration());
    ages = new SourceAges(context.getConfiguration(), context.getJobID());
    // One instant per task, so a record's band does not depend on how fast the task writes.
    now = System.currentTimeMillis();
  }

  /** A ranged record's route is its confidence's, or its source file's age band. */
  @Override
  public boolean routesRangesBySource() {
    return true;
  }

  @Override
  public String route(Confidence confidence, TracedValue value) throws IOException {
    if (key.byConfidence() && confidence == Confidence.LOW) {
      return key.route(confidence, -1);
    }
    if (!key.byAge()) {
      return null;
    }
    // A ranged record's source is its set's one member. SourceAges keeps each source's time in
    // an array, so after a source's first record this is an array read and the band loop.
    long newest = -1;
    SourceSet set = value.sources();
    for (int i = 0; i < set.size(); i++) {
      newest = Math.max(newest, ages.mtime(set.get(i)));
    }
    return route(confidence, newest);
  }

  /**
   * A job's files of one age band (a daily batch over fresh files, a rerun over old ones) send
   * every record of a task to that band, since a record goes where its newest source does; so
   * do LOW records under {@code by=confidence} and every record when not routing by age. A job
   * over more than {@value #MAX_FILES_LOOKED_UP} files routes record by record: its reduce task
   * would otherwise look up files its records may not come from. A record with no source at
   * all (written from a reducer's setup(), before any key) has no age of its own and goes with
   * the task; routed one by one it would stay in the main parts.
   */
  @Override
  public TaskRoute everyRecord(Confidence confidence) throws IOException {
    if ((key.byConfidence() && confidence == Confidence.LOW) || !key.byAge()) {
      return new TaskRoute(key.route(confidence, -1));
    }
    long[] times = ages.everySource(MAX_FILES_LOOKED_UP);
    if (times == null || times.length == 0) {
      return null;
    }
    String first = route(confidence, times[0]);
    for (int i = 1; i < times.length; i++) {
      if (!java.util.Objects.equals(first, route(confidence, times[i]))) {
        return null;
      }
    }
    return new TaskRoute(first);
  }

  /** Files a task looks up to route all its records at once. */
  static final int MAX_FILES_LOOKED_UP = 1024;

  private String route(Confidence confidence, long newest) {
    // A modification time in the future (clock skew) counts as age 0: fresh.
    return key.route(confidence, newest < 0 ? -1 : Math.max(0, now - newest));
  }
}
