package org.provmr.wrap;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.ProvenanceJob;

/**
 * {@code wrap --api mapred}: old-API ({@code org.apache.hadoop.mapred}) Mapper, combiner and
 * Reducer classes under provenance. They run inside ProvMR's new-API delegates ({@link
 * OldApiTasks}), so capture is the same as for new-API classes and the lineage names the
 * user's classes. Input format, partitioner and comparators are new-API classes (old-API
 * input formats are not supported); key/value classes come from the classes' generic
 * interfaces ({@code implements Mapper<LongWritable, Text, Text, IntWritable>}) or are given.
 */
final class OldApiWrap {

  private OldApiWrap() {
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static void configure(Job job, WrapSpec spec) throws IOException {
    Configuration conf = job.getConfiguration();
    Class<?> mapper = WrapClasses.load(conf, "mapper", spec.mapper,
        org.apache.hadoop.mapred.Mapper.class);
    Class<?> combiner = WrapClasses.load(conf, "combiner", spec.combiner,
        org.apache.hadoop.mapred.Reducer.class);
    Class<?> reducer = WrapClasses.load(conf, "reducer", spec.reducer,
        org.apache.hadoop.mapred.Reducer.class);
    int reduces = spec.reduces != null ? spec.reduces : reducer != null ? 1 : 0;
    if (reduces == 0 && (reducer != null || combiner != null)) {
      throw new BadConfigurationException("--reducer/--combiner need reduces; the job is"
          + " map-only with 0 reduces (give --reduces 1 or more)");
    }
    if (reduces > 0 && reducer == null) {
      throw new BadConfigurationException("--api mapred with reduces needs --reducer (an"
          + " org.apache.hadoop.mapred.Reducer such as org.apache.hadoop.mapred.lib"
          + ".IdentityReducer)");
    }
    Class<?>[] m = typeArgs(mapper, org.apache.hadoop.mapred.Mapper.class);
    Class<?>[] r = reducer == null ? m
        : typeArgs(reducer, org.apache.hadoop.mapred.Reducer.class);
    WrappedTypes.KeyValue mapOut = WrapClasses.explicitOr(conf, "map-output",
        spec.mapOutputKeyClass, spec.mapOutputValueClass, new WrappedTypes.KeyValue(m[2], m[3]));
    WrappedTypes.KeyValue jobOut = WrapClasses.explicitOr(conf, "output", spec.outputKeyClass,
        spec.outputValueClass, reduces == 0 ? mapOut : new WrappedTypes.KeyValue(r[2], r[3]));
    WrapClasses.requireTypes(mapOut, "map output", "map-output", mapper, reduces > 0);
    WrapClasses.requireTypes(jobOut, "output", "output", reduces == 0 ? mapper : reducer,
        false);

    Class<? extends InputFormat> inputFormat = spec.inputFormat == null ? TextInputFormat.class
        : WrapClasses.load(conf, "input-format", spec.inputFormat, InputFormat.class);
    job.setInputFormatClass(inputFormat);
    if (job.getJobName() == null || job.getJobName().isEmpty()) {
      job.setJobName("provmr wrap --api mapred " + mapper.getSimpleName());
    }
    job.setJarByClass(DelegatingMapper.class);
    conf.set(WrappedJob.MAPPER_CLASS, mapper.getName());
    job.setMapperClass(DelegatingMapper.class);
    if (combiner != null) {
      conf.set(WrappedJob.COMBINER_CLASS, combiner.getName());
      job.setCombinerClass(DelegatingCombiner.class);
    }
    if (reducer != null) {
      conf.set(WrappedJob.REDUCER_CLASS, reducer.getName());
      job.setReducerClass(DelegatingReducer.class);
    }
    if (spec.partitioner != null) {
      WrappedJob.setPartitioner(job, WrapClasses.load(conf, "partitioner", spec.partitioner,
          Partitioner.class));
    }
    if (spec.sortComparator != null) {
      job.setSortComparatorClass(WrapClasses.load(conf, "sort-comparator",
          spec.sortComparator, RawComparator.class));
    }
    if (spec.groupingComparator != null) {
      job.setGroupingComparatorClass(WrapClasses.load(conf, "grouping-comparator",
          spec.groupingComparator, RawComparator.class));
    }
    job.setNumReduceTasks(reduces);
    job.setMapOutputKeyClass(mapOut.key());
    job.setMapOutputValueClass(mapOut.value());
    job.setOutputKeyClass(jobOut.key());
    job.setOutputValueClass(jobOut.value());
    ProvenanceJob.configure(job);
  }

  /**
   * An old-API driver's JobConf, turned into a provenance job in place: its mapper, combiner
   * and reducer run inside ProvMR's delegates (as with {@code wrap --api mapred}), the new-API
   * ProvenanceOutputFormat writes the output, and {@code JobClient.runJob(conf)} submits it as
   * before. Only the default (text) input format is supported.
   */
  @SuppressWarnings("deprecation")
  static void configure(JobConf conf) throws IOException {
    String inputFormat = conf.get("mapred.input.format.class");
    if (inputFormat != null && !inputFormat.equals(
        org.apache.hadoop.mapred.TextInputFormat.class.getName())) {
      throw new BadConfigurationException("mapred.input.format.class", inputFormat,
          "old-API input formats are not supported under provenance; use the default"
              + " TextInputFormat, or a new-API input format with wrap");
    }
    String outputFormat = conf.get("mapred.output.format.class");
    if (outputFormat != null
        && !outputFormat.equals(org.apache.hadoop.mapred.TextOutputFormat.class.getName())
        && !outputFormat.equals(
            org.apache.hadoop.mapred.SequenceFileOutputFormat.class.getName())) {
      throw new BadConfigurationException("mapred.output.format.class", outputFormat,
          "ProvMR writes the output itself; remove it");
    }
    WrapSpec spec = new WrapSpec().api("mapred")
        .mapper(conf.getMapperClass().getName())
        .reducer(conf.getNumReduceTasks() > 0 ? conf.getReducerClass().getName() : null)
        .combiner(conf.getCombinerClass() == null ? null : conf.getCombinerClass().getName())
        .reduces(conf.getNumReduceTasks());
    spec.mapOutputKeyClass = conf.getMapOutputKeyClass().getName();
    spec.mapOutputValueClass = conf.getMapOutputValueClass().getName();
    spec.outputKeyClass = conf.getOutputKeyClass().getName();
    spec.outputValueClass = conf.getOutputValueClass().getName();
    for (String oldKey : new String[] {"mapred.mapper.class", "mapred.reducer.class",
        "mapred.combiner.class", "mapred.input.format.class", "mapred.output.format.class"}) {
      conf.unset(oldKey);
    }
    // Both sides run new-API code now: the delegates and ProvenanceOutputFormat.
    conf.setBoolean("mapred.mapper.new-api", true);
    conf.setBoolean("mapred.reducer.new-api", true);
    configure(Job.getInstance(conf), spec, conf);
  }

  private static void configure(Job job, WrapSpec spec, JobConf into) throws IOException {
    configure(job, spec);
    // Job.getInstance copied the JobConf: copy the wiring back for JobClient.runJob(into).
    for (java.util.Map.Entry<String, String> e : job.getConfiguration()) {
      into.set(e.getKey(), e.getValue());
    }
    into.setCredentials(job.getCredentials());
  }

  /** The concrete type arguments of {@code iface} as {@code c} (or a superclass) implements it. */
  static Class<?>[] typeArgs(Class<?> c, Class<?> iface) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Type t : k.getGenericInterfaces()) {
        if (t instanceof ParameterizedType && ((ParameterizedType) t).getRawType() == iface) {
          Type[] args = ((ParameterizedType) t).getActualTypeArguments();
          Class<?>[] out = new Class<?>[args.length];
          for (int i = 0; i < args.length; i++) {
            out[i] = args[i] instanceof Class ? (Class<?>) args[i] : null;
          }
          return out;
        }
      }
    }
    return new Class<?>[4];
  }
}
