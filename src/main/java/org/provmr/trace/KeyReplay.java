package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.DelegatingInputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.header.ProvenanceHeader;
import org.provmr.mapreduce.MultipleInputsCheck;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.mapreduce.ProvenanceInputFormat;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.recompute.RefusedException;
import org.provmr.recompute.ReplayConfiguration;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * Precise mode: replays a job's recorded map step (mapper, combiner, partitioner, InputFormat:
 * from its lineage store, through recompute's allow-list and replay keys) in this JVM over a
 * set of split ids, keeping only map output with one key in one partition, and says which input
 * records produced it and whether the recorded combiner and reducer turn it into the recorded
 * value. The split set may be coarser than exact: records are filtered by key, not by set.
 */
final class KeyReplay {
  /** Values kept per split before the combiner folds them (combiners may run any time). */
  private static final int COMBINE_EVERY = 10_000;

  private final Configuration conf;
  private final StoredJob store;
  private final Class<?> mapper;
  private final Class<?> combiner;
  private final Class<?> reducer;
  private final Partitioner<Object, Object> partitioner;
  private final int reduces;
  private final InputFormat<?, ?> format;
  private final boolean provenanceInput;
  private final boolean payloadOnly;
  private final Class<?> mapKeyClass;
  private final Class<?> mapValueClass;
  /** MultipleInputs: each split is read and mapped by its own input's format and mapper. */
  private final boolean multipleInputs;

  @SuppressWarnings("unchecked")
  private KeyReplay(Configuration conf, StoredJob store, JobContextImpl job)
      throws ClassNotFoundException {
    this.conf = conf;
    this.store = store;
    mapper = job.getMapperClass();
    combiner = job.getCombinerClass();
    reducer = job.getReducerClass();
    partitioner = (Partitioner<Object, Object>) ReflectionUtils.newInstance(
        job.getPartitionerClass(), conf);
    reduces = job.getNumReduceTasks();
    Class<?> f = job.getInputFormatClass();
    format = (InputFormat<?, ?>) ReflectionUtils.newInstance(f, conf);
    payloadOnly = PayloadInputFormat.class.isAssignableFrom(f);
    multipleInputs = f == DelegatingInputFormat.class && MultipleInputsCheck.applies(conf);
    provenanceInput = payloadOnly || ProvenanceInputFormat.class.isAssignableFrom(f);
    mapKeyClass = job.getMapOutputKeyClass();
    mapValueClass = job.getMapOutputValueClass();
  }

