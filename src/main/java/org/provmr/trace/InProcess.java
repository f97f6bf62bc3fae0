package org.provmr.trace;

import java.io.IOException;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.Serializer;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.counters.GenericCounter;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;
import org.apache.hadoop.mapreduce.task.MapContextImpl;
import org.apache.hadoop.mapreduce.task.ReduceContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.Progress;

/**
 * Runs a recorded Mapper, combiner or Reducer in this JVM over records the caller supplies, with
 * Hadoop's own context implementations (as ChainMapper and MRUnit do), so the user's code sees
 * exactly the contract it sees in a task. No job is submitted: replaying one key's lineage over
 * a few splits takes a read of those splits, not a job's start-up and shuffle.
 */
final class InProcess {
  private InProcess() {
  }

  static TaskAttemptID attempt(TaskType type, int task) {
    return new TaskAttemptID("provmrtrace", 0, type, task, 0);
  }

  static TaskAttemptContext context(Configuration conf, int task) {
    return new TaskAttemptContextImpl(conf, attempt(TaskType.MAP, task));
  }

  /** Runs {@code mapper} over {@code reader} (already initialized), its output to {@code out}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void map(Mapper mapper, Configuration conf, int task, InputSplit split,
      RecordReader reader, RecordWriter out) throws IOException, InterruptedException {
    MapContextImpl real = new MapContextImpl(conf, attempt(TaskType.MAP, task), reader, out,
        null, new TaskAttemptContextImpl.DummyReporter(), split);
    mapper.run(new WrappedMapper().getMapContext(real));
  }

  /** Runs {@code reducer} over one key and its values, its output to {@code out}. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static void reduce(Reducer reducer, Configuration conf, Object key, List<?> values,
      Class<?> keyClass, Class<?> valueClass, RecordWriter out)
      throws IOException, InterruptedException {
    RawComparator comparator = WritableComparator.get(
        keyClass.asSubclass(org.apache.hadoop.io.WritableComparable.class), conf);
    ReduceContextImpl real = new ReduceContextImpl(conf, attempt(TaskType.REDUCE, 0),
        new Values(conf, key, values, keyClass, valueClass), new GenericCounter(),
        new GenericCounter(), out, null, new TaskAttemptContextImpl.DummyReporter(), comparator,
        keyClass, valueClass);
    reducer.run(new WrappedReducer().getReducerContext(real));
  }

  /** One key with its values, serialized as the shuffle would hand them to a reducer. */
  private static final class Values implements RawKeyValueIterator {
    private final DataInputBuffer key = new DataInputBuffer();
    private final DataInputBuffer value = new DataInputBuffer();
    private final byte[] keyBytes;
    private final byte[][] valueBytes;
    private int next;

    @SuppressWarnings({"unchecked", "rawtypes"})
    Values(Configuration conf, Object k, List<?> values, Class<?> keyClass, Class<?> valueClass)
        throws IOException {
      SerializationFactory f = new SerializationFactory(conf);
      keyBytes = serialize((Serializer) f.getSerializer(keyClass), k);
      valueBytes = new byte[values.size()][];
      Serializer vs = f.getSerializer(valueClass);
      for (int i = 0; i < values.size(); i++) {
        valueBytes[i] = serialize(vs, values.get(i));
      }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static byte[] serialize(Serializer s, Object o) throws IOException {
      DataOutputBuffer b = new DataOutputBuffer();
      s.open(b);
      s.serialize(o);
      s.close();
      return java.util.Arrays.copyOf(b.getData(), b.getLength());
    }

    @Override
    public DataInputBuffer getKey() {
      return key;
    }

    @Override
    public DataInputBuffer getValue() {
      return value;
    }

    @Override
    public boolean next() {
      if (next >= valueBytes.length) {
        return false;
      }
      key.reset(keyBytes, keyBytes.length);
      value.reset(valueBytes[next], valueBytes[next].length);
      next++;
      return true;
    }

    @Override
    public void close() {
    }

    @Override
    public Progress getProgress() {
      return new Progress();
    }
  }
}
