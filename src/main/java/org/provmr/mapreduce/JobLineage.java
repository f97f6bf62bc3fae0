package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;

/**
 * The lineage of a job, derived from its configuration: a map step and (with reduces) a reduce
 * step, each with the parameters that affect the result, and nested inside it the lineages of
 * the provenance outputs the job read.
 */
public final class JobLineage {

  private JobLineage() {
  }

  public static Lineage of(Configuration conf, String jobId) throws IOException {
    JobContext job = new JobContextImpl(conf, null);
    SortedMap<String, String> user = userParams(conf);
    List<Step> steps = new ArrayList<>();
    try {
      SortedMap<String, String> map = new TreeMap<>(user);
      map.put("input.format", SelfCountingInputFormat.userFormat(job).getName());
      map.put("inputs", conf.get(FileInputFormat.INPUT_DIR, ""));
      // MultipleInputs: which format and mapper each input path had.
      putIfSet(map, conf, "multiple.inputs.formats",
          org.apache.hadoop.mapreduce.lib.input.MultipleInputs.DIR_FORMATS);
      putIfSet(map, conf, "multiple.inputs.mappers",
          org.apache.hadoop.mapreduce.lib.input.MultipleInputs.DIR_MAPPERS);
      if (job.getCombinerClass() != null) {
        map.put("combiner", runningClassName(conf, job.getCombinerClass()));
      }
      // A wrapped job records the user's classes, not ProvMR's delegates that ran them.
      steps.add(new Step(jobId, Stage.MAP, null,
          runningClassName(conf, job.getMapperClass()), map));
      if (job.getNumReduceTasks() > 0) {
        SortedMap<String, String> reduce = new TreeMap<>(user);
        reduce.put("reduces", Integer.toString(job.getNumReduceTasks()));
        reduce.put("partitioner", runningClassName(conf, job.getPartitionerClass()));
        reduce.put("output.key.class", job.getOutputKeyClass().getName());
        reduce.put("output.value.class", job.getOutputValueClass().getName());
        // Comparators decide which values meet in one reduce() call and in what order.
        putIfSet(reduce, conf, "sort.comparator", MRJobConfig.KEY_COMPARATOR);
        putIfSet(reduce, conf, "grouping.comparator", MRJobConfig.GROUP_COMPARATOR_CLASS);
        putIfSet(reduce, conf, "combiner.grouping.comparator",
            MRJobConfig.COMBINER_GROUP_COMPARATOR_CLASS);
        steps.add(new Step(jobId, Stage.REDUCE, null,
            runningClassName(conf, job.getReducerClass()), reduce));
      }
    } catch (ClassNotFoundException e) {
      throw new IOException("Job class not found while recording lineage: " + e.getMessage(), e);
    }
    return Lineage.of(steps, upstream(conf));
  }

  /**
   * The class that really does the work in a role: what a {@link Delegator} runs, else the
   * configured class itself.
   */
  static String runningClassName(Configuration conf, Class<?> configured) {
    if (Delegator.class.isAssignableFrom(configured)) {
      // Not configured (null conf): a delegator names its class without loading it.
      String name = ((Delegator) ReflectionUtils.newInstance(configured, null))
          .delegateName(conf);
      if (name != null && !name.isEmpty()) {
        return name;
      }
    }
    return configured.getName();
  }

  private static SortedMap<String, String> userParams(Configuration conf) {
    SortedMap<String, String> params = new TreeMap<>();
    for (String key : conf.getTrimmedStrings(ProvenanceKeys.LINEAGE_PARAM_KEYS)) {
      params.put(key, conf.get(key, ""));
    }
    params.put(MRJobConfig.JOB_NAME, conf.get(MRJobConfig.JOB_NAME, ""));
    return params;
  }

  private static void putIfSet(SortedMap<String, String> params, Configuration conf,
      String name, String key) {
    String value = conf.getTrimmed(key);
    if (value != null && !value.isEmpty()) {
      params.put(name, value);
    }
  }

  /** The lineages of the provenance outputs among the job's inputs, once each. */
  private static List<Lineage> upstream(Configuration conf) throws IOException {
    Map<String, Lineage> found = new LinkedHashMap<>();
    for (Path input : inputs(conf)) {
      FileSystem fs = input.getFileSystem(conf);
      Path dir = input;
      FileStatus st = fs.exists(input) ? fs.getFileStatus(input) : null;
      if (st != null && st.isFile()) {
        dir = input.getParent();
      }
      if (dir != null && LineageStore.exists(conf, dir)) {
        StoredJob upstream = LineageStore.read(conf, dir);
        found.putIfAbsent(upstream.job().jobId(), upstream.job().lineage(0).lineage());
      }
    }
    return new ArrayList<>(found.values());
  }

  private static List<Path> inputs(Configuration conf) {
    List<Path> paths = new ArrayList<>();
    for (String p : conf.getTrimmedStrings(FileInputFormat.INPUT_DIR)) {
      // Glob inputs are listed by the InputFormat; a glob has no single upstream store.
      if (!p.matches(".*[*?\\[{].*")) {
        paths.add(new Path(org.apache.hadoop.util.StringUtils.unEscapeString(p)));
      }
    }
    return paths;
  }
}
