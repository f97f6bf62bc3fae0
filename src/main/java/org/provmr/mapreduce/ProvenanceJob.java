package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ByteSizes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.openlineage.LineageEmitter;
import org.provmr.store.KeyedMode;

/**
 * The one call a driver makes to give a job provenance, plus typed access to its settings.
 *
 * <pre>
 * job.setMapperClass(TokenizerMapper.class);    // extends ProvenanceMapper
 * job.setReducerClass(IntSumReducer.class);     // extends ProvenanceReducer
 * job.setOutputKeyClass(Text.class);
 * job.setOutputValueClass(IntWritable.class);
 * ProvenanceJob.configure(job);                 // after the classes are set
 * </pre>
 *
 * Setters take a {@link Job} and check their argument at once; getters take a Configuration and
 * never write to it.
 */
public final class ProvenanceJob {

  /** Set by {@link #configure}; without it a ProvenanceMapper/Reducer is a plain Mapper/Reducer. */
  private static final String ENABLED = "provenance.enabled";
  /** The job's real map output value class, which travels wrapped in a TracedValue. */
  static final String MAP_OUTPUT_VALUE_CLASS = "provenance.map.output.value.class";
  /** A {@link MapOutputFilter} class applied to every map output record. */
  private static final String MAP_OUTPUT_FILTER = "provenance.map.output.filter.class";
  /** A {@link MapOutputKeeper} class told the sources of each map task's output. */
  private static final String MAP_OUTPUT_KEEPER = "provenance.map.output.keeper.class";
  /** Records are stamped recomputed, LOW confidence, with this lineage id (see setRecomputed). */
  private static final String RECOMPUTED_LINEAGE_ID = "provenance.recompute.lineage.id";

  private ProvenanceJob() {
  }

  /**
   * Wires the job for provenance: the output goes through {@link ProvenanceOutputFormat}
   * (a SequenceFile of records with headers, committed together with the lineage store), map
   * output values travel as {@link TracedValue}s, a FileInputFormat is read through
   * {@link SelfCountingInputFormat} (the same splits and records, without Hadoop's per-record
   * statistics walk), and the mapper, combiner and reducer are checked to be provenance-aware.
   * Call it after the job's classes are set; calling it twice is harmless.
   *
   * <p>In keyed mode ({@code provenance.keyed.key.alias}) the signing key is read from the
   * credential providers here and shipped to the tasks in the job's credentials.
   *
   * @throws BadConfigurationException naming the class or key that prevents capture
   * @throws IOException if a credential provider cannot be read
   */
  public static void configure(Job job) throws IOException {
    Configuration conf = ProvenanceKeys.ofDriver(job);
    getChecksumAlgorithm(conf);
    getHeaderMode(conf);
    getHeaderVersion(conf);
    // OpenLineage: the client's OPENLINEAGE_URL travels with the job; a bad setting stops
    // the driver here rather than being logged by the application master.
    LineageEmitter.adoptEnvironment(conf);
    LineageEmitter.of(conf);
    requireProvenanceClasses(job);
    UnsupportedSettings.refuse(conf, effectiveMapperName(job));
    MultipleInputsCheck.qualify(job); // recorded paths name the same files wherever replayed
    NamedOutputs.capture(conf);
    KeyedMode.ship(job);
    if (conf.get(MAP_OUTPUT_VALUE_CLASS) == null) {
      conf.setClass(MAP_OUTPUT_VALUE_CLASS, job.getMapOutputValueClass(), Object.class);
      job.setMapOutputValueClass(TracedValue.class);
    }
    job.setOutputFormatClass(ProvenanceOutputFormat.class);
    SelfCountingInputFormat.install(job); // after the checks above, which name the job's own
    conf.setBoolean(ENABLED, true);
  }

