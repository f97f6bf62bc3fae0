package org.provmr.wrap;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.MRConfig;
import org.provmr.conf.BadConfigurationException;

/**
 * A Hadoop Streaming job (the JobConf hadoop-streaming's StreamJob builds from {@code -input
 * -output -mapper CMD -reducer CMD}) turned into a provenance job in place: PipeMapper and
 * PipeReducer run inside ProvMR's delegates like any old-API classes ({@link OldApiWrap}),
 * PipeMapRunner inside {@link StreamingTasks.MapRunnerAdapter}.
 *
 * <p>Records cross a process boundary: what the command prints comes back on another thread,
 * out of step with what it was fed, so no output line can be tied to one input line. Map
 * output records are attributed to their whole split, reduce output records to every split
 * whose values had been fed to the reducer process when the line came back (docs/jobs.md,
 * "Hadoop Streaming").
 */
final class StreamingWrap {
  /** Internal: the job runs streaming commands (read by the delegates in the task). */
  static final String STREAMING = "provenance.wrap.streaming";
  /** Internal: the old-API MapRunnable the wrapped mapper runs under (PipeMapRunner). */
  static final String MAP_RUNNER_CLASS = "provenance.wrap.map.runner.class";

  private StreamingWrap() {
  }

  static boolean isStreaming(Configuration conf) {
    return conf.getBoolean(STREAMING, false);
  }

  /**
   * Checks what provenance cannot capture of a streaming job, then wires it like an old-API
   * job. Everything refused is named together, before anything is submitted.
   */
  @SuppressWarnings("deprecation")
  static void configure(JobConf conf) throws IOException {
    List<String> problems = new ArrayList<>();
    if (conf.get("stream.combine.streamprocessor") != null) {
      problems.add("-combiner (a command): a streaming combiner is not captured yet; leave it"
          + " out (the reducer sees the same records) or give a Java combiner class");
    }
    String input = conf.get("mapred.input.format.class");
    if (input != null && !input.equals(org.apache.hadoop.mapred.TextInputFormat.class.getName())) {
      problems.add("-inputformat/-inputreader " + input + ": only the default TextInputFormat"
          + " is captured for streaming jobs");
    }
    if (conf.get("mapreduce.output.lazyoutputformat.outputformat") != null) {
      problems.add("-lazyOutput: a provenance output always has its parts; leave it out");
    }
    if (!problems.isEmpty()) {
      throw new BadConfigurationException("Not supported under provenance, nothing was"
          + " submitted (" + problems.size() + "):\n  " + String.join("\n  ", problems));
    }
    String runner = conf.get("mapred.map.runner.class");
    conf.unset("mapred.map.runner.class");
    if (runner != null) {
      conf.set(MAP_RUNNER_CLASS, runner);
    }
    conf.setBoolean(STREAMING, true);
    boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    OldApiWrap.configure(conf);
    if (!local) {
      // The job jar is ProvMR's; the tasks need hadoop-streaming's classes too.
      Class<?> pipe = conf.getClassByNameOrNull(StreamingTasks.PIPE_MAPPER);
      if (pipe != null && pipe.getProtectionDomain().getCodeSource() != null) {
        String jar = pipe.getProtectionDomain().getCodeSource().getLocation().toString();
        String jars = conf.get(WrappedJob.TMPJARS);
        conf.set(WrappedJob.TMPJARS, jars == null || jars.isEmpty() ? jar : jars + "," + jar);
      }
    }
    // The commands are the code of this job: recorded with its lineage.
    org.apache.hadoop.mapreduce.Job view = org.apache.hadoop.mapreduce.Job.getInstance(conf);
    List<String> keys = new ArrayList<>();
    for (String k : new String[] {StreamingTasks.MAP_COMMAND, StreamingTasks.REDUCE_COMMAND}) {
      if (conf.get(k) != null) {
        keys.add(k);
      }
    }
    org.provmr.mapreduce.ProvenanceJob.recordParameters(view, keys.toArray(new String[0]));
    conf.set(org.provmr.conf.ProvenanceKeys.LINEAGE_PARAM_KEYS,
        view.getConfiguration().get(org.provmr.conf.ProvenanceKeys.LINEAGE_PARAM_KEYS));
  }
}
