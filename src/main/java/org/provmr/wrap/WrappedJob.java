package org.provmr.wrap;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.DelegatingInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.UserSettings;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.ProvenanceMapper;
import org.provmr.mapreduce.ProvenanceReducer;

/**
 * Wires existing, unmodified Mapper / Reducer / Partitioner classes into a provenance job: the
 * job runs ProvMR's delegating classes, which instantiate the user's classes in the task and
 * drive them with the tracing contexts. The lineage records the user's classes.
 *
 * <pre>
 * job.setInputFormatClass(TeraInputFormat.class);
 * WrappedJob.setMapper(job, Mapper.class);    // any org.apache.hadoop.mapreduce.Mapper
 * WrappedJob.setReducer(job, Reducer.class);
 * WrappedJob.setPartitioner(job, TeraSort.SimplePartitioner.class);
 * job.setOutputKeyClass(Text.class);          // WrappedTypes infers them
 * job.setOutputValueClass(Text.class);
 * ProvenanceJob.configure(job);
 * </pre>
 *
 * A class that already extends ProvenanceMapper / ProvenanceReducer is set as it is.
 */
public final class WrappedJob {

  /**
   * Hadoop's generic-options key for jars shipped with the job (what {@code -libjars} sets);
   * the job submitter copies them to the staging directory and onto the tasks' class path.
   */
  static final String TMPJARS = "tmpjars";

  // Internal keys: set by the setters below, read by the delegates in the task.
  /** The unmodified Mapper a wrapped job runs. */
  static final String MAPPER_CLASS = "provenance.wrap.mapper.class";
  /** The unmodified combiner (a Reducer) a wrapped job runs. */
  static final String COMBINER_CLASS = "provenance.wrap.combiner.class";
  /** The unmodified Reducer a wrapped job runs. */
  static final String REDUCER_CLASS = "provenance.wrap.reducer.class";
  /** The unmodified Partitioner; it sees the user's values, not TracedValues. */
  static final String PARTITIONER_CLASS = "provenance.wrap.partitioner.class";
  /** Comma-separated URIs of the jars the wrapped classes came from; a lineage parameter. */
  private static final String JARS = "provenance.wrap.jars";

  private WrappedJob() {
  }

