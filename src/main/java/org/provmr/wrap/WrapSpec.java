package org.provmr.wrap;

/**
 * What to wrap, by class name, as a user or {@code provmr wrap} gives it: the mapper (required),
 * combiner, reducer, partitioner, input format, number of reduces, and key/value classes where
 * they cannot be inferred from the classes' generic types. {@link WrappedJob#configure} loads,
 * checks and wires it. Null means "not given": the job configuration's own key (e.g. {@code
 * mapreduce.job.reduces}) then applies when a user set it, else the inferred default.
 */
public final class WrapSpec {
  String mapper;
  String combiner;
  String reducer;
  String partitioner;
  String inputFormat;
  Integer reduces;
  String outputKeyClass;
  String outputValueClass;
  String mapOutputKeyClass;
  String mapOutputValueClass;
  String sortComparator;
  String groupingComparator;
  String combinerGroupingComparator;
  String api;
  /** MultipleInputs: path, input format and mapper of each input, in order. */
  final java.util.List<String[]> inputs = new java.util.ArrayList<>();

  /** A copy, so that filling in defaults never changes the caller's spec. */
  WrapSpec copy() {
    WrapSpec c = new WrapSpec();
    c.mapper = mapper;
    c.combiner = combiner;
    c.reducer = reducer;
    c.partitioner = partitioner;
    c.inputFormat = inputFormat;
    c.reduces = reduces;
    c.outputKeyClass = outputKeyClass;
    c.outputValueClass = outputValueClass;
    c.mapOutputKeyClass = mapOutputKeyClass;
    c.mapOutputValueClass = mapOutputValueClass;
    c.sortComparator = sortComparator;
    c.groupingComparator = groupingComparator;
    c.combinerGroupingComparator = combinerGroupingComparator;
    c.api = api;
    c.inputs.addAll(inputs);
    return c;
  }

  public WrapSpec mapper(String className) {
    mapper = className;
    return this;
  }

  public WrapSpec combiner(String className) {
    combiner = className;
    return this;
  }

  public WrapSpec reducer(String className) {
    reducer = className;
    return this;
  }

  public WrapSpec partitioner(String className) {
    partitioner = className;
    return this;
  }

  /** Default: TextInputFormat. */
  public WrapSpec inputFormat(String className) {
    inputFormat = className;
    return this;
  }

  /** Default: 1 with a reducer, else 0 (map-only). */
  public WrapSpec reduces(Integer n) {
    if (n != null && n < 0) {
      throw new IllegalArgumentException("reduces must be >= 0, got " + n);
    }
    reduces = n;
    return this;
  }

  public WrapSpec outputKeyClass(String className) {
    outputKeyClass = className;
    return this;
  }

  public WrapSpec outputValueClass(String className) {
    outputValueClass = className;
    return this;
  }

  public WrapSpec mapOutputKeyClass(String className) {
    mapOutputKeyClass = className;
    return this;
  }

  public WrapSpec mapOutputValueClass(String className) {
    mapOutputValueClass = className;
    return this;
  }

  /** The RawComparator that sorts map output keys (Job.setSortComparatorClass). */
  public WrapSpec sortComparator(String className) {
    sortComparator = className;
    return this;
  }

  /** The RawComparator that groups keys for one reduce() call (secondary sort). */
  public WrapSpec groupingComparator(String className) {
    groupingComparator = className;
    return this;
  }

  /** The RawComparator that groups keys for one combiner reduce() call. */
  public WrapSpec combinerGroupingComparator(String className) {
    combinerGroupingComparator = className;
    return this;
  }

  /**
   * Which MapReduce API the mapper, combiner and reducer are written against: {@code
   * mapreduce} (default) or {@code mapred} (old API: JobConf, OutputCollector).
   */
  public WrapSpec api(String name) {
    if (name != null && !name.equals("mapreduce") && !name.equals("mapred")) {
      throw new org.provmr.conf.BadConfigurationException("--api", name,
          "use mapreduce (org.apache.hadoop.mapreduce, the default) or mapred (the old"
              + " org.apache.hadoop.mapred API)");
    }
    api = name;
    return this;
  }

  /**
   * Adds an input of its own (Hadoop's MultipleInputs): {@code path} is read by {@code
   * inputFormat} and mapped by {@code mapper}, an unmodified Mapper. With inputs given, the job
   * has no single mapper or input format.
   */
  public WrapSpec input(String path, String inputFormat, String mapper) {
    if (path == null || inputFormat == null || mapper == null) {
      throw new IllegalArgumentException("An input needs a path, an input format and a mapper:"
          + " " + path + ", " + inputFormat + ", " + mapper);
    }
    inputs.add(new String[] {path, inputFormat, mapper});
    return this;
  }
}
