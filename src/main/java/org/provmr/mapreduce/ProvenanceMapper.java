package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * A Mapper whose output records carry provenance. Extend it instead of {@link Mapper} and
 * write {@code map()} exactly as before; then call {@link ProvenanceJob#configure} in the
 * driver.
 *
 * <p>Every value written from {@code map()} is stamped with the DataID of the input record
 * being processed (this task's split and the record's byte range); values written from
 * {@code setup()} or {@code cleanup()} are attributed to the whole split. At the end of the
 * task the split is entered in the job's source manifest with a fingerprint of its bytes.
 *
 * <p>When the job was not configured by ProvenanceJob (a unit test, a plain job) this class
 * behaves exactly like Mapper.
 */
public class ProvenanceMapper<KI, VI, KO, VO> extends Mapper<KI, VI, KO, VO> {

  @Override
  public void run(Context context) throws IOException, InterruptedException {
    if (!ProvenanceJob.isEnabled(context.getConfiguration())) {
      super.run(context);
      return;
    }
    MapSideTracker tracker = new MapSideTracker(context, context.getInputSplit(),
        this instanceof Delegator
            && ((Delegator) this).writesAfterItsRecords(context.getConfiguration()));
    if (tracker.replayed()) {
      return; // an earlier run's output of the same bytes was written instead (MapOutputKeeper)
    }
    // The tracing context tells the tracker where each record starts and when cleanup begins.
    NamedOutputs.restoreKeyClasses(context.getConfiguration());
    var previous = NamedOutputs.publish(tracker::trace); // MultipleOutputs' writes
    try {
      runTraced(new TracingMapper<KI, VI, KO, VO>(tracker).wrap(context));
    } finally {
      NamedOutputs.restore(previous);
    }
    tracker.finish();
  }

  /**
   * Runs the map loop over the tracing context: Mapper's own loop over this class's
   * setup/map/cleanup. A subclass that runs another Mapper's loop (a {@link Delegator}, such as
   * {@code provmr wrap}'s) overrides it to run that Mapper over the same context.
   */
  protected void runTraced(Context traced) throws IOException, InterruptedException {
    super.run(traced);
  }
}
