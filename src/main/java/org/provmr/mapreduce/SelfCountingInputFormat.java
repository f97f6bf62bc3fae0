package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.CombineFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.ProvenanceKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A capture job's input format, around the job's own FileInputFormat: the same splits and
 * records, but each FileSplit reaches Hadoop's MapTask inside a {@link SelfCountingSplit}, and
 * the "Bytes Read" counter is counted here, once per task, from the map thread's own file
 * system statistics.
 *
 * <p>Why: MapTask walks the statistics of every file system of the split's scheme before and
 * after every record it reads, when and only when the split is a {@code FileSplit}, to count
 * the bytes read: each walk locks the statistics, iterates every thread's entry and calls an
 * aggregator. In a map-only grep that is 13% of the map thread, plain or not (bench/README.md,
 * "Not a FileSplit for MapTask"). The counter here is the bytes this thread read on the
 * split's file system from the reader's creation to its end of input, and while it closes:
 * what Hadoop's walks counted, but for reads on other threads, which a walk of every thread
 * also took in.
 *
 * <p>Only what sees the split through MapTask changes: the record reader is given the
 * FileSplit, the mapper's {@code getInputSplit()} returns it (TracingMapper), and the
 * recorded configuration names the job's own input format ({@link #userView}), so a
 * recompute, a cache key and a trace replay see the job as its driver set it. Off with
 * {@code provenance.capture.count.bytes.read=false}.
 */
public class SelfCountingInputFormat<K, V> extends InputFormat<K, V> {
  private static final Logger LOG = LoggerFactory.getLogger(SelfCountingInputFormat.class);
  /** Internal: the job's own input format class, which this one reads through. */
  static final String USER_FORMAT = "provenance.input.format.class";

  /**
   * Puts this format around the job's own, when that is a FileInputFormat whose splits are
   * FileSplits (not CombineFileInputFormat's, which MapTask never walked for) and the operator
   * has not turned it off. Called by {@link ProvenanceJob#configure}; a second call keeps it.
   */
  static void install(Job job) {
    Configuration conf = job.getConfiguration();
    if (!conf.getBoolean(ProvenanceKeys.CAPTURE_COUNT_BYTES_READ,
        ProvenanceKeys.CAPTURE_COUNT_BYTES_READ_DEFAULT)) {
      return;
    }
    Class<?> format;
    try {
      format = job.getInputFormatClass();
    } catch (ClassNotFoundException e) {
      return; // the submission fails on it with Hadoop's own message
    }
    if (format == SelfCountingInputFormat.class) {
      return;
    }
    if (FileInputFormat.class.isAssignableFrom(format)
        && !CombineFileInputFormat.class.isAssignableFrom(format)) {
      conf.set(USER_FORMAT, format.getName());
      job.setInputFormatClass(SelfCountingInputFormat.class);
      LOG.debug("Reading through {} around {}: Bytes Read counted once per task",
          SelfCountingInputFormat.class.getSimpleName(), format.getName());
    }
  }

  /** Whether {@code conf} reads through this format. */
  private static boolean installed(Configuration conf) {
    return SelfCountingInputFormat.class.getName().equals(
        conf.getTrimmed(MRJobConfig.INPUT_FORMAT_CLASS_ATTR)) && conf.get(USER_FORMAT) != null;
  }

  /** The job's own input format class (the one its driver set). */
  static Class<?> userFormat(JobContext job) throws ClassNotFoundException {
    Configuration conf = job.getConfiguration();
    return installed(conf) ? conf.getClassByName(conf.getTrimmed(USER_FORMAT))
        : job.getInputFormatClass();
  }

  /**
   * {@code conf} as the job's driver set it: its own input format under Hadoop's key, without
   * this class's; {@code conf} itself when this format is not installed. For what is recorded
   * or compared across runs (job.json, lineage steps, cache keys).
   */
  public static Configuration userView(Configuration conf) {
    if (!installed(conf)) {
      return conf;
    }
    Configuration view = new Configuration(conf);
    view.set(MRJobConfig.INPUT_FORMAT_CLASS_ATTR, conf.getTrimmed(USER_FORMAT));
    view.unset(USER_FORMAT);
    return view;
  }

