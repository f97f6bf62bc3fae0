package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a capture job routes records to sub-streams, and with which {@link OutputRouter}.
 * Capture knows only the interface: the router is named by a key (ProvMR's own lives in
 * {@code org.provmr.substream}), so capture does not depend on it.
 */
final class OutputRouting {
  private static final Logger LOG = LoggerFactory.getLogger(OutputRouting.class);

  private OutputRouting() {
  }

  private static final String PROVMR_ROUTER = "org.provmr.substream.SubstreamRouter";

  /** The task's router, set up, or null when {@code provenance.substream.by} is none. */
  static OutputRouter router(TaskAttemptContext context) throws IOException {
    Configuration conf = context.getConfiguration();
    String by = conf.getTrimmed(ProvenanceKeys.SUBSTREAM_BY, ProvenanceKeys.SUBSTREAM_BY_DEFAULT);
    if (by.isEmpty() || by.equals("none")) {
      return null;
    }
    String name = conf.getTrimmed(ProvenanceKeys.SUBSTREAM_ROUTER_CLASS,
        ProvenanceKeys.SUBSTREAM_ROUTER_CLASS_DEFAULT);
    if (name.isEmpty()) {
      name = PROVMR_ROUTER; // by name: capture does not depend on the substream package
    }
    Class<?> c;
    try {
      c = conf.getClassByName(name);
    } catch (ClassNotFoundException e) {
      throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_ROUTER_CLASS + "=" + name
          + ": class not found; put its jar on the job's class path (-libjars) or unset the"
          + " key to use ProvMR's router");
    }
    if (!OutputRouter.class.isAssignableFrom(c)) {
      throw new BadConfigurationException(ProvenanceKeys.SUBSTREAM_ROUTER_CLASS + "=" + name
          + " does not implement " + OutputRouter.class.getName());
    }
    OutputRouter router = (OutputRouter) ReflectionUtils.newInstance(c, conf);
    router.setup(context);
    return router;
  }

  /**
   * Where every record of this task goes, or null when its records are routed one by one.
   * A map task of a map-only job stamps every record with a byte range of its own split
   * (MapSideTracker), so when the router decides ranges by source alone and the split is one
   * file range, the route is that of a record of this source. Otherwise the router may know
   * from the job's sources (OutputRouter#everyRecord); a reduce task over sources of several
   * bands, a combined split of such sources or another router route record by record.
   */
  static OutputRouter.TaskRoute taskRoute(OutputRouter router, Confidence confidence,
      TaskAttemptContext context) throws IOException {
    boolean mapOnlyMap = context.getTaskAttemptID().getTaskType() == TaskType.MAP
        && context.getNumReduceTasks() == 0;
    if (router.routesRangesBySource() && mapOnlyMap) {
      int task = context.getTaskAttemptID().getTaskID().getId();
      InputSplit split = JobSplits.of(context.getConfiguration(), context.getJobID())
          .byTask(task);
      if (split instanceof FileSplit) {
        int source = SourceIdentifiedSplit.of(split, task);
        String route = router.route(confidence,
            new TracedValue().setRange(NullWritable.get(), source, 0, 0));
        LOG.info("Map task {} reads source {} only: its records go to {}", task, source,
            where(route));
        return new OutputRouter.TaskRoute(route);
      }
    }
    OutputRouter.TaskRoute all = router.everyRecord(confidence);
    if (all != null) {
      LOG.info("Task {}: every record goes to {}, as the job's sources decide",
          context.getTaskAttemptID(), where(all.substream()));
    }
    return all;
  }

  private static String where(String substream) {
    return substream == null ? "the main part" : substream + "/";
  }

  /** The confidence the job's records are stamped with (LOW when recomputed). */
  static Confidence confidence(Configuration conf) {
    return ProvenanceJob.getRecomputedLineage(conf) >= 0 ? Confidence.LOW : Confidence.HIGH;
  }
}
