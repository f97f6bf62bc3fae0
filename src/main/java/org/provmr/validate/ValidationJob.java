package org.provmr.validate;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.KeyedMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the validation job and gives typed access to its settings: setters take a Job and
 * check their value at once, getters take a Configuration and never write it.
 *
 * <pre>
 * Job job = ValidationJob.create(conf, List.of(output), alertsDir);
 * ValidationJob.setStalenessWindow(job, "12h");
 * job.waitForCompletion(true);
 * </pre>
 */
public final class ValidationJob {
  private static final Logger LOG = LoggerFactory.getLogger(ValidationJob.class);

  /** The output directories a validation job checks (set by create). */
  private static final String OUTPUTS = "provenance.validate.outputs";
  /** The sweep's reference time (ms) for staleness, the same in every task. */
  private static final String SWEEP_TIME = "provenance.validate.sweep.time";

  private ValidationJob() {
  }

  /**
   * The job that validates {@code outputs} (each with a lineage store) and writes its alerts
   * into {@code alerts}, which must not exist. Staleness is measured against now. In keyed mode
   * the verifying keys are read here (a missing alias fails at once) and shipped to the tasks
   * in the job's credentials.
   *
   * @throws org.provmr.conf.BadConfigurationException if a staleness window is malformed, or
   *     provenance.validate.source.roots is unset or malformed
   */
  public static Job create(Configuration conf, List<Path> outputs, Path alerts)
      throws IOException {
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("Nothing to validate: give at least one output");
    }
    ProvenanceKeys.init(); // the operator's provmr-site.xml decides the settings read below
    StalenessPolicy.of(conf); // bad windows fail here, not in every task
    VerifiedSources.of(conf); // and so does a bad provenance.validate.reverify.period
    SourceRoots.configured(conf); // so do missing or malformed source roots
    Job job = Job.getInstance(conf, "provmr validate");
    Configuration c = job.getConfiguration();
    String[] dirs = new String[outputs.size()];
    for (int i = 0; i < dirs.length; i++) {
      Path p = outputs.get(i);
      dirs[i] = p.getFileSystem(c).makeQualified(p).toString();
    }
    c.setStrings(OUTPUTS, dirs);
    if (c.get(SWEEP_TIME) == null) {
      c.setLong(SWEEP_TIME, System.currentTimeMillis());
    }
    // Algorithm 1: task output stays under _temporary until the job commits, so a failed
    // sweep never leaves some alerts behind and not others.
    c.setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, 1);
    job.setJarByClass(ValidationJob.class);
    job.setInputFormatClass(ValidationInputFormat.class);
    job.setMapperClass(ValidatorMapper.class);
    // One reducer sorts the alerts into one file (findings are few: it costs about 0.05 s
    // in local mode); the map output is only alerts, so the sort buffer can be small.
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(Text.class);
    job.setReducerClass(AlertReducer.class);
    job.setNumReduceTasks(1);
    if (c.get(MRJobConfig.IO_SORT_MB) == null) {
      c.setInt(MRJobConfig.IO_SORT_MB, 4);
    }
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(AlertOutputFormat.class);
    FileOutputFormat.setOutputPath(job, alerts);
    KeyedMode.shipVerifying(job);
    LOG.info("Validation job for {} outputs, alerts into {}", dirs.length,
        alerts.getFileSystem(c).makeQualified(alerts));
    LOG.debug("Outputs validated: {}", String.join(", ", dirs));
    return job;
  }

  /** Checks every record of every part, not only of parts whose whole checksum fails. */
  public static void setDeep(Job job, boolean deep) {
    ProvenanceKeys.ofDriver(job).setBoolean(ProvenanceKeys.VALIDATE_DEEP, deep);
  }

  public static boolean isDeep(Configuration conf) {
    return conf.getBoolean(ProvenanceKeys.VALIDATE_DEEP, ProvenanceKeys.VALIDATE_DEEP_DEFAULT);
  }

  /**
   * Sets the default staleness window (30m, 12h, 7d, off); per-pattern windows still apply.
   *
   * @throws org.provmr.conf.BadConfigurationException if the duration is malformed
   */
  public static void setStalenessWindow(Job job, String duration) {
    Durations.parse("--staleness-window", duration);
    ProvenanceKeys.ofDriver(job).set(ProvenanceKeys.VALIDATE_STALENESS_WINDOW, duration.trim());
  }

  /** The time staleness is measured against (ms): when the sweep was submitted. */
  public static long getSweepTime(Configuration conf) {
    return conf.getLong(SWEEP_TIME, System.currentTimeMillis());
  }

  /** The output directories the job validates. */
  public static String[] getOutputs(Configuration conf) {
    return conf.getTrimmedStrings(OUTPUTS);
  }
}
