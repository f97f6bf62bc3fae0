package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.GlobPattern;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;

/**
 * MultipleInputs under provenance: reads the per-path input formats and mappers Hadoop keeps
 * in {@code mapreduce.input.multipleinputs.dir.formats} / {@code .mappers}, and refuses before
 * submission what capture, validation or recompute could not honour:
 *
 * <ul>
 *   <li>a per-path mapper that is not provenance-aware when Hadoop's DelegatingMapper runs it
 *       (a plain driver: extend ProvenanceMapper, or use {@code provmr wrap --multiple-input});
 *   <li>a CombineFileInputFormat as a path's format: its ranges would need the combined-split
 *       grouping, which a recompute of tagged splits does not rebuild;
 *   <li>paths that overlap (one inside another): a file would be read twice, with two mappers,
 *       and a recompute could not tell which of them a recorded range belongs to.
 * </ul>
 *
 * {@link #qualify} rewrites the paths fully qualified, as FileInputFormat.addInputPath does, so
 * the recorded configuration names the same files wherever a recompute runs.
 */
public final class MultipleInputsCheck {
  /** Hadoop's DelegatingMapper, which runs each tagged split's own mapper. */
  static final String HADOOP_DELEGATING_MAPPER =
      "org.apache.hadoop.mapreduce.lib.input.DelegatingMapper";

  /** One input of a MultipleInputs job: its path and the class names set for it. */
  public record Input(Path path, String inputFormat, String mapper) {
  }

  private MultipleInputsCheck() {
  }

  /** Whether the job uses MultipleInputs. */
  public static boolean applies(Configuration conf) {
    return conf.get(MultipleInputs.DIR_FORMATS) != null;
  }

  /** The job's inputs in the order they were added (mapper null when none was given). */
  public static List<Input> inputs(Configuration conf) {
    Map<String, String> formats = parse(conf, MultipleInputs.DIR_FORMATS);
    Map<String, String> mappers = parse(conf, MultipleInputs.DIR_MAPPERS);
    List<Input> inputs = new ArrayList<>();
    for (Map.Entry<String, String> e : formats.entrySet()) {
      inputs.add(new Input(new Path(e.getKey()), e.getValue(), mappers.get(e.getKey())));
    }
    return inputs;
  }

  /**
   * The input that {@code file} (a qualified URI from a source manifest) was read from: the
   * one whose qualified path is the file or one of its parent directories, or matches them as
   * a glob. Capture qualified the paths, so no file system is instantiated for a path that
   * recorded lineage names; overlapping inputs were refused at submission.
   *
   * @throws IOException when no input, or more than one, holds the file
   */
  public static Input inputOf(Configuration conf, Path file) throws IOException {
    List<Input> matches = new ArrayList<>();
    for (Input in : inputs(conf)) {
      GlobPattern glob = new GlobPattern(in.path().toString());
      for (Path f = file; f != null; f = f.getParent()) {
        if (f.equals(in.path()) || glob.hasWildcard() && glob.matches(f.toString())) {
          matches.add(in);
          break;
        }
      }
    }
    if (matches.size() != 1) {
      throw new IOException("Recorded source " + file + " lies under " + (matches.isEmpty()
          ? "none" : matches.size()) + " of the job's MultipleInputs paths "
          + inputs(conf).stream().map(Input::path).toList() + ", so its input format and"
          + " mapper are unknown; was " + MultipleInputs.DIR_FORMATS + " changed, or is it"
          + " missing from provenance.recompute.replay.keys?");
    }
    return matches.get(0);
  }

  /** "path;class,path;class", as MultipleInputs.addInputPath writes it. */
  private static Map<String, String> parse(Configuration conf, String key) {
    Map<String, String> m = new LinkedHashMap<>();
    String value = conf.get(key);
    if (value == null || value.isEmpty()) {
      return m;
    }
    for (String pair : value.split(",")) {
      int semi = pair.lastIndexOf(';');
      if (semi <= 0) {
        throw new org.provmr.conf.BadConfigurationException(key, value, "each entry is"
            + " PATH;CLASS, as MultipleInputs.addInputPath writes it");
      }
      m.put(pair.substring(0, semi), pair.substring(semi + 1));
    }
    return m;
  }

