package org.provmr.wrap;

import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Old-API ({@code org.apache.hadoop.mapred}) Mappers and Reducers run inside new-API tasks, so
 * that the tracing contexts of capture see their records: {@code map(k, v, collector,
 * reporter)} per record and {@code reduce(k, values, collector, reporter)} per key, with
 * {@code configure(JobConf)} before and {@code close()} after, as MapRunner and ReduceTask do.
 * The collector writes to the (tracing) context; the reporter increments the job's counters.
 */
final class OldApiTasks {

  private OldApiTasks() {
  }

  /** Whether {@code c} is an old-API Mapper or Reducer, which these adapters run. */
  static boolean isOldApi(Class<?> c) {
    return org.apache.hadoop.mapred.Mapper.class.isAssignableFrom(c)
        || org.apache.hadoop.mapred.Reducer.class.isAssignableFrom(c);
  }

  /** A new-API Mapper that drives an old-API one. */
  static final class MapperAdapter extends Mapper<Object, Object, Object, Object> {
    private final Class<?> oldMapper;

    MapperAdapter(Class<?> oldMapper) {
      this.oldMapper = oldMapper;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(Context context) throws IOException, InterruptedException {
      JobConf conf = new JobConf(context.getConfiguration());
      org.apache.hadoop.mapred.Mapper<Object, Object, Object, Object> m =
          (org.apache.hadoop.mapred.Mapper<Object, Object, Object, Object>)
              ReflectionUtils.newInstance(oldMapper, conf); // calls configure(JobConf)
      OutputCollector<Object, Object> out = collector(context);
      Reporter reporter = reporter(context);
      try {
        while (context.nextKeyValue()) {
          m.map(context.getCurrentKey(), context.getCurrentValue(), out, reporter);
        }
      } finally {
        m.close();
      }
    }
  }

  /** A new-API Reducer (or combiner) that drives an old-API one. */
  static final class ReducerAdapter extends Reducer<Object, Object, Object, Object> {
    private final Class<?> oldReducer;

    ReducerAdapter(Class<?> oldReducer) {
      this.oldReducer = oldReducer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void run(Context context) throws IOException, InterruptedException {
      JobConf conf = new JobConf(context.getConfiguration());
      org.apache.hadoop.mapred.Reducer<Object, Object, Object, Object> r =
          (org.apache.hadoop.mapred.Reducer<Object, Object, Object, Object>)
              ReflectionUtils.newInstance(oldReducer, conf);
      OutputCollector<Object, Object> out = collector(context);
      Reporter reporter = reporter(context);
      try {
        while (context.nextKey()) {
          Iterator<Object> values = context.getValues().iterator();
          r.reduce(context.getCurrentKey(), values, out, reporter);
        }
      } finally {
        r.close();
      }
    }
  }

  static OutputCollector<Object, Object> collector(
      TaskInputOutputContext<?, ?, Object, Object> context) {
    return (key, value) -> {
      try {
        context.write(key, value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while writing", e);
      }
    };
  }

  /** Counters and progress go to the task; getCounter/getInputSplit have no old-API object. */
  static Reporter reporter(TaskInputOutputContext<?, ?, ?, ?> context) {
    return new Reporter() {
      @Override
      public void setStatus(String status) {
        context.setStatus(status);
      }

      @Override
      public Counters.Counter getCounter(Enum<?> name) {
        return null; // documented: use incrCounter
      }

      @Override
      public Counters.Counter getCounter(String group, String name) {
        return null;
      }

      @Override
      public void incrCounter(Enum<?> key, long amount) {
        context.getCounter(key).increment(amount);
      }

      @Override
      public void incrCounter(String group, String counter, long amount) {
        context.getCounter(group, counter).increment(amount);
      }

      @Override
      public InputSplit getInputSplit() {
        throw new UnsupportedOperationException("an old-API InputSplit is not available in a"
            + " wrapped job; the new-API split is " + context.getClass().getSimpleName());
      }

      @Override
      public float getProgress() {
        return context.getProgress();
      }

      @Override
      public void progress() {
        context.progress();
      }
    };
  }
}
