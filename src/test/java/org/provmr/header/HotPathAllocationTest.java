package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.Test;
import org.provmr.mapreduce.TracedValue;

/**
 * Encoding, skipping and compact decoding run once per record, and so does serializing a map
 * output value into the shuffle, so they must not allocate:
 * measured with the JVM's per-thread allocation counter.
 */
class HotPathAllocationTest {

  private static final int RECORDS = 100_000;
  // Far below one allocation per record; leaves room for the counter's own bookkeeping.
  private static final long BUDGET_BYTES = 16 * 1024;

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
    com.sun.management.ThreadMXBean sun = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(sun.isThreadAllocatedMemorySupported() && sun.isThreadAllocatedMemoryEnabled(),
        "allocation counter disabled");
    return sun;
  }

  private interface Loop {
    long run() throws IOException;
  }

  /** Bytes allocated by {@code loop}, after one run to load classes and size buffers. */
  private static long allocatedBy(Loop loop) throws IOException {
    com.sun.management.ThreadMXBean bean = threads();
    long id = Thread.currentThread().getId();
    loop.run();
    long before = bean.getThreadAllocatedBytes(id);
    long sink = loop.run();
    long allocated = bean.getThreadAllocatedBytes(id) - before;
    assertTrue(sink != 0, "the loop must do work");
    return allocated;
  }

  @Test
  void encodingCompactHeadersDoesNotAllocate() throws IOException {
    HeaderContext ctx = Fixtures.context(ChecksumAlgorithm.CRC32C);
    HeaderCodec codec = new HeaderCodec(ctx);
    ProvenanceHeader h = Fixtures.mapRecord(ctx).setLineageId(4);
    long bytes = allocatedBy(() -> {
      long total = 0;
      for (int i = 0; i < RECORDS; i++) {
        h.setOffset(i * 80L).setTimestampMillis(ctx.timestampBase() + i);
        total += codec.encode(h);
      }
      return total;
    });
    assertTrue(bytes < BUDGET_BYTES, bytes + " bytes allocated for " + RECORDS + " encodes");
  }

  @Test
  void decodingCompactHeadersIntoAReusedObjectDoesNotAllocate() throws IOException {
    HeaderContext ctx = Fixtures.context(ChecksumAlgorithm.CRC32C);
    HeaderCodec codec = new HeaderCodec(ctx);
    ProvenanceHeader into = new ProvenanceHeader();
    byte[] encoded = java.util.Arrays.copyOf(codec.buffer(),
        codec.encode(Fixtures.mapRecord(ctx).setLineageId(4)));
    long bytes = allocatedBy(() -> {
      long total = 0;
      for (int i = 0; i < RECORDS; i++) {
        codec.decode(encoded, 0, encoded.length, into);
        total += into.offset();
      }
      return total;
    });
    assertEquals(1_000_000, into.offset());
    assertTrue(bytes < BUDGET_BYTES, bytes + " bytes allocated for " + RECORDS + " decodes");
  }

  @Test
  void encodingAndDecodingV2DeltaSequencesDoesNotAllocate() throws IOException {
    HeaderContext ctx = Fixtures.context(ChecksumAlgorithm.CRC32C);
    HeaderCodec writer = new HeaderCodec(ctx, HeaderCodec.VERSION_2);
    HeaderCodec reader = new HeaderCodec(ctx);
    ProvenanceHeader h = Fixtures.mapRecord(ctx).setLineageId(4);
    ProvenanceHeader into = new ProvenanceHeader();
    long bytes = allocatedBy(() -> {
      long total = 0;
      for (int i = 0; i < RECORDS; i++) {
        if (i % 1000 == 0) {
          writer.startBlock();
          reader.startBlock();
        }
        h.setOffset(i * 100L).setLength(80).setTimestampMillis(ctx.timestampBase() + i / 10);
        int n = writer.encode(h);
        if (HeaderCodec.isVersion2(writer.buffer(), 0, n)) {
          reader.decode(writer.buffer(), 0, n, into);
        }
        total += n + into.offset();
      }
      return total;
    });
    assertEquals((RECORDS - 1) * 100L, into.offset());
    assertTrue(bytes < BUDGET_BYTES, bytes + " bytes allocated for " + RECORDS
        + " v2 encodes and decodes");
  }

  @Test
  void skippingHeadersDoesNotAllocate() throws IOException {
    HeaderContext ctx = Fixtures.context(ChecksumAlgorithm.CRC32C);
    HeaderCodec codec = new HeaderCodec(ctx);
    int n = codec.encode(Fixtures.mapRecord(ctx));
    byte[] many = new byte[n * 1000];
    for (int i = 0; i < 1000; i++) {
      System.arraycopy(codec.buffer(), 0, many, i * n, n);
    }
    ByteArrayInputStream bytesIn = new ByteArrayInputStream(many);
    DataInputStream in = new DataInputStream(bytesIn);
    long bytes = allocatedBy(() -> {
      long total = 0;
      for (int i = 0; i < RECORDS; i++) {
        if (i % 1000 == 0) {
          bytesIn.reset();
        }
        total += HeaderCodec.skip(in);
        total += HeaderCodec.totalLength(many, 0, many.length);
      }
      return total;
    });
    assertTrue(bytes < BUDGET_BYTES, bytes + " bytes allocated for " + RECORDS + " skips");
  }

  @Test
  void writingMapOutputValuesIntoTheShuffleDoesNotAllocate() throws IOException {
    TracedValue traced = new TracedValue();
    IntWritable value = new IntWritable();
    LongWritable count = new LongWritable();
    Text word = new Text("a word");
    long[] written = new long[1];
    // The map output buffer's stream, minus its bookkeeping: counts what reaches it.
    DataOutputStream out = new DataOutputStream(new OutputStream() {
      @Override
      public void write(int b) {
        written[0]++;
      }

      @Override
      public void write(byte[] b, int off, int len) {
        written[0] += len;
      }
    });
    long bytes = allocatedBy(() -> {
      written[0] = 0;
      for (int i = 0; i < RECORDS; i++) {
        value.set(i);
        count.set(i * 1_000_003L);
        // Both forms of a value: numbers as varints, any other Writable as its own bytes.
        Writable v = i % 3 == 0 ? value : i % 3 == 1 ? count : word;
        traced.setRange(v, i % 2 == 0 ? 5 : 70_000, i * 80L, 80).write(out);
      }
      return written[0];
    });
    assertTrue(bytes < BUDGET_BYTES, bytes + " bytes allocated for " + RECORDS + " values");
  }

  @Test
  void hashingDoesNotAllocate() throws IOException {
    byte[] payload = new byte[100];
    byte[] out = new byte[32];
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      PayloadHasher hasher = a.newHasher();
      long bytes = allocatedBy(() -> {
        long total = 0;
        for (int i = 0; i < RECORDS; i++) {
          payload[0] = (byte) i;
          hasher.update(payload, 0, payload.length);
          total += hasher.finish(out, 0);
        }
        return total;
      });
      assertTrue(bytes < BUDGET_BYTES, a + ": " + bytes + " bytes allocated");
    }
  }
}
