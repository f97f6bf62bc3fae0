package org.provmr.mapreduce;

import java.lang.reflect.Modifier;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

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

  private WrappedJob() {
  }

  /** Runs {@code mapper} as the job's mapper, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setMapper(Job job, Class<? extends Mapper> mapper) {
    requireInstantiable("Mapper", mapper);
    if (ProvenanceMapper.class.isAssignableFrom(mapper)) {
      job.setMapperClass(mapper);
      job.getConfiguration().unset(ProvenanceKeys.WRAP_MAPPER_CLASS);
      return;
    }
    job.getConfiguration().set(ProvenanceKeys.WRAP_MAPPER_CLASS, mapper.getName());
    job.setMapperClass(WrappedUserMapper.class);
  }

  /** Runs {@code combiner} as the job's combiner, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setCombiner(Job job, Class<? extends Reducer> combiner) {
    requireInstantiable("Combiner", combiner);
    if (ProvenanceReducer.class.isAssignableFrom(combiner)) {
      job.setCombinerClass(combiner);
      job.getConfiguration().unset(ProvenanceKeys.WRAP_COMBINER_CLASS);
      return;
    }
    job.getConfiguration().set(ProvenanceKeys.WRAP_COMBINER_CLASS, combiner.getName());
    job.setCombinerClass(WrappedUserCombiner.class);
  }

  /** Runs {@code reducer} as the job's reducer, under provenance. */
  @SuppressWarnings("rawtypes")
  public static void setReducer(Job job, Class<? extends Reducer> reducer) {
    requireInstantiable("Reducer", reducer);
    if (ProvenanceReducer.class.isAssignableFrom(reducer)) {
      job.setReducerClass(reducer);
      job.getConfiguration().unset(ProvenanceKeys.WRAP_REDUCER_CLASS);
      return;
    }
    job.getConfiguration().set(ProvenanceKeys.WRAP_REDUCER_CLASS, reducer.getName());
    job.setReducerClass(WrappedUserReducer.class);
  }

  /**
   * Uses {@code partitioner}; it sees the user's map output values, not the TracedValues they
   * travel in.
   */
  @SuppressWarnings("rawtypes")
  public static void setPartitioner(Job job, Class<? extends Partitioner> partitioner) {
    requireInstantiable("Partitioner", partitioner);
    job.getConfiguration().set(ProvenanceKeys.WRAP_PARTITIONER_CLASS, partitioner.getName());
    job.setPartitionerClass(WrappedUserPartitioner.class);
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
    Configuration conf = job.getConfiguration();
    String shipped = conf.get(TMPJARS);
    conf.set(TMPJARS, shipped == null || shipped.isEmpty()
        ? jar.toString() : shipped + "," + jar);
    String recorded = conf.get(ProvenanceKeys.WRAP_JARS);
    conf.set(ProvenanceKeys.WRAP_JARS, recorded == null || recorded.isEmpty()
        ? jar.toString() : recorded + "," + jar);
    ProvenanceJob.recordParameters(job, ProvenanceKeys.WRAP_JARS);
  }

  /**
   * The name of the class that really does the work in a role: the wrapped user class when the
   * job runs one of ProvMR's delegates there, else the configured class itself.
   */
  static String runningClassName(Configuration conf, Class<?> configured) {
    String key = null;
    if (configured == WrappedUserMapper.class) {
      key = ProvenanceKeys.WRAP_MAPPER_CLASS;
    } else if (configured == WrappedUserCombiner.class) {
      key = ProvenanceKeys.WRAP_COMBINER_CLASS;
    } else if (configured == WrappedUserReducer.class) {
      key = ProvenanceKeys.WRAP_REDUCER_CLASS;
    } else if (configured == WrappedUserPartitioner.class) {
      key = ProvenanceKeys.WRAP_PARTITIONER_CLASS;
    }
    String user = key == null ? null : conf.getTrimmed(key);
    return user == null || user.isEmpty() ? configured.getName() : user;
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
