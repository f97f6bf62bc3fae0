package org.provmr.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.provmr.mapreduce.SourceSet;
import org.provmr.mapreduce.TracedValue;

/**
 * What provenance adds to every map output value on its way through the shuffle: a
 * TracedValue (source set + the user's value) against the bare IntWritable WordCount emits,
 * serialized into and read back from Hadoop's DataOutputBuffer / DataInputBuffer. Times are
 * per value ({@value #N} values per invocation). {@code sources} is the number of source ids
 * in the set: 1 on the map side, more after a combiner merged values of several splits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracedValueBench {
  static final int N = 1024;

  @Param({"1", "4"})
  public int sources;

  private final DataOutputBuffer out = new DataOutputBuffer(64 * N);
  private final DataInputBuffer in = new DataInputBuffer();
  private final IntWritable value = new IntWritable(1);
  private final TracedValue traced = new TracedValue();
  private final SourceSet set = new SourceSet();
  private byte[] plainBytes;
  private byte[] tracedBytes;

  @Setup
  public void setUp() throws IOException {
    for (int i = 0; i < sources; i++) {
      set.add(3 + 5 * i);
    }
    Configuration conf = new Configuration(false);
    conf.setClass("provenance.map.output.value.class", IntWritable.class, Object.class);
    traced.setConf(conf);
    writePlain();
    plainBytes = java.util.Arrays.copyOf(out.getData(), out.getLength());
    writeTraced();
    tracedBytes = java.util.Arrays.copyOf(out.getData(), out.getLength());
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int writePlain() throws IOException {
    out.reset();
    for (int i = 0; i < N; i++) {
      value.write(out);
    }
    return out.getLength();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int writeTraced() throws IOException {
    out.reset();
    for (int i = 0; i < N; i++) {
      if (sources == 1) {
        traced.setRange(value, set.get(0), 80L * i, 80);
      } else {
        traced.setSources(value, set);
      }
      traced.write(out);
    }
    return out.getLength();
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int readPlain() throws IOException {
    in.reset(plainBytes, plainBytes.length);
    int t = 0;
    for (int i = 0; i < N; i++) {
      value.readFields(in);
      t += value.get();
    }
    return t;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int readTraced() throws IOException {
    in.reset(tracedBytes, tracedBytes.length);
    int t = 0;
    for (int i = 0; i < N; i++) {
      traced.readFields(in);
      t += traced.sources().size();
    }
    return t;
  }
}
