package org.provmr.trace;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.provmr.header.ProvenanceHeader;

/**
 * The output collector of a replayed mapper: keeps the map output with one key in one
 * partition (as the original partitioner places it), and notes which input record wrote it
 * (the record being mapped), or that setup/cleanup did (the whole split, as capture says).
 */
final class KeySink extends RecordWriter<Object, Object> {
  /** Folds the values kept so far: the recorded combiner (null when the job has none). */
  interface Combiner {
    List<Writable> combine(List<Writable> values) throws IOException, InterruptedException;
  }

  private final Configuration conf;
  private final Partitioner<Object, Object> partitioner;
  private final int reduces;
  private final Combiner combiner;
  private final int combineEvery;
  private final Writable key;
  private final int partition;
  private final int limit;
  final List<Replay.Match> listed = new ArrayList<>();
  long read;
  long matched;
  long emitted;
  boolean isolated;
  boolean wholeSplit;
  private SplitReader in;
  private Positioned reader;
  private List<Writable> values;
  private boolean isolating;
  private long lastOrdinal = -1;
  private int lastIndex = -1;

  KeySink(Configuration conf, Partitioner<Object, Object> partitioner, int reduces,
      Combiner combiner, int combineEvery, Writable key, int partition, int limit) {
    this.conf = conf;
    this.partitioner = partitioner;
    this.reduces = reduces;
    this.combiner = combiner;
    this.combineEvery = combineEvery;
    this.key = key;
    this.partition = partition;
    this.limit = limit;
  }

  void start(SplitReader splitIn, Positioned r, List<Writable> into, boolean alone) {
    in = splitIn;
    reader = r;
    values = into;
    isolating = alone;
    wholeSplit = false;
    lastOrdinal = -1;
    lastIndex = -1;
  }

  @Override
  public void write(Object k, Object v) throws IOException {
    if (!key.equals(k) || partitioner.getPartition(k, v, reduces) != partition) {
      return;
    }
    if (!isolating) {
      emitted++;
      values.add(WritableUtils.clone((Writable) v, conf));
      if (combiner != null && values.size() >= combineEvery) {
        try {
          List<Writable> folded = combiner.combine(new ArrayList<>(values));
          values.clear();
          values.addAll(folded);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
      }
    }
    if (!reader.inRecord()) {
      wholeSplit = true; // written from setup or cleanup
      return;
    }
    if (in.ordinal() == lastOrdinal) {
      if (lastIndex >= 0) {
        Replay.Match m = listed.get(lastIndex);
        listed.set(lastIndex, new Replay.Match(m.source(), m.uri(), m.fileOffset(),
            m.offset(), m.length(), m.key(), m.value(), m.emitted() + 1, m.isolated(),
            m.header(), m.lineageId(), m.inputKey(), m.inputValue()));
      }
      return;
    }
    lastOrdinal = in.ordinal();
    matched++;
    lastIndex = -1;
    if (listed.size() < limit) {
      listed.add(match());
      lastIndex = listed.size() - 1;
    }
  }

  private Replay.Match match() throws IOException {
    ProvenanceHeader h = null;
    int lineage = -1;
    Writable ik = null;
    Writable iv = null;
    String k;
    String v;
    try {
      if (in.upstream() != null) {
        h = new ProvenanceHeader().copyFrom(in.upstream().value().header());
        lineage = h.lineageId() >= 0 ? h.lineageId()
            : in.upstream().headerContext().defaultLineageId();
        ik = WritableUtils.clone(in.upstream().key(), conf);
        iv = WritableUtils.clone(in.upstream().value().value(), conf);
      }
      k = String.valueOf(in.key());
      v = String.valueOf(in.upstream() != null ? iv : in.value());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return new Replay.Match(in.entry().id(), in.entry().uri(), in.fileOffset(), in.offset(),
        in.length(), k, v, 1, isolating, h, lineage, ik, iv);
  }

  @Override
  public void close(TaskAttemptContext c) {
  }
}
