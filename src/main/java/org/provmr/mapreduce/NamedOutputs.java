package org.provmr.mapreduce;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.io.Writable;
import org.provmr.store.PartNames;

/**
 * MultipleOutputs under provenance. Its named outputs are written by ProvMR's output format in
 * place of the driver's TextOutputFormat / SequenceFileOutputFormat, to files named {@code
 * NAME-r-NNNNN} (or {@code -m-} in a map-only job) beside the job's own parts, each with
 * headers and its own store entry. MultipleOutputs hands its record writers the user's plain
 * values, bypassing the tracing context, so the task thread publishes its tracer here and the
 * record writer stamps such values with the DataIDs the context would have given them.
 */
final class NamedOutputs {
  /** MultipleOutputs' keys (its constants are private). */
  private static final String NAMES = "mapreduce.multipleoutputs";
  private static final String PREFIX = "mapreduce.multipleoutputs.namedOutput.";
  private static final String FORMAT = ".format";
  private static final String KEY = ".key";
  /**
   * A copy of each named output's key class: MultipleOutputs keeps it under a key ending in
   * ".key", which provenance.store.config.exclude keeps out of job.json as a possible secret,
   * so a recompute would not know it.
   */
  private static final String KEY_CLASS_COPY = "provenance.named.output.%s.key.class";
  private static final ThreadLocal<Function<Writable, TracedValue>> TRACER = new ThreadLocal<>();

  private NamedOutputs() {
  }

  /** The named outputs the driver declared (MultipleOutputs.addNamedOutput). */
  static List<String> names(Configuration conf) {
    List<String> names = new ArrayList<>();
    for (String n : conf.get(NAMES, "").trim().split("\\s+")) {
      if (!n.isEmpty()) {
        names.add(n);
      }
    }
    return names;
  }

  /** What prevents capturing the named outputs: formats whose records ProvMR cannot carry. */
  static List<String> problems(Configuration conf, List<String> replaceable) {
    List<String> problems = new ArrayList<>();
    for (String n : names(conf)) {
      String format = conf.getTrimmed(PREFIX + n + FORMAT);
      if (format != null && !replaceable.contains(format)) {
        problems.add(PREFIX + n + FORMAT + "=" + format + " (MultipleOutputs named output '" + n
            + "'): ProvMR writes named outputs itself, as SequenceFiles of records with"
            + " headers; only TextOutputFormat and SequenceFileOutputFormat are replaced");
      }
    }
    return problems;
  }

  /** Every named output is written by ProvenanceOutputFormat. */
  static void capture(Configuration conf) {
    for (String n : names(conf)) {
      conf.set(PREFIX + n + FORMAT, ProvenanceOutputFormat.class.getName());
      if (conf.get(PREFIX + n + KEY) != null) {
        conf.set(String.format(KEY_CLASS_COPY, n), conf.get(PREFIX + n + KEY));
      }
    }
  }

  /** In the task: the named outputs' key classes, from the copies where a replay lost them. */
  static void restoreKeyClasses(Configuration conf) {
    for (String n : names(conf)) {
      String copy = conf.get(String.format(KEY_CLASS_COPY, n));
      if (conf.get(PREFIX + n + KEY) == null && copy != null) {
        conf.set(PREFIX + n + KEY, copy);
      }
    }
  }

  /**
   * Publishes the task thread's tracer while {@code body} runs, restoring whatever was there
   * (a combiner may run on the map task's thread).
   */
  static Function<Writable, TracedValue> publish(Function<Writable, TracedValue> tracer) {
    Function<Writable, TracedValue> previous = TRACER.get();
    TRACER.set(tracer);
    return previous;
  }

  static void restore(Function<Writable, TracedValue> previous) {
    if (previous == null) {
      TRACER.remove();
    } else {
      TRACER.set(previous);
    }
  }

  /** The value traced as the current record's output, or null with no tracer on this thread. */
  static TracedValue trace(Object value) {
    Function<Writable, TracedValue> t = TRACER.get();
    return t == null ? null : t.apply(TracingMapper.requireWritable(value));
  }

  /**
   * A part is a plain file of the output, named as validation and recompute expect
   * (PartNames); MultipleOutputs' free base output paths could make it anything.
   */
  static void checkPartFile(Path path, Path workDir, Configuration conf)
      throws IOException {
    String name = path.getName();
    boolean named = PartNames.isPart(name) && !PartNames.base(name).equals(PartNames.MAIN);
    if (!PartNames.isPart(name) || named && !workDir.equals(path.getParent())) {
      throw new IOException("Part " + path + " is not a plain BASE-r-NNNNN file of the output"
          + " (MultipleOutputs base output paths under provenance are letters and digits, no"
          + " '/' or '-')");
    }
    if (PartNames.isMap(name) && conf.getInt(MRJobConfig.NUM_REDUCES, 1) > 0) {
      throw new IOException("Named output " + name + " written by a map task of a job with"
          + " reduces: not captured under provenance (validation and recompute take -m- parts"
          + " for a map-only job's); write named outputs from the reducer");
    }
  }
}
