package org.provmr.bench.jmh;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;

/**
 * Per-header cost of the codec: encode into the codec's reused buffer, decode into a reused
 * header, and the whole per-record stamp a writer does (checksum a 100-byte payload, take the
 * time, encode).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderCodecBench {

  @Param({"compact-range", "compact-set", "self-contained"})
  public String kind;

  /**
   * Header format written: 1, or 2, where the benchmarked header is a delta from an identical
   * previous one (its range starts where the previous one did: offset delta -length).
   */
  @Param({"1", "2"})
  public int version;

  private HeaderCodec codec;
  private HeaderCodec reader;
  private ProvenanceHeader header;
  private final ProvenanceHeader into = new ProvenanceHeader();
  private byte[] encoded;
  private int length;
  private PayloadHasher hasher;
  private final byte[] payload = new byte[100];

  @Setup
  public void setUp() {
    HeaderContext ctx = Headers.context(ChecksumAlgorithm.CRC32C);
    codec = new HeaderCodec(ctx, version);
    reader = new HeaderCodec(ctx);
    header = Headers.of(kind, ctx);
    length = codec.encode(header);
    byte[] first = Arrays.copyOf(codec.buffer(), length);
    length = codec.encode(header); // v2: a delta from the first
    encoded = Arrays.copyOf(codec.buffer(), length);
    try {
      reader.decode(first, 0, first.length, into); // v2: the delta's predecessor
    } catch (HeaderFormatException e) {
      throw new IllegalStateException(e);
    }
    hasher = ctx.algorithm().newHasher();
    Arrays.fill(payload, (byte) 'x');
  }

  @Benchmark
  public int encode() {
    return codec.encode(header);
  }

  @Benchmark
  public ProvenanceHeader decode() throws HeaderFormatException {
    reader.decode(encoded, 0, length, into);
    return into;
  }

  /** What ProvenanceRecordWriter does per record besides serializing and appending. */
  @Benchmark
  public int stampRecord() {
    hasher.update(payload, 0, payload.length);
    hasher.finish(header.checksumArray(), 0);
    header.setTimestampMillis(System.currentTimeMillis());
    return codec.encode(header);
  }
}
