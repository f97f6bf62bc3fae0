package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.Confidence;

/**
 * Whether a capture job routes records to sub-streams, and with which {@link OutputRouter}.
 * Capture knows only the interface: the router is named by a key (ProvMR's own lives in
 * {@code org.provmr.substream}), so capture does not depend on it.
 */
final class OutputRouting {
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

  /** The confidence the job's records are stamped with (LOW when recomputed). */
  static Confidence confidence(Configuration conf) {
    return ProvenanceJob.getRecomputedLineage(conf) >= 0 ? Confidence.LOW : Confidence.HIGH;
  }
}