  /**
   * Submits the job as {@code job.submit()} does; if the submission fails after the output
   * check (an input that does not exist, a staging error), gives up the claim the check took
   * on the new output directory and removes the directory, as a plain job leaves none
   * (docs/concurrency.md, "Two jobs, one new output"). {@code job.waitForCompletion} after it
   * waits without submitting again.
   */
  public static void submit(Job job)
      throws IOException, InterruptedException, ClassNotFoundException {
    try {
      job.submit();
    } catch (IOException | InterruptedException | ClassNotFoundException | RuntimeException e) {
      try {
        ProvenanceOutputFormat.releaseClaim(job);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * Turns provenance on for a job whose configuration was already wired by {@link #configure}
   * in an earlier run (e.g. replayed from a lineage store), without checking its classes again.
   */
  public static void enable(Job job) {
    ProvenanceKeys.ofDriver(job).setBoolean(ENABLED, true);
  }

  /**
   * Turns provenance off for a job whose configuration was replayed from a lineage store, so
   * that its ProvenanceMapper/Reducer classes run as the plain Mapper/Reducer they extend (an
   * in-process replay of a recorded step, such as {@code provmr trace --precise}).
   */
  public static void disable(Job job) {
    ProvenanceKeys.ofDriver(job).setBoolean(ENABLED, false);
  }

  /**
   * Stamps the job's output records as recomputed: LOW confidence (not yet revalidated), the
   * recomputed flag, and {@code lineageId} (an id of the part's lineage table that names the
   * steps that produced them) as their lineage.
   */
  public static void setRecomputed(Job job, int lineageId) {
    if (lineageId < 0) {
      throw new IllegalArgumentException("lineage id must be >= 0, got " + lineageId);
    }
    ProvenanceKeys.ofDriver(job).setInt(RECOMPUTED_LINEAGE_ID, lineageId);
  }

  /** Applies {@code filter} to every map output record of the job (see MapOutputFilter). */
  public static void setMapOutputFilter(Job job, Class<? extends MapOutputFilter> filter) {
    ProvenanceKeys.ofDriver(job).setClass(MAP_OUTPUT_FILTER, filter, MapOutputFilter.class);
  }

  /** Tells {@code keeper} the sources of every map task's output (see MapOutputKeeper). */
  public static void setMapOutputKeeper(Job job, Class<? extends MapOutputKeeper> keeper) {
    ProvenanceKeys.ofDriver(job).setClass(MAP_OUTPUT_KEEPER, keeper, MapOutputKeeper.class);
  }

  /** The map output keeper of the job, or null when there is none. */
  static MapOutputKeeper getMapOutputKeeper(Configuration conf) {
    Class<? extends MapOutputKeeper> c =
        conf.getClass(MAP_OUTPUT_KEEPER, null, MapOutputKeeper.class);
    return c == null ? null : ReflectionUtils.newInstance(c, conf);
  }

  /** The class that does the mapping: the user's class when the mapper is a Delegator. */
  private static String effectiveMapperName(Job job) {
    try {
      Class<?> mapper = job.getMapperClass();
      if (Delegator.class.isAssignableFrom(mapper)) {
        return ((Delegator) ReflectionUtils.newInstance(mapper, null))
            .delegateName(job.getConfiguration());
      }
      return mapper.getName();
    } catch (ClassNotFoundException e) {
      throw new BadConfigurationException("Job class not found: " + e.getMessage());
    }
  }

  private static void requireProvenanceClasses(Job job) {
    try {
      Class<?> mapper = job.getMapperClass();
      // Hadoop's DelegatingMapper (MultipleInputs) runs per-path mappers: MultipleInputsCheck.
      boolean delegates = mapper.getName().equals(MultipleInputsCheck.HADOOP_DELEGATING_MAPPER)
          && MultipleInputsCheck.applies(job.getConfiguration());
      if (!ProvenanceMapper.class.isAssignableFrom(mapper) && mapper != Mapper.class
          && !delegates) {
        throw new BadConfigurationException("Mapper " + mapper.getName()
            + " does not extend ProvenanceMapper: make it extend ProvenanceMapper, or run it"
            + " unmodified with 'provmr wrap'");
      }
      requireReducer("Combiner", job.getCombinerClass());
      if (job.getNumReduceTasks() > 0) {
        requireReducer("Reducer", job.getReducerClass());
      }
    } catch (ClassNotFoundException e) {
      throw new BadConfigurationException("Job class not found: " + e.getMessage());
    }
  }

  private static void requireReducer(String role, Class<?> reducer) {
    // The identity Reducer passes TracedValues through untouched, so it is fine too.
    if (reducer != null && reducer != Reducer.class
        && !ProvenanceReducer.class.isAssignableFrom(reducer)) {
      throw new BadConfigurationException(role + " " + reducer.getName()
          + " does not extend ProvenanceReducer: make it extend ProvenanceReducer, or run it"
          + " unmodified with 'provmr wrap'");
    }
  }

  /** Chooses the payload checksum algorithm (default CRC32C). */
  public static void setChecksumAlgorithm(Job job, ChecksumAlgorithm algorithm) {
    ProvenanceKeys.ofDriver(job).set(ProvenanceKeys.CHECKSUM_ALGORITHM, algorithm.configName());
  }

  /** Chooses compact (default) or self-contained headers. */
  public static void setHeaderMode(Job job, HeaderMode mode) {
    ProvenanceKeys.ofDriver(job).set(ProvenanceKeys.HEADER_MODE, mode.configName());
  }

  /** Records the values of these configuration keys as lineage parameters of the job. */
  public static void recordParameters(Job job, String... keys) {
    Configuration conf = ProvenanceKeys.ofDriver(job);
    Set<String> all = new LinkedHashSet<>(Arrays.asList(
        conf.getTrimmedStrings(ProvenanceKeys.LINEAGE_PARAM_KEYS)));
    for (String k : keys) {
      if (k == null || k.isBlank() || k.contains(",")) {
        throw new IllegalArgumentException("Not a configuration key: '" + k + "'");
      }
      all.add(k.trim());
    }
    conf.set(ProvenanceKeys.LINEAGE_PARAM_KEYS, String.join(",", all));
  }

  public static boolean isEnabled(Configuration conf) {
    // Off by default so that unit tests (MRUnit) of a ProvenanceMapper see the plain logic.
    return conf.getBoolean(ENABLED, false);
  }

  /** The lineage id of recomputed records, or -1 when the job's records are not recomputed. */
  public static int getRecomputedLineage(Configuration conf) {
    return conf.getInt(RECOMPUTED_LINEAGE_ID, -1);
  }

  /** The map output filter of the job, configured, or null when there is none. */
  static MapOutputFilter getMapOutputFilter(Configuration conf) {
    Class<? extends MapOutputFilter> c =
        conf.getClass(MAP_OUTPUT_FILTER, null, MapOutputFilter.class);
    return c == null ? null : ReflectionUtils.newInstance(c, conf);
  }

  /** The map output value class the user's code writes (before ProvMR wraps it). */
  public static Class<?> getMapOutputValueClass(Configuration conf) {
    Class<?> c = conf.getClass(MAP_OUTPUT_VALUE_CLASS, null);
    if (c == null) {
      throw new IllegalStateException(MAP_OUTPUT_VALUE_CLASS
          + " is not set; configure the job with ProvenanceJob.configure(job)");
    }
    return c;
  }

  public static ChecksumAlgorithm getChecksumAlgorithm(Configuration conf) {
    String name = conf.getTrimmed(ProvenanceKeys.CHECKSUM_ALGORITHM,
        ProvenanceKeys.CHECKSUM_ALGORITHM_DEFAULT);
    try {
      return ChecksumAlgorithm.fromName(name);
    } catch (IllegalArgumentException e) {
      throw new BadConfigurationException(ProvenanceKeys.CHECKSUM_ALGORITHM, name,
          "use crc32c, crc32 or sha-256");
    }
  }

  /** The precision policy's budget of exact source-set bytes per part (docs/scale.md). */
  public static long getSourceSetBudget(Configuration conf) {
    String raw = conf.getTrimmed(ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES,
        ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES_DEFAULT);
    try {
      long v = ByteSizes.of(conf, ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES,
          ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES_DEFAULT);
      if (v >= 0) {
        return v;
      }
    } catch (IllegalArgumentException e) {
      // reported below with the accepted forms
    }
    throw new BadConfigurationException(ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES, raw,
        "use a size such as 16384, 16k or 1m (0 summarizes every set)");
  }

  /**
   * The format version of the compact headers written, {@link ProvenanceKeys#HEADER_VERSION}:
   * 1, or 2 (deltas from the previous record of the sync block; docs/header-format.md).
   */
  public static int getHeaderVersion(Configuration conf) {
    String raw = conf.getTrimmed(ProvenanceKeys.HEADER_VERSION,
        ProvenanceKeys.HEADER_VERSION_DEFAULT);
    if ("1".equals(raw)) {
      return HeaderCodec.VERSION;
    }
    if ("2".equals(raw)) {
      return HeaderCodec.VERSION_2;
    }
    throw new BadConfigurationException(ProvenanceKeys.HEADER_VERSION, raw,
        "use 2 (smaller headers, readers from this release on) or 1 (readable by older"
            + " releases)");
  }

  public static HeaderMode getHeaderMode(Configuration conf) {
    return HeaderMode.fromName(conf.getTrimmed(ProvenanceKeys.HEADER_MODE,
        ProvenanceKeys.HEADER_MODE_DEFAULT));
  }
}