  /**
   * Sets {@code job} up to run the classes of {@code spec} under provenance: loads them with
   * the job configuration's class loader (so a jar added with {@link #addJar} and set as that
   * loader is seen), checks each is what its role needs, infers the key/value classes not
   * given from the classes' generic types, and calls {@link ProvenanceJob#configure}. Input and
   * output paths are the caller's.
   *
   * @throws BadConfigurationException naming the role, the class and the fix, before anything
   *     is submitted
   * @throws IOException if keyed mode's credential provider cannot be read
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static void configure(Job job, WrapSpec spec) throws IOException {
    Configuration conf = ProvenanceKeys.ofDriver(job);
    spec = fromConfiguration(spec, conf);
    boolean multiple = WrapMultipleInputs.applies(spec, conf);
    WrapMultipleInputs.Inferred inputs = multiple ? WrapMultipleInputs.addInputs(job, spec)
        : null;
    if (spec.mapper == null && !multiple) {
      throw new BadConfigurationException("No mapper to wrap: name one (provmr wrap --mapper)");
    }
    if ("mapred".equals(spec.api)) {
      OldApiWrap.configure(job, spec);
      return;
    }
    Class<? extends Mapper> mapper = multiple ? (Class<? extends Mapper>) inputs.firstMapper()
        : WrapClasses.load(conf, "mapper", spec.mapper, Mapper.class);
    Class<? extends Reducer> combiner =
        WrapClasses.load(conf, "combiner", spec.combiner, Reducer.class);
    Class<? extends Reducer> reducer =
        WrapClasses.load(conf, "reducer", spec.reducer, Reducer.class);
    Class<? extends Partitioner> partitioner =
        WrapClasses.load(conf, "partitioner", spec.partitioner, Partitioner.class);
    Class<? extends RawComparator> sort =
        WrapClasses.load(conf, "sort-comparator", spec.sortComparator, RawComparator.class);
    Class<? extends RawComparator> grouping = WrapClasses.load(conf, "grouping-comparator",
        spec.groupingComparator, RawComparator.class);
    Class<? extends RawComparator> combinerGrouping = WrapClasses.load(conf,
        "combiner-grouping-comparator", spec.combinerGroupingComparator, RawComparator.class);
    Class<? extends InputFormat> inputFormat = multiple ? DelegatingInputFormat.class
        : spec.inputFormat == null ? TextInputFormat.class
        : WrapClasses.load(conf, "input-format", spec.inputFormat, InputFormat.class);
    int reduces = spec.reduces != null ? spec.reduces : reducer != null ? 1 : 0;
    if (reduces == 0) {
      String[][] roles = {{"reducer", spec.reducer}, {"combiner", spec.combiner},
          {"partitioner", spec.partitioner}, {"sort-comparator", spec.sortComparator},
          {"grouping-comparator", spec.groupingComparator},
          {"combiner-grouping-comparator", spec.combinerGroupingComparator}};
      for (String[] role : roles) {
        if (role[1] != null) {
          throw new BadConfigurationException("--" + role[0] + " " + role[1]
              + " needs reduces; the job is map-only with 0 reduces (give --reduces 1 or more)");
        }
      }
    }
    WrappedTypes.KeyValue mapOut = WrapClasses.explicitOr(conf, "map-output",
        spec.mapOutputKeyClass, spec.mapOutputValueClass, multiple ? inputs.mapOutput()
            : WrappedTypes.mapOutput(mapper, WrappedTypes.ofInputFormat(inputFormat)));
    if (multiple && inputs.disagreement() != null && (spec.mapOutputKeyClass == null
        || spec.mapOutputValueClass == null)) {
      throw new BadConfigurationException("the inputs' mappers do not write the same map output"
          + " classes (" + inputs.disagreement() + "); give --map-output-key-class and"
          + " --map-output-value-class");
    }
    WrappedTypes.KeyValue jobOut = reduces == 0 ? mapOut : WrappedTypes.reduceOutput(
        reducer == null ? Reducer.class : reducer, mapOut);
    jobOut = WrapClasses.explicitOr(conf, "output", spec.outputKeyClass,
        spec.outputValueClass, jobOut);
    if (reduces == 0 && (spec.outputKeyClass != null || spec.outputValueClass != null)
        && spec.mapOutputKeyClass == null && spec.mapOutputValueClass == null) {
      mapOut = jobOut; // map-only: the map output is the job output
    }
    WrapClasses.requireTypes(mapOut, "map output", "map-output", mapper, reduces > 0);
    WrapClasses.requireTypes(jobOut, "output", "output", reduces == 0 ? mapper : reducer,
        false);

    if (job.getJobName() == null || job.getJobName().isEmpty()) {
      job.setJobName("provmr wrap " + mapper.getSimpleName()
          + (reducer != null ? " " + reducer.getSimpleName() : ""));
    }
    if (conf.get(MRJobConfig.JAR) == null) {
      // The job jar is ProvMR's own (the delegates); the user's jar travels as a library.
      job.setJarByClass(DelegatingMapper.class);
    }
    job.setInputFormatClass(inputFormat);
    if (!multiple) {
      setMapper(job, mapper); // several inputs: WrapMultipleInputs set the tagged delegate
    }
    if (combiner != null) {
      setCombiner(job, combiner);
    }
    if (reduces > 0) {
      setReducer(job, reducer == null ? Reducer.class : reducer);
    }
    if (partitioner != null) {
      setPartitioner(job, partitioner);
    }
    // Keys travel through the shuffle as the user's own keys (only values are wrapped), so the
    // comparators see exactly what they see in the plain job.
    if (sort != null) {
      job.setSortComparatorClass(sort);
    }
    if (grouping != null) {
      job.setGroupingComparatorClass(grouping);
    }
    if (combinerGrouping != null) {
      job.setCombinerKeyGroupingComparatorClass(combinerGrouping);
    }
    job.setNumReduceTasks(reduces);
    job.setMapOutputKeyClass(mapOut.key());
    job.setMapOutputValueClass(mapOut.value());
    job.setOutputKeyClass(jobOut.key());
    job.setOutputValueClass(jobOut.value());
    ProvenanceJob.configure(job);
  }

  /**
   * Gives an old-API ({@code org.apache.hadoop.mapred}) driver provenance: call it on the
   * JobConf after its classes, paths and key/value classes are set, then submit with {@code
   * JobClient.runJob(conf)} as before. The mapper, combiner and reducer run unmodified inside
   * ProvMR's delegates; see docs/jobs.md for what is supported.
   *
   * @throws BadConfigurationException naming the setting that cannot be honoured
   */
  public static void configure(org.apache.hadoop.mapred.JobConf conf) throws IOException {
    ProvenanceKeys.init();
    OldApiWrap.configure(conf);
  }