  @SuppressWarnings("unchecked")
  private static <K, V> InputFormat<K, V> user(Configuration conf) throws IOException {
    String name = conf.getTrimmed(USER_FORMAT);
    if (name == null) {
      throw new IOException(USER_FORMAT + " is not set: " + SelfCountingInputFormat.class
          .getSimpleName() + " is set by ProvenanceJob.configure around the job's own format");
    }
    try {
      return (InputFormat<K, V>) ReflectionUtils.newInstance(conf.getClassByName(name), conf);
    } catch (ClassNotFoundException e) {
      throw new IOException("The job's input format " + name + " is not on the class path", e);
    }
  }

  @Override
  public List<InputSplit> getSplits(JobContext context)
      throws IOException, InterruptedException {
    List<InputSplit> splits = new ArrayList<>();
    for (InputSplit s : user(context.getConfiguration()).getSplits(context)) {
      splits.add(s instanceof FileSplit ? new SelfCountingSplit((FileSplit) s) : s);
    }
    return splits;
  }

  @Override
  public RecordReader<K, V> createRecordReader(InputSplit split, TaskAttemptContext context)
      throws IOException, InterruptedException {
    InputFormat<K, V> format = user(context.getConfiguration());
    if (!(split instanceof SelfCountingSplit)) {
      return format.createRecordReader(split, context);
    }
    FileSplit file = ((SelfCountingSplit) split).fileSplit();
    // Counted from before the job's format makes its reader, as MapTask counts.
    BytesRead bytes = new BytesRead(file.getPath(), context.getConfiguration());
    return new CountingReader<>(format.createRecordReader(file, context), file, bytes, context);
  }

  /** Hadoop's delegating map context, with the FileSplit as its split. */
  private static final class SplitShowing extends WrappedMapper<Object, Object, Object, Object> {
    Context context(MapContext<Object, Object, Object, Object> real, FileSplit split) {
      return new Context(real) {
        @Override
        public InputSplit getInputSplit() {
          return split;
        }
      };
    }
  }

  /**
   * The bytes this thread has read on the file systems of one scheme since this was made, as
   * Hadoop counts them.
   */
  private static final class BytesRead {
    private final String scheme;
    private final long start;

    BytesRead(Path path, Configuration conf) throws IOException {
      // The scheme MapTask's getFsStatistics matches the split's path by.
      scheme = path.getFileSystem(conf).makeQualified(path).toUri().getScheme();
      start = now();
    }

    long sinceStart() {
      return now() - start;
    }

    /**
     * This thread's total: each thread has its own entry in a Statistics, so no walk of the
     * others. Listed each time, since a file system first used while reading brings its own.
     */
    @SuppressWarnings("deprecation") // MapTask lists them so too
    private long now() {
      long total = 0;
      for (FileSystem.Statistics s : FileSystem.getAllStatistics()) {
        if (s.getScheme().equals(scheme)) {
          total += s.getThreadStatistics().getBytesRead();
        }
      }
      return total;
    }
  }

  /** The job's reader, given the FileSplit, with the bytes it reads counted at its ends. */
  private static final class CountingReader<K, V> extends RecordReader<K, V> {
    private final RecordReader<K, V> reader;
    private final FileSplit split;
    private final BytesRead bytes;
    private TaskAttemptContext context;
    private long counted = -1; // until the end of input

    CountingReader(RecordReader<K, V> reader, FileSplit split, BytesRead bytes,
        TaskAttemptContext context) {
      this.reader = reader;
      this.split = split;
      this.bytes = bytes;
      this.context = context;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void initialize(InputSplit given, TaskAttemptContext c)
        throws IOException, InterruptedException {
      context = c;
      // MapTask hands its map context, whose getInputSplit() is the SelfCountingSplit; a
      // reader that asks the context rather than its argument gets the FileSplit too.
      reader.initialize(split, c instanceof MapContext
          ? new SplitShowing().context((MapContext) c, split) : c);
    }

    @Override
    public boolean nextKeyValue() throws IOException, InterruptedException {
      boolean more = reader.nextKeyValue();
      if (!more && counted < 0) {
        // The end of input: what the map thread reads after it (the user's cleanup) is not
        // the reader's.
        counted = bytes.sinceStart();
      }
      return more;
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
      return reader.getProgress();
    }

    @Override
    public void close() throws IOException {
      long before = bytes.sinceStart();
      long total = counted < 0 ? before : counted;
      try {
        reader.close();
      } finally {
        total += bytes.sinceStart() - before;
        counted = 0; // a second close counts nothing again
        context.getCounter(FileInputFormatCounter.BYTES_READ).increment(total);
      }
    }
  }
}