  /** Rewrites the MultipleInputs paths fully qualified against the job's file systems. */
  static void qualify(Job job) throws IOException {
    Configuration conf = job.getConfiguration();
    for (String key : new String[] {MultipleInputs.DIR_FORMATS, MultipleInputs.DIR_MAPPERS}) {
      Map<String, String> m = parse(conf, key);
      if (m.isEmpty()) {
        continue;
      }
      List<String> pairs = new ArrayList<>();
      for (Map.Entry<String, String> e : m.entrySet()) {
        Path p = new Path(e.getKey());
        pairs.add(p.getFileSystem(conf).makeQualified(p) + ";" + e.getValue());
      }
      conf.set(key, String.join(",", pairs));
    }
  }

  /**
   * What capture cannot honour in the job's MultipleInputs, one message per problem.
   *
   * @param jobMapper the class that runs as the job's mapper
   */
  static List<String> problems(Configuration conf, Class<?> jobMapper) {
    List<String> problems = new ArrayList<>();
    if (!applies(conf)) {
      if (conf.get(MultipleInputs.DIR_MAPPERS) != null) {
        problems.add(MultipleInputs.DIR_MAPPERS + " without " + MultipleInputs.DIR_FORMATS
            + ": set inputs with MultipleInputs.addInputPath");
      }
      return problems;
    }
    List<Input> inputs = inputs(conf);
    boolean hadoopDelegates = jobMapper != null
        && jobMapper.getName().equals(HADOOP_DELEGATING_MAPPER);
    boolean wrapped = jobMapper != null && Delegator.class.isAssignableFrom(jobMapper);
    for (Input in : inputs) {
      Class<?> format = conf.getClassByNameOrNull(in.inputFormat());
      if (format != null && CombineFileInputFormat.class.isAssignableFrom(format)) {
        problems.add(MultipleInputs.DIR_FORMATS + ": " + in.path() + " is read by "
            + in.inputFormat() + " (a CombineFileInputFormat): combined splits of one of"
            + " several inputs are not captured; give that path a FileInputFormat such as"
            + " TextInputFormat, or run it as a job of its own");
      }
      if (in.mapper() == null) {
        continue;
      }
      Class<?> mapper = conf.getClassByNameOrNull(in.mapper());
      if (mapper == null) {
        problems.add(MultipleInputs.DIR_MAPPERS + ": mapper " + in.mapper() + " of " + in.path()
            + " is not on the class path");
      } else if (hadoopDelegates && !ProvenanceMapper.class.isAssignableFrom(mapper)
          && mapper != Mapper.class) {
        problems.add(MultipleInputs.DIR_MAPPERS + ": mapper " + in.mapper() + " of "
            + in.path() + " does not extend ProvenanceMapper; make it extend"
            + " ProvenanceMapper, or run it unmodified with 'provmr wrap --multiple-input'"
            + " (WrapSpec.input)");
      } else if (wrapped && ProvenanceMapper.class.isAssignableFrom(mapper)) {
        problems.add(MultipleInputs.DIR_MAPPERS + ": mapper " + in.mapper() + " of "
            + in.path() + " is a ProvenanceMapper inside a wrapped job; wrap only unmodified"
            + " mappers, or configure the job with MultipleInputs and ProvenanceJob.configure");
      }
    }
    for (int i = 0; i < inputs.size(); i++) {
      for (int j = 0; j < inputs.size(); j++) {
        if (i != j && within(inputs.get(j).path(), inputs.get(i).path())) {
          problems.add(MultipleInputs.DIR_FORMATS + ": " + inputs.get(j).path() + " lies"
              + " within " + inputs.get(i).path() + ", so its files would be read twice and"
              + " a recompute could not tell which input a recorded range belongs to; give"
              + " inputs that do not overlap");
        }
      }
    }
    return problems;
  }

  /** Whether {@code inner} is {@code outer} or lies below it (paths as given). */
  private static boolean within(Path inner, Path outer) {
    String o = outer.toUri().getPath();
    String i = inner.toUri().getPath();
    return i.equals(o) || i.startsWith(o.endsWith("/") ? o : o + "/");
  }
}
