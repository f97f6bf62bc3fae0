package org.provmr.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.mapreduce.WrappedJob;
import org.provmr.mapreduce.WrappedTypes;
import org.provmr.mapreduce.WrappedTypes.KeyValue;
import org.provmr.mapreduce.WrappedUserMapper;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * {@code provmr wrap}: runs existing, unmodified Mapper / Reducer classes, for instance from
 * another jar, under provenance: the zero-code-change path. Every argument is checked before
 * the job is submitted.
 */
final class WrapCommand extends Command {
  /** Hadoop's switch for the wildcard class path entry of shipped jars (on by default). */
  private static final String LIBJARS_WILDCARD = "mapreduce.client.libjars.wildcard";

  WrapCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "wrap";
  }

  @Override
  String summary() {
    return "run unmodified Mapper/Reducer classes (e.g. from another jar) with provenance";
  }

  @Override
  String usage() {
    return "--mapper CLASS [--combiner CLASS] [--reducer CLASS] [--partitioner CLASS]\n"
        + "    [--input-format CLASS] [--reduces N] [--jar JAR] --input IN[,IN...] --output OUT\n"
        + "    [--output-key-class C --output-value-class C]"
        + " [--map-output-key-class C --map-output-value-class C]\n"
        + "  Classes are org.apache.hadoop.mapreduce ones, nested classes as Outer$Inner;"
        + " key/value classes\n"
        + "  are inferred from the classes' generic superclasses when not given. Without"
        + " --reducer and\n"
        + "  --reduces the job is map-only; --reduces N alone runs Hadoop's identity reducer.";
  }

  @Override
  Options options() {
    return new Options().withValue("mapper").withValue("combiner").withValue("reducer")
        .withValue("partitioner").withValue("input-format").withValue("reduces")
        .withValue("jar").withValue("input").withValue("output")
        .withValue("output-key-class").withValue("output-value-class")
        .withValue("map-output-key-class").withValue("map-output-value-class");
  }

  @Override
  int execute(Options o) throws Exception {
    if (!o.positional().isEmpty()) {
      throw new UsageException("unexpected argument '" + o.positional().get(0) + "'");
    }
    Configuration conf = getConf();
    URL jar = o.has("jar") ? jar(o.get("jar", null)) : null;
    try (URLClassLoader loader = jar == null ? null
        : new URLClassLoader(new URL[] {jar}, conf.getClassLoader())) {
      if (loader == null) {
        return submit(o, conf, null);
      }
      // As -libjars does: the client loads the classes (input format, partitioner) from the
      // jar, and so do local-mode tasks, which run on threads created from this one.
      conf.setClassLoader(loader);
      Thread thread = Thread.currentThread();
      ClassLoader previous = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        if (MRConfig.LOCAL_FRAMEWORK_NAME.equals(conf.get(MRConfig.FRAMEWORK_NAME,
            MRConfig.LOCAL_FRAMEWORK_NAME))) {
          // LocalJobRunner cannot link the wildcard libjars/* class path entry that job
          // submission makes by default (it warns "Failed to create symlink"); list the jar.
          conf.setBoolean(LIBJARS_WILDCARD, false);
        }
        return submit(o, conf, jar);
      } finally {
        thread.setContextClassLoader(previous);
      }
    }
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private int submit(Options o, Configuration conf, URL jar) throws Exception {
    Class<? extends Mapper> mapper = load(conf, o, "mapper", Mapper.class);
    Class<? extends Reducer> combiner = load(conf, o, "combiner", Reducer.class);
    Class<? extends Reducer> reducer = load(conf, o, "reducer", Reducer.class);
    Class<? extends Partitioner> partitioner = load(conf, o, "partitioner", Partitioner.class);
    Class<? extends InputFormat> inputFormat = load(conf, o, "input-format", InputFormat.class);
    if (mapper == null) {
      throw new UsageException("Missing --mapper");
    }
    if (inputFormat == null) {
      inputFormat = TextInputFormat.class;
    }
    int reduces = o.getInt("reduces", reducer != null ? 1 : 0, 0);
    if (reduces == 0) {
      for (String role : new String[] {"reducer", "combiner", "partitioner"}) {
        if (o.has(role)) {
          throw new UsageException("--" + role + " " + o.get(role, null) + " needs reduces;"
              + " the job is map-only with --reduces 0 (give --reduces 1 or more)");
        }
      }
    }
    List<Path> inputs = new ArrayList<>();
    for (String in : o.required("input").split(",")) {
      inputs.add(existingInput("input", in.trim()));
    }
    Path output = newOutput("output", o.required("output"));

    KeyValue mapOut = explicitOr(conf, o, "map-output-key-class", "map-output-value-class",
        WrappedTypes.mapOutput(mapper, WrappedTypes.ofInputFormat(inputFormat)));
    KeyValue jobOut = reduces == 0 ? mapOut : WrappedTypes.reduceOutput(
        reducer == null ? Reducer.class : reducer, mapOut);
    jobOut = explicitOr(conf, o, "output-key-class", "output-value-class", jobOut);
    if (reduces == 0 && (o.has("output-key-class") || o.has("output-value-class"))
        && !(o.has("map-output-key-class") || o.has("map-output-value-class"))) {
      mapOut = jobOut; // map-only: the map output is the job output
    }
    requireTypes(mapOut, "map output", "map-output", mapper, reduces > 0);
    requireTypes(jobOut, "output", "output", reduces == 0 ? mapper : reducer, false);

    Job job = Job.getInstance(conf, "provmr wrap " + mapper.getSimpleName()
        + (reducer != null ? " " + reducer.getSimpleName() : ""));
    if (conf.get(MRJobConfig.JAR) == null) {
      // The job jar is ProvMR's own (the delegates); the user's jar travels as a library.
      job.setJarByClass(WrappedUserMapper.class);
    }
    job.setInputFormatClass(inputFormat);
    WrappedJob.setMapper(job, mapper);
    if (combiner != null) {
      WrappedJob.setCombiner(job, combiner);
    }
    if (reduces > 0) {
      WrappedJob.setReducer(job, reducer == null ? Reducer.class : reducer);
    }
    if (partitioner != null) {
      WrappedJob.setPartitioner(job, partitioner);
    }
    job.setNumReduceTasks(reduces);
    job.setMapOutputKeyClass(mapOut.key());
    job.setMapOutputValueClass(mapOut.value());
    job.setOutputKeyClass(jobOut.key());
    job.setOutputValueClass(jobOut.value());
    FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    FileOutputFormat.setOutputPath(job, output);
    if (jar != null) {
      WrappedJob.addJar(job, jar.toURI());
    }
    ProvenanceJob.configure(job);
    if (!runJob(job)) {
      return ExitCodes.FAILURE;
    }
    summarize(LineageStore.read(conf, output));
    return ExitCodes.OK;
  }

  /** A local jar that exists and is a readable zip. */
  private static URL jar(String value) throws UsageException, IOException {
    java.nio.file.Path p = Paths.get(value).toAbsolutePath().normalize();
    if (!Files.isRegularFile(p)) {
      throw new UsageException("--jar " + p + " does not exist or is not a file; give the"
          + " path of a local jar holding the classes");
    }
    try (ZipFile zip = new ZipFile(p.toFile())) {
      zip.size();
    } catch (IOException e) {
      throw new UsageException("--jar " + p + " is not a readable jar: " + e.getMessage());
    }
    return p.toUri().toURL();
  }

  /** Loads the class named by option {@code name}, checking it is a {@code base}; or null. */
  @SuppressWarnings("unchecked")
  private static <T> Class<? extends T> load(Configuration conf, Options o, String name,
      Class<T> base) throws UsageException {
    String value = o.get(name, null);
    if (value == null) {
      return null;
    }
    Class<?> c = loadClass(conf, name, value.trim());
    if (!base.isAssignableFrom(c)) {
      String oldApi = "org.apache.hadoop.mapred." + base.getSimpleName();
      throw new UsageException("--" + name + " " + value + " is not a subclass of " + base.getName()
          + (isA(c, oldApi) ? " but an old-API " + oldApi + ", which wrap does not run"
              : "; name a class that extends it"));
    }
    return (Class<? extends T>) c;
  }

  private static Class<?> loadClass(Configuration conf, String option, String value)
      throws UsageException {
    try {
      return conf.getClassByName(value);
    } catch (ClassNotFoundException | LinkageError e) {
      StringBuilder msg = new StringBuilder("--" + option + " " + value
          + ": class not found");
      int dot = value.lastIndexOf('.');
      String nested = dot < 0 ? null : value.substring(0, dot) + '$' + value.substring(dot + 1);
      if (nested != null && conf.getClassByNameOrNull(nested) != null) {
        msg.append("; a nested class is named Outer$Inner: did you mean ").append(nested)
            .append("?");
      } else {
        msg.append(" on the class path; check the name, or give the jar that holds it with"
            + " --jar (or -libjars)");
      }
      throw new UsageException(msg.toString());
    }
  }

  private static boolean isA(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (i.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  private static KeyValue explicitOr(Configuration conf, Options o, String keyOption,
      String valueOption, KeyValue inferred) throws UsageException {
    Class<?> key = o.has(keyOption) ? loadClass(conf, keyOption, o.get(keyOption, null).trim())
        : inferred.key();
    Class<?> value = o.has(valueOption)
        ? loadClass(conf, valueOption, o.get(valueOption, null).trim()) : inferred.value();
    return new KeyValue(key, value);
  }

  private static void requireTypes(KeyValue kv, String what, String option, Class<?> from,
      boolean sortedKey) throws UsageException {
    String source = from == null ? "the identity reducer" : from.getName();
    if (kv.key() == null || kv.value() == null) {
      throw new UsageException("cannot infer the " + what + " " + (kv.key() == null
          ? "key" : "value") + " class from " + source + " (its generic type arguments are"
          + " not concrete classes); give --" + option + "-" + (kv.key() == null ? "key"
          : "value") + "-class");
    }
    Class<?> keyBase = sortedKey ? WritableComparable.class : Writable.class;
    if (!keyBase.isAssignableFrom(kv.key())) {
      throw new UsageException("the " + what + " key class " + kv.key().getName() + " is not a "
          + keyBase.getSimpleName() + "; give --" + option + "-key-class");
    }
    if (!Writable.class.isAssignableFrom(kv.value())) {
      throw new UsageException("the " + what + " value class " + kv.value().getName()
          + " is not a Writable, which provenance records need; give --" + option
          + "-value-class");
    }
  }

  private void summarize(StoredJob stored) {
    long records = 0;
    for (PartEntry p : stored.parts()) {
      records += p.records();
    }
    out.printf("Done: %d records in %d parts from %d sources%n", records,
        stored.parts().size(), stored.sources().size());
    out.println("Lineage store: " + LineageStore.dir(stored.output()));
  }
}
