package org.provmr.bench.jmh;

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
import org.provmr.header.PayloadHasher;

/** The payload checksum of one record: update with the payload, finish into the header. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PayloadHasherBench {

  @Param({"CRC32C", "CRC32", "SHA256"})
  public ChecksumAlgorithm algorithm;

  @Param({"100"})
  public int payloadBytes;

  private PayloadHasher hasher;
  private byte[] payload;
  private final byte[] out = new byte[32];

  @Setup
  public void setUp() {
    hasher = algorithm.newHasher();
    payload = new byte[payloadBytes];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (31 * i + 7);
    }
  }

  @Benchmark
  public byte[] hashRecord() {
    hasher.update(payload, 0, payload.length);
    hasher.finish(out, 0);
    return out;
  }
}
