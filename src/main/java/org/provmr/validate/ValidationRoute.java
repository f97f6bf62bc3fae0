package org.provmr.validate;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.StringUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;

/**
 * Where a validation runs: in this JVM ({@link DirectValidation}, no job) or as a MapReduce
 * job ({@link ValidationJob}). Both run the same checkers over the same plan; in process saves
 * the job's fixed cost (0.6 s in local mode, 10-20 s on YARN), a job spreads the reads of a
 * large sweep over a cluster. Decided from the plan's bytes (parts plus source ranges), never
 * from what a store claims about anything else.
 *
 * @param direct whether the validation runs in process
 * @param bytes what the plan reads: parts plus source ranges
 * @param maxBytes provenance.validate.direct.max.bytes
 * @param mode provenance.validate.mode as set: auto, job or direct
 * @param plan the plan the decision was made on (null when the mode is job: not computed, the
 *     job's input format plans in its own right)
 */
public record ValidationRoute(boolean direct, long bytes, long maxBytes, String mode,
    ValidationPlan plan) {

  /** Provenance.validate.mode's values. */
  public static final String AUTO = "auto";
  public static final String JOB = "job";
  public static final String DIRECT = "direct";

  /**
   * The route for validating {@code outputs} under {@code conf}; plans them unless the mode
   * is job.
   *
   * @throws BadConfigurationException if the mode or the size is malformed
   */
  public static ValidationRoute choose(Configuration conf, List<Path> outputs)
      throws IOException {
    String mode = mode(conf);
    long max = maxBytes(conf);
    threads(conf); // a bad thread count fails before anything runs, whichever the route
    if (mode.equals(JOB)) {
      return new ValidationRoute(false, -1, max, mode, null);
    }
    ValidationPlan plan = ValidationPlan.of(conf, outputs);
    long bytes = plan.totalBytes();
    boolean direct = mode.equals(DIRECT) || bytes <= max;
    return new ValidationRoute(direct, bytes, max, mode, plan);
  }

  /** The mode, checked: auto, job or direct. */
  public static String mode(Configuration conf) {
    String m = conf.getTrimmed(ProvenanceKeys.VALIDATE_MODE, ProvenanceKeys.VALIDATE_MODE_DEFAULT)
        .toLowerCase(Locale.ROOT);
    if (!m.equals(AUTO) && !m.equals(JOB) && !m.equals(DIRECT)) {
      throw new BadConfigurationException(ProvenanceKeys.VALIDATE_MODE + "='"
          + conf.get(ProvenanceKeys.VALIDATE_MODE) + "': use auto, job or direct");
    }
    return m;
  }

  /** provenance.validate.direct.max.bytes: a plain number is bytes, 0 means always a job. */
  static long maxBytes(Configuration conf) {
    String key = ProvenanceKeys.VALIDATE_DIRECT_MAX_BYTES;
    try {
      long n = ByteSizes.of(conf, key, ProvenanceKeys.VALIDATE_DIRECT_MAX_BYTES_DEFAULT);
      if (n < 0) {
        throw new IllegalArgumentException("negative");
      }
      return n;
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(key + "='" + conf.get(key)
          + "' is not a size: use 0 (always a job), 512m, 4g");
    }
  }

  /** provenance.validate.direct.threads, 0 resolved to the cores this JVM sees. */
  static int threads(Configuration conf) {
    int n;
    try {
      n = conf.getInt(ProvenanceKeys.VALIDATE_DIRECT_THREADS,
          ProvenanceKeys.VALIDATE_DIRECT_THREADS_DEFAULT);
    } catch (NumberFormatException e) {
      n = -1;
    }
    if (n < 0) {
      throw new BadConfigurationException(ProvenanceKeys.VALIDATE_DIRECT_THREADS + "='"
          + conf.get(ProvenanceKeys.VALIDATE_DIRECT_THREADS)
          + "': use 0 (one per core) or a positive number of threads");
    }
    return n == 0 ? Runtime.getRuntime().availableProcessors() : n;
  }

  /** "direct" or "job": what report.json records as its mode. */
  public String name() {
    return direct ? DIRECT : JOB;
  }

  /** Why this route, for the log and the console. */
  public String reason() {
    String size = bytes < 0 ? "not planned" : StringUtils.byteDesc(bytes) + " to read";
    if (!mode.equals(AUTO)) {
      return size + "; " + ProvenanceKeys.VALIDATE_MODE + "=" + mode;
    }
    return size + (direct ? " <= " : " > ") + ProvenanceKeys.VALIDATE_DIRECT_MAX_BYTES + " "
        + StringUtils.byteDesc(maxBytes);
  }
}
