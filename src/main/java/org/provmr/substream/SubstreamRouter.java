package org.provmr.substream;

import java.io.IOException;
import java.util.Arrays;
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
  // The route of each single source seen, for one confidence (a writer's records all have the
  // writer's): a map task's ranges and most reduce records have one source, and its route is
  // fixed for the task (one instant, one modification time per source), so after the first
  // record of a source routing is an array read. NO_ROUTE (a distinct object, compared by
  // identity) marks a source whose records stay in the main parts.
  private static final String NO_ROUTE = new String("main");
  private static final int MAX_MEMO_SOURCES = 1 << 16;
  private String[] bySource = new String[0];
  private Confidence memoConfidence;

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
    SourceSet set = value.sources();
    if (value.hasRange() || set.size() == 1) {
      return routeOf(confidence, set.get(0));
    }
    long newest = -1;
    for (int i = 0; i < set.size(); i++) {
      newest = Math.max(newest, ages.mtime(set.get(i)));
    }
    return route(confidence, newest);
  }

  /** The route of a record with one source, remembered per source. */
  private String routeOf(Confidence confidence, int source) throws IOException {
    if (confidence != memoConfidence) {
      Arrays.fill(bySource, null);
      memoConfidence = confidence;
    }
    if (source >= 0 && source < bySource.length && bySource[source] != null) {
      String known = bySource[source];
      return known == NO_ROUTE ? null : known;
    }
    String r = route(confidence, ages.mtime(source));
    if (source >= 0 && source < MAX_MEMO_SOURCES) {
      if (source >= bySource.length) {
        bySource = Arrays.copyOf(bySource, Math.max(source + 1, bySource.length * 2));
      }
      bySource[source] = r == null ? NO_ROUTE : r;
    }
    return r;
  }

  private String route(Confidence confidence, long newest) {
    // A modification time in the future (clock skew) counts as age 0: fresh.
    return key.route(confidence, newest < 0 ? -1 : Math.max(0, now - newest));
  }
}
