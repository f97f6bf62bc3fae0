package org.provmr.cache;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.SourceIdentifiedSplit;

/**
 * The input of a recompute sub-job that replays cached map output: the splits of the job's own
 * InputFormat, those with a cache entry turned into {@link CachedSplit}s. Their record reader
 * opens the source only if the task falls back to mapping it, so a replayed split reads no
 * source bytes.
 */
public class CachedInputFormat<K, V> extends InputFormat<K, V> {

  @Override
  public List<InputSplit> getSplits(JobContext context) throws IOException,
      InterruptedException {
    Configuration conf = context.getConfiguration();
    Map<Integer, String> cached = CacheReplay.cached(conf);
    List<InputSplit> splits = new ArrayList<>();
    for (InputSplit s : inner(conf).getSplits(context)) {
      if (s instanceof FileSplit && s instanceof SourceIdentifiedSplit
          && cached.containsKey(((SourceIdentifiedSplit) s).sourceId())) {
        FileSplit f = (FileSplit) s;
        int id = ((SourceIdentifiedSplit) s).sourceId();
        splits.add(new CachedSplit(id, f.getPath(), f.getStart(), f.getLength(), cached.get(id)));
      } else {
        splits.add(s);
      }
    }
    return splits;
  }

  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    RecordReader<K, V> reader = inner(context.getConfiguration()).createRecordReader(split,
        context);
    return split instanceof CachedSplit ? new LazyRecordReader<>(reader) : reader;
  }

  @SuppressWarnings("unchecked")
  private InputFormat<K, V> inner(Configuration conf) {
    Class<?> c = conf.getClass(CacheReplay.INNER_INPUT_FORMAT, null);
    if (c == null) {
      throw new BadConfigurationException(CacheReplay.INNER_INPUT_FORMAT
          + " is not set: CachedInputFormat is only for recompute sub-jobs");
    }
    return (InputFormat<K, V>) ReflectionUtils.newInstance(c, conf);
  }

  /** A reader that opens its split on the first record asked for, not when the task starts. */
  static final class LazyRecordReader<K, V> extends RecordReader<K, V> {
    private final RecordReader<K, V> reader;
    private InputSplit split;
    private TaskAttemptContext context;
    private boolean opened;

    LazyRecordReader(RecordReader<K, V> reader) {
      this.reader = reader;
    }

    @Override
    public void initialize(InputSplit s, TaskAttemptContext c) {
      this.split = s;
      this.context = c;
    }

    private void open() throws IOException, InterruptedException {
      if (!opened) {
        opened = true;
        reader.initialize(split, context);
      }
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      open();
      return reader.nextKeyValue();
    }

    @Override
    public K getCurrentKey() throws IOException, InterruptedException {
      open();
      return reader.getCurrentKey();
    }

    @Override
    public V getCurrentValue() throws IOException, InterruptedException {
      open();
      return reader.getCurrentValue();
    }

    @Override
    public float getProgress() throws IOException, InterruptedException {
      return opened ? reader.getProgress() : 0f;
    }

    @Override
    public void close() throws IOException {
      if (opened) {
        reader.close();
      }
    }
  }
}
