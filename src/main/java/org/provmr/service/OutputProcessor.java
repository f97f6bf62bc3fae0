package org.provmr.service;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * What the service does with an output that needs more than an in-process check: validate it
 * as a job, recompute by policy, revalidate ({@code provmr sweep}). The command line supplies
 * it, so the service does not depend on the commands.
 */
@FunctionalInterface
public interface OutputProcessor {
  /**
   * Sweeps {@code output}, keeping the run's evidence in one new directory under
   * {@code alertsRoot}. {@code conf} carries the service's lock on the output.
   *
   * @return the sweep's exit code: 0 clean, 3 findings remain, 5 busy, others failure
   */
  int sweep(Configuration conf, Path output, Path alertsRoot) throws Exception;
}
