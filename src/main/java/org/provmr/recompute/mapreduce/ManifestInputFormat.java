package org.provmr.recompute.mapreduce;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
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

  /** One split to read: source id, file URI, start, length. */
  public record Entry(int id, String uri, long start, long length) {
  }

  /** Sets the splits of the job (the planner's choice) and the InputFormat that reads them. */
  public static void configure(Configuration conf, List<Entry> splits,
      Class<?> originalInputFormat) throws IOException {
    conf.set(SPLITS, StoreJson.mapper().writeValueAsString(splits));
    conf.set(INPUT_FORMAT, originalInputFormat.getName());
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
    for (Entry e : entries(context.getConfiguration())) {
      splits.add(new ManifestSplit(e.id(), new Path(e.uri()), e.start(), e.length()));
    }
    return splits;
  }

  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    return original(context.getConfiguration()).createRecordReader(split, context);
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
