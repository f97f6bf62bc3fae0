package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Iterator;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.ReduceContext;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;

/**
 * Builds the Reducer.Context a ProvenanceReducer's reduce() sees: values arrive as
 * {@link TracedValue}s and are handed to the user unwrapped, while the sources of every
 * value consumed are collected; a write() carries the sources of the current key (or, from
 * cleanup(), of every key the task saw).
 *
 * <p>The same wrapper serves a ProvenanceReducer used as a combiner: its output goes back into
 * the shuffle as TracedValues with the merged source sets.
 *
 * <p>A reducer that writes after its keys have gone, from another thread (Hadoop Streaming's
 * reducer process answers through a pipe), has its records attributed to every source the
 * task had consumed when the record was written: the process can only have read values the
 * task already handed over, so the set holds the record's real sources, at most the
 * partition's. Consuming and writing then take turns on a lock.
 */
final class TracingReducer<KI, VI, KO, VO> extends WrappedReducer<KI, VI, KO, VO> {
  private final SourceSet keySources = new SourceSet();
  private final SourceSet taskSources = new SourceSet();
  private final TracedValue traced = new TracedValue();
  private final TracedValue named = new TracedValue();
  private boolean inCleanup;
  /** Writes carry everything consumed so far (output not in step with keys). */
  private final boolean cumulative;

  TracingReducer() {
    this(false);
  }

  TracingReducer(boolean cumulative) {
    this.cumulative = cumulative;
  }

  Reducer<KI, VI, KO, VO>.Context wrap(ReduceContext<KI, VI, KO, VO> real) {
    TaskAttemptID task = real.getTaskAttemptID();
    if (task != null && task.getTaskType() == TaskType.MAP) {
      // A combiner: its values go back into the shuffle, checked as Hadoop's IFile writer
      // checks a plain combiner's (TracedValue.declare). This is the only place a ProvMR
      // combiner runs: a reduce task's merge runs old-API combiners only (JobConf's
      // mapred.combiner.class), which ProvMR jobs never have (docs/jobs.md, "Classes the
      // tasks write"). In a reduce task this context is the reducer's, whose output goes to
      // the record writer and its own check.
      traced.declare(ProvenanceJob.getMapOutputValueClass(real.getConfiguration()), true);
    }
    return new TracingContext(HadoopContexts.unwrap(real)); // see HadoopContexts
  }

  /** A value written around the context (MultipleOutputs), with the sources a write gets. */
  TracedValue traceNamed(Writable value) {
    if (cumulative) {
      synchronized (taskSources) {
        return named.setSources(value, taskSources);
      }
    }
    return named.setSources(value, inCleanup ? taskSources : keySources);
  }

  /** From now on, writes are attributed to everything the task read. */
  void onCleanup() {
    if (!cumulative) { // else keySources stays empty and taskSources is shared with writers
      taskSources.addAll(keySources);
    }
    inCleanup = true;
  }

  /**
   * Starts a new key: its value sources start empty. The task-wide set is merged once per key
   * rather than once per value (a combiner sees millions of values).
   */
  void onKey() {
    if (cumulative) {
      return;
    }
    taskSources.addAll(keySources);
    keySources.clear();
  }

  private final class TracingContext extends WrappedReducer<KI, VI, KO, VO>.Context {
    private final UnwrappingIterable values = new UnwrappingIterable();
    private boolean started;

    TracingContext(ReduceContext<KI, VI, KO, VO> real) {
      super(real);
    }

    @Override
    public boolean nextKey() throws IOException, InterruptedException {
      if (started) {
        // Reducer.run resets values marked with mark()/reset() after each key, but it cannot
        // reach the framework's iterator through this context, so do it here.
        Iterator<VI> real = reduceContext.getValues().iterator();
        if (real instanceof ReduceContext.ValueIterator) {
          ((ReduceContext.ValueIterator<VI>) real).resetBackupStore();
        }
      }
      started = true;
      onKey();
      boolean more = reduceContext.nextKey();
      if (!more) {
        onCleanup();
      }
      return more;
    }

    @Override
    public Iterable<VI> getValues() throws IOException, InterruptedException {
      values.source = reduceContext.getValues();
      return values;
    }

    @Override
    @SuppressWarnings("unchecked")
    public VI getCurrentValue() throws IOException, InterruptedException {
      return (VI) ((TracedValue) (Object) reduceContext.getCurrentValue()).value();
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void write(KO key, VO value) throws IOException, InterruptedException {
      Writable v = TracingMapper.requireWritable(value);
      if (cumulative) {
        synchronized (taskSources) {
          ((TaskInputOutputContext) reduceContext).write(key, traced.setSources(v, taskSources));
        }
        return;
      }
      // Framework collectors take the TracedValue in place of VO (see TracingMapper).
      ((TaskInputOutputContext) reduceContext).write(key,
          traced.setSources(v, inCleanup ? taskSources : keySources));
    }
  }

  /** Iterates the framework's TracedValues as the user's values, collecting their sources. */
  private final class UnwrappingIterable implements Iterable<VI>, Iterator<VI> {
    private Iterable<VI> source;
    private Iterator<VI> it;

    @Override
    public Iterator<VI> iterator() {
      it = source.iterator();
      return this;
    }

    @Override
    public boolean hasNext() {
      return it.hasNext();
    }

    @Override
    @SuppressWarnings("unchecked")
    public VI next() {
      TracedValue t = (TracedValue) (Object) it.next();
      if (cumulative) {
        synchronized (taskSources) {
          taskSources.addAll(t.sources());
        }
        return (VI) t.value();
      }
      keySources.addAll(t.sources());
      return (VI) t.value();
    }
  }
}
