package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.Test;
import org.provmr.header.Varints;

/**
 * The shuffle form of a traced value: the source set then the value, an IntWritable or
 * LongWritable as a zigzag varint and any other value byte for byte what its Writable writes,
 * reaching the collector's stream in one write whatever the value's shape.
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

  /** The wire form, written the slow way: a source id, then an int as a zigzag varint. */
  private static byte[] expected(int sourceId, IntWritable v) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    Varints.writeUnsigned(out, (sourceId + 1L) << 1 | 1);
    Varints.writeUnsigned(out, Varints.zigZagEncode(v.get()));
    return b.toByteArray();
  }

  /** Not WritableUtils.toByteArray: in Hadoop 3.4 it returns the whole, untrimmed buffer. */
  private static byte[] written(TracedValue t) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    t.write(out);
    return Arrays.copyOf(out.getData(), out.getLength());
  }

  /** Reads {@code bytes} into a reused TracedValue holding a {@code valueClass}, as a job's. */
  private static TracedValue readBack(byte[] bytes, Class<? extends Writable> valueClass)
      throws IOException {
    TracedValue back = new TracedValue();
    back.setSources(ReflectionUtils.newInstance(valueClass, null), new SourceSet());
    DataInputBuffer in = new DataInputBuffer();
    in.reset(bytes, bytes.length);
    back.readFields(in);
    assertEquals(bytes.length, in.getPosition(), "nothing left over");
    return back;
  }

  @Test
  void aMapOutputValueReachesTheCollectorInOneWriteAsVarints() throws IOException {
    TracedValue t = new TracedValue();
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    t.setRange(new IntWritable(0x01020304), 300, 10, 20).write(out);
    assertEquals(1, sink.calls, "one write for the source id and the int");
    assertArrayEquals(expected(300, new IntWritable(0x01020304)), sink.bytes.toByteArray());

    sink.calls = 0;
    sink.bytes.reset();
    t.setRange(new IntWritable(1), 1, 0, 1).write(out); // the buffer is reused
    assertEquals(1, sink.calls);
    assertArrayEquals(new byte[] {(2 << 1) | 1, 2}, sink.bytes.toByteArray(),
        "a count of 1 from source 1: two bytes, where a plain job shuffles the int's four");
  }

  @Test
  void intAndLongValuesOfEverySizeComeBackExactly() throws IOException {
    for (int v : new int[] {0, 1, -1, 63, 64, -65, 8191, 1 << 20, Integer.MAX_VALUE,
        Integer.MIN_VALUE}) {
      TracedValue back = readBack(written(new TracedValue().setRange(new IntWritable(v), 7, 0,
          1)), IntWritable.class);
      assertEquals(new IntWritable(v), back.value(), "int " + v);
      assertArrayEquals(new int[] {7}, back.sources().toArray());
    }
    for (long v : new long[] {0, 1, -1, 1L << 40, Long.MAX_VALUE, Long.MIN_VALUE}) {
      SourceSet set = new SourceSet();
      set.add(2);
      set.add(90_000);
      TracedValue back = readBack(written(new TracedValue().setSources(new LongWritable(v),
          set)), LongWritable.class);
      assertEquals(new LongWritable(v), back.value(), "long " + v);
      assertEquals(set, back.sources());
    }
    assertEquals(2, written(new TracedValue().setRange(new LongWritable(-3), 0, 0, 1)).length,
        "a small long is a byte, not eight");
  }

  /** Not the exact class the map output buffer would accept in a plain job. */
  static final class Count extends IntWritable {
  }

  @Test
  void otherWritablesAndSubclassesOfTheNumbersTravelAsTheirOwnBytes() throws IOException {
    Text word = new Text("forty-two");
    byte[] bytes = written(new TracedValue().setRange(word, 4, 0, 1));
    DataOutputBuffer own = new DataOutputBuffer();
    Varints.writeUnsigned(own, (4 + 1L) << 1);
    word.write(own);
    assertArrayEquals(Arrays.copyOf(own.getData(), own.getLength()), bytes);
    assertEquals(word, readBack(bytes, Text.class).value());

    Count c = new Count();
    c.set(0x01020304);
    bytes = written(new TracedValue().setRange(c, 0, 0, 1));
    assertEquals(1 + 4, bytes.length, "a subclass may write more than the int: its own bytes");
    assertEquals(0x01020304, ((IntWritable) readBack(bytes, Count.class).value()).get());
  }

  @Test
  void aValueOfAnotherClassThanTheDeclaredOneIsRefusedBeforeAByteIsWritten() throws IOException {
    TracedValue t = new TracedValue();
    t.declare(IntWritable.class, false);
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    IOException e = assertThrows(IOException.class,
        () -> t.setRange(new Text("7"), 0, 0, 1).write(out));
    assertEquals("Type mismatch in value from map: expected org.apache.hadoop.io.IntWritable,"
        + " received org.apache.hadoop.io.Text (the mapper must write the map output value"
        + " class the job declares, or the job declare the class it writes:"
        + " Job.setMapOutputValueClass)", e.getMessage());
    e = assertThrows(IOException.class, () -> t.setRange(new Count(), 0, 0, 1).write(out),
        "the exact class, as Hadoop's map output buffer checks it");
    assertTrue(e.getMessage().contains("received " + Count.class.getName()), e.getMessage());
    assertEquals(0, sink.calls, "nothing reached the collector");

    t.setRange(new IntWritable(3), 0, 0, 1).write(out);
    assertArrayEquals(expected(0, new IntWritable(3)), sink.bytes.toByteArray());

    TracedValue combined = new TracedValue();
    combined.declare(IntWritable.class, true);
    e = assertThrows(IOException.class,
        () -> combined.setSources(new LongWritable(3), new SourceSet()).write(out));
    assertTrue(e.getMessage().startsWith("wrong value class: class org.apache.hadoop.io"
        + ".LongWritable is not class org.apache.hadoop.io.IntWritable (the combiner must"),
        "Hadoop's IFile writer's words: " + e.getMessage());
  }

  @Test
  void aNumberReadIntoAnotherValueClassNamesTheJobsClass() throws IOException {
    byte[] bytes = written(new TracedValue().setRange(new IntWritable(5), 0, 0, 1));
    IOException e = assertThrows(IOException.class, () -> readBack(bytes, Text.class));
    assertTrue(e.getMessage().contains("org.apache.hadoop.io.Text"), e.getMessage());
    assertTrue(e.getMessage().contains("Job.setMapOutputValueClass"), e.getMessage());

    byte[] big = written(new TracedValue().setRange(new LongWritable(1L << 40), 0, 0, 1));
    e = assertThrows(IOException.class, () -> readBack(big, IntWritable.class));
    assertTrue(e.getMessage().contains("the number " + (1L << 40)), e.getMessage());
    assertEquals(new LongWritable(1L << 40), readBack(big, LongWritable.class).value());
  }

  @Test
  void aSourceIdOfEveryVarintLengthIsWrittenAsTheSlowWayWouldAfterALongerSet()
      throws IOException {
    TracedValue t = new TracedValue();
    CountingStream sink = new CountingStream();
    DataOutputStream out = new DataOutputStream(sink);
    SourceSet many = new SourceSet();
    for (int id = 0; id < 40; id++) {
      many.add(id * 1000);
    }
    for (int id : new int[] {0, 62, 63, 8190, 8191, 1_048_574, 1_048_575,
        Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
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
    DataOutputBuffer out = new DataOutputBuffer();
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
