package org.provmr.mapreduce;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;

/**
 * Job settings that capture cannot honour, refused before the job is submitted. Every one would
 * otherwise be dropped or broken silently: ProvenanceJob replaces the output format, so a
 * driver's own one (or a MultipleOutputs named output's other than text/SequenceFile) would
 * vanish, and a mapper that reads its
 * input on several threads would have its records attributed to the wrong DataIDs. All problems
 * are gathered and reported together, each naming the setting, its value and the way out.
 */
final class UnsupportedSettings {
  /** LazyOutputFormat's real output format. */
  static final String LAZY_OUTPUT_FORMAT = "mapreduce.output.lazyoutputformat.outputformat";
  /** Hadoop Streaming's mapper command. */
  static final String STREAMING_MAPPER = "stream.map.streamprocessor";
  /** What JobConf's setMapperClass/setReducerClass/setCombinerClass set (the old API). */
  private static final List<String> OLD_API_CLASSES = List.of("mapred.mapper.class",
      "mapred.reducer.class", "mapred.combiner.class", "mapred.map.runner.class");
  /** Output formats whose records ProvMR's SequenceFile output carries unchanged. */
  private static final List<String> REPLACEABLE_OUTPUT_FORMATS = List.of(
      "org.apache.hadoop.mapreduce.lib.output.TextOutputFormat",
      "org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat",
      ProvenanceOutputFormat.class.getName());
  /** Map-side joins: one split joins ranges of several files (CompositeInputSplit). */
  private static final String COMPOSITE_INPUT_FORMAT =
      "org.apache.hadoop.mapreduce.lib.join.CompositeInputFormat";
  /** Mappers that run the user's map() on several threads over one split. */
  private static final List<String> THREADED_MAPPERS = List.of(
      "org.apache.hadoop.mapreduce.lib.map.MultithreadedMapper");

  private UnsupportedSettings() {
  }

  /**
   * Throws naming every setting of {@code conf} that capture would drop or break.
   *
   * @param mapperClassName the class that runs as the job's mapper (the user's, when wrapped)
   */
  static void refuse(Configuration conf, String mapperClassName) {
    List<String> problems = new ArrayList<>();
    String format = conf.getTrimmed(MRJobConfig.OUTPUT_FORMAT_CLASS_ATTR);
    if (format != null && !REPLACEABLE_OUTPUT_FORMATS.contains(format)) {
      problems.add(MRJobConfig.OUTPUT_FORMAT_CLASS_ATTR + "=" + format + ": ProvMR writes the"
          + " output itself (a SequenceFile of records with headers, the lineage store beside"
          + " it), so this output format would not run; remove it, or read the payload with"
          + " PayloadInputFormat / 'provmr inspect --payload'");
    }
    if (conf.get(LAZY_OUTPUT_FORMAT) != null) {
      problems.add(LAZY_OUTPUT_FORMAT + "=" + conf.get(LAZY_OUTPUT_FORMAT) + " (LazyOutputFormat):"
          + " a provenance output always has its parts, each listed in the lineage store;"
          + " remove LazyOutputFormat");
    }
    problems.addAll(NamedOutputs.problems(conf, REPLACEABLE_OUTPUT_FORMATS));
    // MultipleInputs: per-path formats and mappers are captured, some combinations are not.
    problems.addAll(MultipleInputsCheck.problems(conf,
        conf.getClassByNameOrNull(conf.getTrimmed(MRJobConfig.MAP_CLASS_ATTR, ""))));
    if (MultipleInputsCheck.applies(conf)) {
      for (MultipleInputsCheck.Input in : MultipleInputsCheck.inputs(conf)) {
        if (in.mapper() != null && isThreaded(conf, in.mapper())) {
          problems.add("mapper " + in.mapper() + " of input " + in.path()
              + " (MultithreadedMapper): it reads the split on several threads, so a record's DataID could name"
              + " another record; run the inner mapper directly");
        }
      }
    }
    String input = conf.getTrimmed(MRJobConfig.INPUT_FORMAT_CLASS_ATTR);
    if (input != null && extendsClass(conf, input, COMPOSITE_INPUT_FORMAT)) {
      problems.add(MRJobConfig.INPUT_FORMAT_CLASS_ATTR + "=" + input + " (CompositeInputFormat,"
          + " a map-side join): each split joins ranges of several files, which capture would"
          + " record as one opaque split, neither fingerprinted nor re-readable, so a changed"
          + " source would go unnoticed and a recompute could not read it again; join with"
          + " MultipleInputs and a reducer, or wrap the job that reads the join's output");
    }
    if (conf.get(STREAMING_MAPPER) != null && !capturesStreaming(conf)) {
      problems.add(STREAMING_MAPPER + "=" + conf.get(STREAMING_MAPPER) + " (Hadoop Streaming):"
          + " the streaming mapper's output would be attributed record by record although it"
          + " comes back from the process out of step; run it with 'provmr streaming'");
    }
    for (String oldApi : OLD_API_CLASSES) {
      if (conf.get(oldApi) != null) {
        problems.add(oldApi + "=" + conf.get(oldApi) + " (the old org.apache.hadoop.mapred API,"
            + " JobConf): Hadoop would run it instead of the provenance classes; old-API jobs"
            + " are not captured yet, port the driver to org.apache.hadoop.mapreduce.Job");
      }
    }
    if (mapperClassName != null && isThreaded(conf, mapperClassName)) {
      problems.add("mapper " + mapperClassName + " (MultithreadedMapper): it reads the split"
          + " on several threads, so a record's DataID could name another record; run the"
          + " inner mapper directly");
    }
    if (!problems.isEmpty()) {
      throw new BadConfigurationException("Not supported under provenance, nothing was"
          + " submitted (" + problems.size() + "):\n  " + String.join("\n  ", problems));
    }
  }

  /** The job's mapper is a delegator that attributes out-of-step output (provmr streaming). */
  private static boolean capturesStreaming(Configuration conf) {
    Class<?> mapper = conf.getClassByNameOrNull(conf.getTrimmed(MRJobConfig.MAP_CLASS_ATTR, ""));
    return mapper != null && Delegator.class.isAssignableFrom(mapper)
        && ((Delegator) ReflectionUtils.newInstance(mapper, null)).writesAfterItsRecords(conf);
  }

  private static boolean isThreaded(Configuration conf, String className) {
    return THREADED_MAPPERS.stream().anyMatch(t -> extendsClass(conf, className, t));
  }

  /** Whether the class named {@code className} is, or extends, the class named {@code base}. */
  private static boolean extendsClass(Configuration conf, String className, String base) {
    for (Class<?> c = conf.getClassByNameOrNull(className); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(base)) {
        return true;
      }
    }
    return false;
  }
}