  /**
   * The spec with what it leaves open taken from Hadoop's own keys where a user set them
   * ({@code -D mapreduce.job.reduces=4}, an input format or key/value classes): what the spec
   * names wins, then the job's configuration, then inference.
   */
  private static WrapSpec fromConfiguration(WrapSpec given, Configuration conf) {
    WrapSpec s = given.copy();
    if (s.reduces == null && UserSettings.isSet(conf, MRJobConfig.NUM_REDUCES)) {
      s.reduces(conf.getInt(MRJobConfig.NUM_REDUCES, 1));
    }
    s.inputFormat = orUserValue(s.inputFormat, conf, MRJobConfig.INPUT_FORMAT_CLASS_ATTR);
    s.outputKeyClass = orUserValue(s.outputKeyClass, conf, MRJobConfig.OUTPUT_KEY_CLASS);
    s.outputValueClass = orUserValue(s.outputValueClass, conf, MRJobConfig.OUTPUT_VALUE_CLASS);
    s.mapOutputKeyClass = orUserValue(s.mapOutputKeyClass, conf,
        MRJobConfig.MAP_OUTPUT_KEY_CLASS);
    s.mapOutputValueClass = orUserValue(s.mapOutputValueClass, conf,
        MRJobConfig.MAP_OUTPUT_VALUE_CLASS);
    s.sortComparator = orUserValue(s.sortComparator, conf, MRJobConfig.KEY_COMPARATOR);
    s.groupingComparator = orUserValue(s.groupingComparator, conf,
        MRJobConfig.GROUP_COMPARATOR_CLASS);
    s.combinerGroupingComparator = orUserValue(s.combinerGroupingComparator, conf,
        MRJobConfig.COMBINER_GROUP_COMPARATOR_CLASS);
    // A partitioner set with -D would see TracedValues: route it through the delegate.
    String partitioner = orUserValue(s.partitioner, conf, MRJobConfig.PARTITIONER_CLASS_ATTR);
    if (!DelegatingPartitioner.class.getName().equals(partitioner)) {
      s.partitioner = partitioner;
    }
    return s;
  }

  private static String orUserValue(String given, Configuration conf, String key) {
    return given != null || !UserSettings.isSet(conf, key) ? given : conf.getTrimmed(key);
  }

