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
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.CounterGroup;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.cache.MapOutputCache;
import org.provmr.wrap.WrapSpec;
import org.provmr.wrap.WrappedJob;
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
        + "    [--overwrite-incomplete]\n"
        + "    [--output-key-class C --output-value-class C]"
        + " [--map-output-key-class C --map-output-value-class C]\n"
        + "    [--sort-comparator C] [--grouping-comparator C] [--combiner-grouping-comparator C]\n"
        + "    [--api mapreduce|mapred]   (mapred: old-API Mapper/Reducer classes)\n"
        + "  or, for several inputs each with its own input format and mapper (MultipleInputs),"
        + " instead of\n  --mapper/--input-format/--input:"
        + " --multiple-input PATH,INPUT_FORMAT,MAPPER (repeat it)\n"
        + "  Classes are org.apache.hadoop.mapreduce ones, nested classes as Outer$Inner;"
        + " key/value classes\n"
        + "  are inferred from the classes' generic superclasses when not given. Without"
        + " --reducer and\n"
        + "  --reduces the job is map-only; --reduces N alone runs Hadoop's identity reducer.\n"
        + "  --overwrite-incomplete: first remove OUT if a killed run left it incomplete (no"
        + " _SUCCESS, no lineage store).";
  }

  @Override
  Options options() {
    // Options that mirror Hadoop's own keys set them only when given, so -D and -conf values
    // stand otherwise; WrappedJob.configure reads them from the job's configuration.
    return new Options().withValue("mapper").withValue("combiner").withValue("reducer")
        .withValue("partitioner").withValue("jar").withValue("input").withValue("output")
        .withValue("input-format", MRJobConfig.INPUT_FORMAT_CLASS_ATTR)
        .withValue("reduces", MRJobConfig.NUM_REDUCES, v -> Options.wholeNumber("reduces", v, 0))
        .withValue("output-key-class", MRJobConfig.OUTPUT_KEY_CLASS)
        .withValue("output-value-class", MRJobConfig.OUTPUT_VALUE_CLASS)
        .withValue("map-output-key-class", MRJobConfig.MAP_OUTPUT_KEY_CLASS)
        .withValue("map-output-value-class", MRJobConfig.MAP_OUTPUT_VALUE_CLASS)
        .withValue("sort-comparator", MRJobConfig.KEY_COMPARATOR)
        .withValue("grouping-comparator", MRJobConfig.GROUP_COMPARATOR_CLASS)
        .withValue("combiner-grouping-comparator", MRJobConfig.COMBINER_GROUP_COMPARATOR_CLASS)
        .withValue("api").withValue("multiple-input").withFlag("overwrite-incomplete");
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

  private int submit(Options o, Configuration conf, URL jar) throws Exception {
    List<String> multiple = o.all("multiple-input");
    if (!o.has("mapper") && multiple.isEmpty()) {
      throw new UsageException("Missing --mapper (or --multiple-input PATH,INPUT_FORMAT,MAPPER)");
    }
    WrapSpec spec = new WrapSpec().mapper(o.get("mapper", null))
        .combiner(o.get("combiner", null)).reducer(o.get("reducer", null))
        .partitioner(o.get("partitioner", null)).api(o.get("api", null));
    List<Path> inputs = new ArrayList<>();
    if (!multiple.isEmpty()) {
      if (o.has("input") || o.has("mapper") || o.has("input-format")) {
        throw new UsageException("--multiple-input names each input's path, input format and"
            + " mapper: leave out --input, --mapper and --input-format");
      }
      for (String in : multiple) {
        String[] f = in.split(",", -1);
        if (f.length != 3 || f[1].isBlank() || f[2].isBlank()) {
          throw new UsageException("--multiple-input " + in + ": give PATH,INPUT_FORMAT,MAPPER"
              + " (three comma-separated fields)");
        }
        spec.input(existingInput("multiple-input", f[0].trim()).toString(), f[1].trim(),
            f[2].trim());
      }
    } else {
      for (String in : o.required("input").split(",")) {
        inputs.add(existingInput("input", in.trim()));
      }
    }
    Path output = newOutput("output", o.required("output"), o.has("overwrite-incomplete"));
    Job job = Job.getInstance(conf);
    if (jar != null) {
      WrappedJob.addJar(job, jar.toURI());
    }
    WrappedJob.configure(job, spec);
    MapOutputCache.configure(job); // with provenance.cache.dir set (docs/cache.md)
    if (!inputs.isEmpty()) {
      FileInputFormat.setInputPaths(job, inputs.toArray(new Path[0]));
    }
    FileOutputFormat.setOutputPath(job, output);
    if (!runJob(job)) {
      return ExitCodes.FAILURE;
    }
    summarize(LineageStore.read(conf, output));
    printUserCounters(job);
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

  /** The wrapped code's own counters (Hadoop's are in the job history), as group.name=value. */
  private void printUserCounters(Job job) throws IOException {
    for (CounterGroup group : job.getCounters()) {
      if (group.getName().startsWith("org.apache.hadoop.")
          || group.getName().equals("Shuffle Errors")) {
        continue;
      }
      for (Counter c : group) {
        out.println("Counter " + group.getName() + "." + c.getName() + "=" + c.getValue());
      }
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
