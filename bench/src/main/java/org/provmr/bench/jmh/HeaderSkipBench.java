package org.provmr.bench.jmh;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.io.DataInputBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.provmr.header.ByteSink;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.ProvenanceHeader;

/**
 * Reading headers out of a stream, as ProvenanceWritable.readFields does: on a
 * DataInputBuffer holding {@value #N} records of [header][12-byte payload], per record:
 * skip the header (payload-only readers), copy it raw (the default, decoded lazily), or copy
 * and decode it. The baseline reads only the payloads of the same buffer without headers.
 * Times are per record.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderSkipBench {
  static final int N = 1024;
  static final int PAYLOAD = 12;

  @Param({"compact-range", "compact-set", "self-contained"})
  public String kind;

  private final DataInputBuffer in = new DataInputBuffer();
  private byte[] withHeaders;
  private byte[] payloadsOnly;
  private final byte[] payload = new byte[PAYLOAD];
  private final ByteSink raw = new ByteSink();
  private HeaderCodec codec;
  private final ProvenanceHeader into = new ProvenanceHeader();

  @Setup
  public void setUp() {
    HeaderContext ctx = Headers.context(ChecksumAlgorithm.CRC32C);
    codec = new HeaderCodec(ctx);
    int len = codec.encode(Headers.of(kind, ctx));
    withHeaders = new byte[N * (len + PAYLOAD)];
    payloadsOnly = new byte[N * PAYLOAD];
    for (int i = 0; i < N; i++) {
      System.arraycopy(codec.buffer(), 0, withHeaders, i * (len + PAYLOAD), len);
    }
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int payloadOnlyBaseline() throws IOException {
    in.reset(payloadsOnly, payloadsOnly.length);
    int t = 0;
    for (int i = 0; i < N; i++) {
      in.readFully(payload);
      t += payload[0];
    }
    return t;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int skip() throws IOException {
    in.reset(withHeaders, withHeaders.length);
    int t = 0;
    for (int i = 0; i < N; i++) {
      t += HeaderCodec.skip(in);
      in.readFully(payload);
    }
    return t;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public int readRaw() throws IOException {
    in.reset(withHeaders, withHeaders.length);
    int t = 0;
    for (int i = 0; i < N; i++) {
      raw.reset();
      t += HeaderCodec.readRaw(in, raw);
      in.readFully(payload);
    }
    return t;
  }

  @Benchmark
  @OperationsPerInvocation(N)
  public long readRawAndDecode() throws IOException {
    in.reset(withHeaders, withHeaders.length);
    long t = 0;
    for (int i = 0; i < N; i++) {
      raw.reset();
      HeaderCodec.readRaw(in, raw);
      codec.decode(raw.array(), 0, raw.length(), into);
      t += into.timestampMillis();
      in.readFully(payload);
    }
    return t;
  }
}