  /** Runs {@code mapper} as the job's mapper, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setMapper(Job job, Class<? extends Mapper> mapper) {
    requireInstantiable("Mapper", mapper);
    if (ProvenanceMapper.class.isAssignableFrom(mapper)) {
      job.setMapperClass(mapper);
      ProvenanceKeys.ofDriver(job).unset(MAPPER_CLASS);
      return;
    }
    ProvenanceKeys.ofDriver(job).set(MAPPER_CLASS, mapper.getName());
    job.setMapperClass(DelegatingMapper.class);
  }

  /** Runs {@code combiner} as the job's combiner, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setCombiner(Job job, Class<? extends Reducer> combiner) {
    requireInstantiable("Combiner", combiner);
    if (ProvenanceReducer.class.isAssignableFrom(combiner)) {
      job.setCombinerClass(combiner);
      ProvenanceKeys.ofDriver(job).unset(COMBINER_CLASS);
      return;
    }
    ProvenanceKeys.ofDriver(job).set(COMBINER_CLASS, combiner.getName());
    job.setCombinerClass(DelegatingCombiner.class);
  }

  /** Runs {@code reducer} as the job's reducer, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setReducer(Job job, Class<? extends Reducer> reducer) {
    requireInstantiable("Reducer", reducer);
    if (ProvenanceReducer.class.isAssignableFrom(reducer)) {
      job.setReducerClass(reducer);
      ProvenanceKeys.ofDriver(job).unset(REDUCER_CLASS);
      return;
    }
    ProvenanceKeys.ofDriver(job).set(REDUCER_CLASS, reducer.getName());
    job.setReducerClass(DelegatingReducer.class);
  }

  /**
   * Uses {@code partitioner}; it sees the user's map output values, not the TracedValues they
   * travel in.
   */
  @SuppressWarnings("rawtypes")
  public static void setPartitioner(Job job, Class<? extends Partitioner> partitioner) {
    requireInstantiable("Partitioner", partitioner);
    ProvenanceKeys.ofDriver(job).set(PARTITIONER_CLASS, partitioner.getName());
    job.setPartitionerClass(DelegatingPartitioner.class);
  }

  /**
   * Ships a jar with the job, as {@code -libjars} does: its tasks, local or in YARN containers,
   * find the wrapped classes on their class path. The jar is also recorded as a lineage
   * parameter, so the lineage says where the code came from. The caller loads the classes on
   * the client side (a class loader on the job's Configuration).
   *
   * @param jar a fully qualified URI, such as {@code file:/path/to/classes.jar}
   */
  public static void addJar(Job job, URI jar) {
    if (jar.getScheme() == null) {
      throw new IllegalArgumentException("Give the jar as a qualified URI (file:/...), not "
          + jar + ": Hadoop would look for it on the default file system");
    }
    Configuration conf = ProvenanceKeys.ofDriver(job);
    String shipped = conf.get(TMPJARS);
    conf.set(TMPJARS, shipped == null || shipped.isEmpty()
        ? jar.toString() : shipped + "," + jar);
    String recorded = conf.get(JARS);
    conf.set(JARS, recorded == null || recorded.isEmpty()
        ? jar.toString() : recorded + "," + jar);
    ProvenanceJob.recordParameters(job, JARS);
  }

  /** The jars the job's wrapped classes came from (see {@link #addJar}), in the order added. */
  public static List<String> getJars(Configuration conf) {
    return Arrays.asList(conf.getTrimmedStrings(JARS));
  }

  /** Task side: the user class a delegate runs, checked against the role's base class. */
  static Class<?> userClass(Configuration conf, String key, Class<?> base) {
    String name = conf.getTrimmed(key);
    if (name == null || name.isEmpty()) {
      throw new BadConfigurationException(key + " is not set, so there is no user class to"
          + " run; set the job up with WrappedJob (or 'provmr wrap')");
    }
    Class<?> c;
    try {
      c = conf.getClassByName(name);
    } catch (ClassNotFoundException e) {
      throw new BadConfigurationException(key, name, "the class is not on the task's class"
          + " path; ship its jar with WrappedJob.addJar, --jar or -libjars");
    }
    if (!base.isAssignableFrom(c)) {
      throw new BadConfigurationException(key, name, "not a " + base.getName());
    }
    return c;
  }

  private static void requireInstantiable(String role, Class<?> c) {
    if (c == null) {
      throw new IllegalArgumentException(role + " class is null");
    }
    if (c.isInterface() || Modifier.isAbstract(c.getModifiers())) {
      throw new BadConfigurationException(role + " " + c.getName()
          + " is abstract; name a concrete subclass");
    }
    if (c.getEnclosingClass() != null && !Modifier.isStatic(c.getModifiers())) {
      throw new BadConfigurationException(role + " " + c.getName()
          + " is an inner (non-static) class, which Hadoop cannot instantiate; make it static");
    }
    try {
      c.getDeclaredConstructor();
    } catch (NoSuchMethodException e) {
      throw new BadConfigurationException(role + " " + c.getName()
          + " has no no-argument constructor, which Hadoop needs to instantiate it");
    }
  }
}