  /**
   * The replay of {@code store}'s map step.
   *
   * @throws RefusedException if the store names a class outside the allow-list
   */
  static KeyReplay of(Configuration operator, StoredJob store)
      throws IOException, RefusedException {
    Job job = Job.getInstance(ReplayConfiguration.of(operator, store, "provmr trace"));
    ProvenanceJob.disable(job); // the recorded classes run as the plain Mapper/Reducer
    Configuration conf = job.getConfiguration();
    if (conf.get(MRJobConfig.MAP_OUTPUT_VALUE_CLASS) != null) {
      // Capture wraps map output values; the user's code writes (and reduces) the real class.
      conf.setClass(MRJobConfig.MAP_OUTPUT_VALUE_CLASS,
          ProvenanceJob.getMapOutputValueClass(conf), Object.class);
    }
    try {
      return new KeyReplay(conf, store, new JobContextImpl(conf, new JobID("provmrtrace", 0)));
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot replay the map step of " + store.output() + ": "
          + e.getMessage() + " is not on the class path (pass its jar with -libjars)", e);
    }
  }

  int reduces() {
    return reduces;
  }

  /** The partition the job's partitioner gives {@code key}. */
  int partitionOf(Writable key) {
    return partitioner.getPartition(key, null, reduces);
  }

  /**
   * Replays the splits {@code ids} for {@code key} of {@code partition}, listing at most
   * {@code limit} matched records, and checks the result against {@code recorded}.
   */
  Replay replay(int[] ids, Writable key, Writable recorded, int partition, int limit)
      throws IOException, InterruptedException, RefusedException {
    if (!mapKeyClass.isInstance(key)) {
      return new Replay(ids, 0, 0, 0, false, List.of(), String.valueOf(recorded), List.of(),
          false, "the job's map output keys are " + mapKeyClass.getName() + ", its output key is "
          + key.getClass().getName() + ": the map output cannot be filtered by the output key");
    }
    List<String> uris = new ArrayList<>();
    for (int id : ids) {
      uris.add(store.source(id).uri());
    }
    ReplayConfiguration.checkSources(conf, store, uris, "trace --precise");
    target = key;
    // Splits are independent: replayed in parallel (one thread per core), merged in id order.
    int threads = Math.max(1, Math.min(ids.length, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<Writable>>> results = new ArrayList<>();
    List<KeySink> sinks = new ArrayList<>();
    List<Writable> values = new ArrayList<>();
    KeySink sink;
    try {
      for (int id : ids) {
        KeySink one = new KeySink(conf, partitioner, reduces,
            combiner == null ? null : this::combine, COMBINE_EVERY, key, partition, limit);
        sinks.add(one);
        SourceEntry e = store.source(id);
        results.add(pool.submit(() -> combine(replaySplit(e, id, one))));
      }
      for (Future<List<Writable>> f : results) {
        values.addAll(get(f));
      }
      sink = merge(sinks, limit);
    } finally {
      pool.shutdownNow();
    }
    List<String> replayed = new ArrayList<>();
    for (Writable w : reduce(reducer, key, values)) {
      replayed.add(String.valueOf(w));
    }
    boolean addsUp = replayed.size() == 1 && replayed.get(0).equals(String.valueOf(recorded));
    return new Replay(ids, sink.read, sink.matched, sink.emitted, sink.isolated, sink.listed,
        String.valueOf(recorded), replayed, addsUp, sink.matched == 0
            ? "no input record of these splits maps to the key in partition " + partition
            : null);
  }

  /** The figures of every split's sink, matched records listed in split order up to limit. */
  private KeySink merge(List<KeySink> sinks, int limit) {
    KeySink all = new KeySink(conf, partitioner, reduces, null, COMBINE_EVERY, target, 0, limit);
    for (KeySink s : sinks) {
      all.read += s.read;
      all.matched += s.matched;
      all.emitted += s.emitted;
      all.isolated |= s.isolated;
      for (Replay.Match m : s.listed) {
        if (all.listed.size() < limit) {
          all.listed.add(m);
        }
      }
    }
    return all;
  }

  private static <T> T get(Future<T> f) throws IOException, InterruptedException {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException) {
        throw (IOException) c;
      }
      if (c instanceof RuntimeException) {
        throw (RuntimeException) c;
      }
      if (c instanceof Error) {
        throw (Error) c;
      }
      throw new IOException("Replaying a split failed: " + c, c);
    }
  }

  /** One split: the streaming replay, then record by record if cleanup emitted the key. */
  private List<Writable> replaySplit(SourceEntry e, int id, KeySink sink)
      throws IOException, InterruptedException {
    TaskAttemptContext context = InProcess.context(conf, id);
    List<Writable> values = new ArrayList<>();
    InputFormat<?, ?> format = this.format;
    Class<?> mapper = this.mapper;
    if (multipleInputs) {
      // The recorded range is untagged: its input's own format and mapper, as in the task.
      MultipleInputsCheck.Input in = MultipleInputsCheck.inputOf(conf, new Path(e.uri()));
      try {
        format = (InputFormat<?, ?>) ReflectionUtils.newInstance(
            conf.getClassByName(in.inputFormat()), conf);
        mapper = in.mapper() == null ? mapper : conf.getClassByName(in.mapper());
      } catch (ClassNotFoundException x) {
        throw new IOException("Cannot replay " + e.uri() + ": " + x.getMessage() + " is not on"
            + " the class path (pass its jar with -libjars)", x);
      }
    }
    boolean wholeSplit;
    try (SplitReader in = SplitReader.open(conf, e, format, provenanceInput, payloadOnly,
        context)) {
      Positioned.Tracking reader = new Positioned.Tracking(in);
      sink.start(in, reader, values, false);
      InProcess.map(newMapper(mapper), conf, id, in.split(), reader, sink);
      sink.read += reader.records;
      wholeSplit = sink.wholeSplit;
    }
    if (wholeSplit) {
      // Capture attributed these values to the whole split; find the records that make them.
      sink.isolated = true;
      try (SplitReader in = SplitReader.open(conf, e, format, provenanceInput, payloadOnly,
          context)) {
        while (in.next()) {
          Positioned.OneRecord one = new Positioned.OneRecord(in);
          sink.start(in, one, new ArrayList<>(), true);
          InProcess.map(newMapper(mapper), conf, id, in.split(), one, sink);
        }
      }
    }
    return values;
  }

  private Mapper<?, ?, ?, ?> newMapper(Class<?> mapper) {
    return (Mapper<?, ?, ?, ?>) ReflectionUtils.newInstance(mapper, conf);
  }

  private List<Writable> combine(List<Writable> values) throws IOException,
      InterruptedException {
    if (combiner == null || values.isEmpty()) {
      return values;
    }
    return reduce(combiner, null, values);
  }

  /** Runs a reducer (or combiner) over the key's values; what it writes for the key. */
  private List<Writable> reduce(Class<?> cls, Writable key, List<Writable> values)
      throws IOException, InterruptedException {
    if (values.isEmpty()) {
      return values;
    }
    Writable k = key != null ? key : target;
    List<Writable> out = new ArrayList<>();
    RecordWriter<Object, Object> collect = new RecordWriter<>() {
      @Override
      public void write(Object wk, Object wv) {
        if (k.equals(wk)) {
          out.add(WritableUtils.clone((Writable) wv, conf));
        }
      }

      @Override
      public void close(TaskAttemptContext c) {
      }
    };
    InProcess.reduce((Reducer<?, ?, ?, ?>) ReflectionUtils.newInstance(cls, conf), conf, k,
        values, mapKeyClass, mapValueClass, collect);
    return out;
  }

  /** The key being replayed (set by {@link #replay}). */
  private Writable target;
}
