package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.junit.jupiter.api.Test;

/**
 * The shuffle form of a traced value: the source set then the value, byte for byte what the
 * Writables write, reaching the collector's stream in one write whatever the value's shape.
 */
class TracedValueTest {

  /** Counts the calls the collector's stream gets, as MapOutputBuffer would run them. */
  private static final class CountingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int calls;

    @Override
    public void write(int b) {
      calls++;
      bytes.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      calls++;
      bytes.write(b, off, len);
    }
  }

  private static byte[] expected(int sourceId, IntWritable v) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    org.provmr.header.Varints.writeUnsigned(out, sourceId + 1L);
    v.write(out);
    return b.toByteArray();
  }

  @Test
  void aMapOutputValueReachesTheCollectorInOneWriteWithTheSameBytes() throws IOException {
    TracedValue t = new TracedValue();
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    t.setRange(new IntWritable(0x01020304), 300, 10, 20).write(out);
    assertEquals(1, sink.calls, "one write for the source id and the four bytes of the int");
    assertArrayEquals(expected(300, new IntWritable(0x01020304)), sink.bytes.toByteArray());

    sink.calls = 0;
    sink.bytes.reset();
    t.setRange(new IntWritable(7), 1, 0, 1).write(out); // the buffer is reused
    assertEquals(1, sink.calls);
    assertArrayEquals(expected(1, new IntWritable(7)), sink.bytes.toByteArray());
  }

  @Test
  void aSourceIdOfEveryVarintLengthIsWrittenAsTheWritablesWouldAfterALongerSet()
      throws IOException {
    TracedValue t = new TracedValue();
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    SourceSet many = new SourceSet();
    for (int id = 0; id < 40; id++) {
      many.add(id * 1000);
    }
    for (int id : new int[] {0, 126, 127, 16_382, 16_383, 2_097_151, Integer.MAX_VALUE - 1,
        Integer.MAX_VALUE}) {
      // A long source set first: the single id that follows must replace it, not append.
      t.setSources(new IntWritable(1), many).write(out);
      sink.bytes.reset();
      sink.calls = 0;
      t.setRange(new IntWritable(id), id, 0, 1).write(out);
      assertEquals(1, sink.calls);
      assertArrayEquals(expected(id, new IntWritable(id)), sink.bytes.toByteArray(), "id " + id);
    }
  }

  @Test
  void aSourceSetAndItsValueReadBackThroughReadFields() throws IOException {
    SourceSet set = new SourceSet();
    set.add(3);
    set.add(9);
    set.add(4);
    TracedValue t = new TracedValue().setSources(new IntWritable(42), set);
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    t.write(out);

    TracedValue back = new TracedValue(); // a reused instance, as the framework's
    back.setSources(new IntWritable(), new SourceSet());
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    back.readFields(in);
    assertEquals(42, ((IntWritable) back.value()).get());
    assertArrayEquals(new int[] {3, 4, 9}, back.sources().toArray());
    assertEquals(out.getLength(), in.getPosition(), "nothing left over");
  }

  @Test
  void aValueLargerThanAMebibyteIsWrittenWholeAndTheBufferDoesNotStayThatLarge()
      throws IOException {
    byte[] big = new byte[3 << 20];
    Arrays.fill(big, (byte) 5);
    TracedValue t = new TracedValue();
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    t.setRange(new BytesWritable(big), 0, 0, big.length).write(out);
    byte[] got = sink.bytes.toByteArray();
    assertEquals(1 + 4 + big.length, got.length);
    assertEquals(5, got[got.length - 1]);

    sink.bytes.reset();
    sink.calls = 0;
    t.setRange(new IntWritable(1), 0, 0, 1).write(out);
    assertArrayEquals(expected(0, new IntWritable(1)), sink.bytes.toByteArray());
    assertEquals(1, sink.calls);
  }
}
