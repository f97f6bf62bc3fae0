package org.provmr.recompute.mapreduce;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreJson;

/**
 * The input of a recompute sub-job: exactly the splits a plan names (each with its source id),
 * read by the job's original InputFormat. Used so that re-mapping split 5 reads the same bytes
 * the original map task 5 read and stamps the same source id.
 */
public class ManifestInputFormat<K, V> extends InputFormat<K, V> {
  /** The splits to read, as JSON. */
  private static final String SPLITS = "provenance.recompute.splits";
  /** The original InputFormat that reads them. */
  private static final String INPUT_FORMAT = "provenance.recompute.input.format";
  /** file URI -> byte offset: the file's splits ending there read no record starting there. */
  private static final String BOUNDS = "provenance.recompute.bounded";

  /** One split to read: source id, file URI, start, length. */
  public record Entry(int id, String uri, long start, long length) {
  }

  /** Sets the splits of the job (the planner's choice) and the InputFormat that reads them. */
  public static void configure(Configuration conf, List<Entry> splits,
      Class<?> originalInputFormat) throws IOException {
    conf.set(SPLITS, StoreJson.mapper().writeValueAsString(splits));
    conf.set(INPUT_FORMAT, originalInputFormat.getName());
  }

  /**
   * Makes the splits of {@code file} that end at {@code end} read as if the file ended there:
   * a line reader would otherwise finish the line starting at its end, which bytes appended
   * after capture now hold (and a split of the appended bytes reads). Line input only: the
   * bound is on the byte offset a LongWritable key gives.
   */
  public static void bound(Configuration conf, Map<String, Long> ends) throws IOException {
    if (!ends.isEmpty()) {
      conf.set(BOUNDS, StoreJson.mapper().writeValueAsString(ends));
    }
  }

  private static Map<String, Long> bounds(Configuration conf) throws IOException {
    String json = conf.get(BOUNDS);
    return json == null ? Map.of()
        : StoreJson.mapper().readValue(json, new TypeReference<Map<String, Long>>() { });
  }

  static List<Entry> entries(Configuration conf) throws IOException {
    String json = conf.get(SPLITS);
    if (json == null) {
      throw new BadConfigurationException(SPLITS
          + " is not set: ManifestInputFormat is only for recompute sub-jobs");
    }
    return StoreJson.mapper().readValue(json, new TypeReference<List<Entry>>() { });
  }

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException {
    List<InputSplit> splits = new ArrayList<>();
    // A CombineFileInputFormat's reader takes combined splits only: give it one range each.
    Configuration conf = context.getConfiguration();
    if (isCombined(conf)) {
      for (List<Entry> group : combinedGroups(conf, entries(conf))) {
        splits.add(new ManifestCombineSplit(group));
      }
      return splits;
    }
    // MultipleInputs: each range is tagged again with its input's format and mapper.
    boolean tagged = TaggedInputs.applies(conf, conf.getClass(INPUT_FORMAT, null));
    for (Entry e : entries(conf)) {
      ManifestSplit split = new ManifestSplit(e.id(), new Path(e.uri()), e.start(), e.length());
      splits.add(tagged ? TaggedInputs.tag(conf, split, split.getPath()) : split);
    }
    return splits;
  }

  /**
   * The input format that reads {@code file} in a job with the recorded configuration {@code
   * conf}: the job's own, or for MultipleInputs that of the input the file lies under.
   */
  public static Class<?> formatOf(Configuration conf, Class<?> jobFormat, Path file)
      throws IOException {
    if (!TaggedInputs.applies(conf, jobFormat)) {
      return jobFormat;
    }
    String name = TaggedInputs.inputOf(conf, file).inputFormat();
    Class<?> c = conf.getClassByNameOrNull(name);
    if (c == null) {
      throw new IOException("Input format " + name + " of " + file + " is not on the class"
          + " path");
    }
    return c;
  }

  /** Whether the original InputFormat combines file ranges into one split. */
  public static boolean isCombined(Class<?> inputFormat) {
    return CombineFileInputFormat.class.isAssignableFrom(inputFormat);
  }

  private boolean isCombined(Configuration conf) {
    return original(conf) instanceof CombineFileInputFormat;
  }

  /**
   * The ranges of a combined input, grouped as the original map tasks read them (a range's id
   * is {@code task * provenance.combined.split.max.files + range}), in order of first
   * appearance, then largest group first, as JobSubmitter orders the map tasks.
   */
  public static List<List<Entry>> combinedGroups(Configuration conf, List<Entry> entries) {
    int stride = Math.max(1, conf.getInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES,
        ProvenanceKeys.COMBINED_SPLIT_MAX_FILES_DEFAULT));
    java.util.Map<Integer, List<Entry>> groups = new java.util.LinkedHashMap<>();
    for (Entry e : entries) {
      groups.computeIfAbsent(e.id() / stride, k -> new ArrayList<>()).add(e);
    }
    List<List<Entry>> ordered = new ArrayList<>(groups.values());
    ordered.sort(java.util.Comparator.comparingLong((List<Entry> g) -> g.stream()
        .mapToLong(Entry::length).sum()).reversed());
    return ordered;
  }

  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    RecordReader<K, V> reader = original(context.getConfiguration()).createRecordReader(split,
        context);
    if (split instanceof FileSplit) {
      FileSplit f = (FileSplit) split;
      Long end = bounds(context.getConfiguration()).get(f.getPath().toString());
      if (end != null && f.getStart() + f.getLength() == end) {
        return new BoundedRecordReader<>(reader, end);
      }
    }
    return reader;
  }

  /** Ends a line reader's split before the first record starting at or after {@code end}. */
  static final class BoundedRecordReader<K, V> extends RecordReader<K, V> {
    private final RecordReader<K, V> reader;
    private final long end;
    private boolean done;

    BoundedRecordReader(RecordReader<K, V> reader, long end) {
      this.reader = reader;
      this.end = end;
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) throws IOException,
        InterruptedException {
      reader.initialize(split, context);
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      if (done || !reader.nextKeyValue()) {
        done = true;
        return false;
      }
      Object key = reader.getCurrentKey();
      if (key instanceof LongWritable && ((LongWritable) key).get() >= end) {
        done = true;
      }
      return !done;
    }

    @Override
    public K getCurrentKey() throws IOException, InterruptedException {
      return reader.getCurrentKey();
    }

    @Override
    public V getCurrentValue() throws IOException, InterruptedException {
      return reader.getCurrentValue();
    }

    @Override
    public float getProgress() throws IOException, InterruptedException {
      return done ? 1f : reader.getProgress();
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  @SuppressWarnings("unchecked")
  private InputFormat<K, V> original(Configuration conf) {
    Class<?> c = conf.getClass(INPUT_FORMAT, null);
    if (c == null) {
      throw new BadConfigurationException(INPUT_FORMAT + " is not set");
    }
    return (InputFormat<K, V>) ReflectionUtils.newInstance(c, conf);
  }
}
