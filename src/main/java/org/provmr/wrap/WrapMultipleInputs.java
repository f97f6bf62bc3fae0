package org.provmr.wrap;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.DelegatingInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.MultipleInputsCheck;

/**
 * Several inputs, each with its own input format and unmodified mapper (Hadoop's
 * MultipleInputs), in a wrapped job: the inputs are added with MultipleInputs itself, so
 * Hadoop's DelegatingInputFormat tags every split with its format and mapper; ProvMR's {@link
 * DelegatingMapper} then runs the tagged split's mapper with the tracing context (where
 * Hadoop's DelegatingMapper would run it without one). The inputs come from {@link
 * WrapSpec#input} ({@code provmr wrap --multiple-input}) or from a driver that called {@code
 * MultipleInputs.addInputPath} before {@link WrappedJob#configure}.
 */
final class WrapMultipleInputs {
  private WrapMultipleInputs() {
  }

  /** Whether the job to wrap has several inputs (given in the spec, or set by the driver). */
  static boolean applies(WrapSpec spec, Configuration conf) {
    return !spec.inputs.isEmpty()
        || spec.mapper == null && conf.get(MultipleInputs.DIR_MAPPERS) != null;
  }

  /**
   * Adds the spec's inputs with MultipleInputs, checks every input's classes, and returns the
   * map output classes the inputs' mappers agree on (null parts where they cannot be inferred
   * or disagree: the caller then asks for --map-output-key-class / -value-class).
   *
   * @return the inferred map output classes and, first, a mapper to name in messages
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Inferred addInputs(Job job, WrapSpec spec) {
    Configuration conf = job.getConfiguration();
    if (spec.mapper != null) {
      throw new BadConfigurationException("--mapper " + spec.mapper + " and --multiple-input"
          + " both given: with several inputs each input names its own mapper");
    }
    if (spec.inputFormat != null
        && !spec.inputFormat.equals(DelegatingInputFormat.class.getName())) {
      throw new BadConfigurationException("--input-format " + spec.inputFormat + " and"
          + " --multiple-input both given: with several inputs each input names its own input"
          + " format");
    }
    if ("mapred".equals(spec.api)) {
      throw new BadConfigurationException("--api mapred with several inputs: MultipleInputs"
          + " of the old API (org.apache.hadoop.mapred.lib.MultipleInputs) is not supported");
    }
    for (String[] in : spec.inputs) {
      Class<? extends InputFormat> format = WrapClasses.load(conf, "multiple-input format",
          in[1], InputFormat.class);
      Class<? extends Mapper> mapper = WrapClasses.load(conf, "multiple-input mapper", in[2],
          Mapper.class);
      MultipleInputs.addInputPath(job, new Path(in[0]), format, mapper);
    }
    Class<?> first = null;
    Class<?> key = null;
    Class<?> value = null;
    boolean agree = true;
    List<String> seen = new ArrayList<>();
    for (MultipleInputsCheck.Input in : MultipleInputsCheck.inputs(conf)) {
      if (in.mapper() == null) {
        throw new BadConfigurationException(MultipleInputs.DIR_MAPPERS, String.valueOf(
            conf.get(MultipleInputs.DIR_MAPPERS)), "input " + in.path() + " has no mapper;"
            + " give every input its mapper (MultipleInputs.addInputPath with a mapper class)");
      }
      Class<? extends Mapper> mapper = WrapClasses.load(conf, "multiple-input mapper",
          in.mapper(), Mapper.class);
      Class<? extends InputFormat> format = WrapClasses.load(conf, "multiple-input format",
          in.inputFormat(), InputFormat.class);
      WrappedTypes.KeyValue out = WrappedTypes.mapOutput(mapper,
          WrappedTypes.ofInputFormat(format));
      if (first == null) {
        first = mapper;
        key = out.key();
        value = out.value();
      } else {
        agree &= same(key, out.key()) && same(value, out.value());
      }
      seen.add(in.path() + " -> " + mapper.getName() + " " + out);
    }
    if (first == null) {
      throw new BadConfigurationException("No input to wrap: give --multiple-input"
          + " PATH,INPUT_FORMAT,MAPPER at least once");
    }
    conf.unset(WrappedJob.MAPPER_CLASS);
    job.setMapperClass(DelegatingMapper.class); // runs each tagged split's mapper, traced
    return new Inferred(first, agree ? new WrappedTypes.KeyValue(key, value)
        : new WrappedTypes.KeyValue(null, null), agree ? null : String.join("; ", seen));
  }

  private static boolean same(Class<?> a, Class<?> b) {
    return a != null && a == b;
  }

  /** What the inputs' mappers write, and the first of them (named in messages). */
  record Inferred(Class<?> firstMapper, WrappedTypes.KeyValue mapOutput, String disagreement) {
  }
}
