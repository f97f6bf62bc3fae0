package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;
import org.provmr.testing.Allocations;

class RecordBytesTest {

  private static void everyMethod(DataOutput out) throws IOException {
    out.write(200);
    out.write(new byte[] {1, 2, 3});
    out.write(new byte[] {9, 8, 7, 6}, 1, 2);
    out.writeBoolean(true);
    out.writeByte(-3);
    out.writeShort(0xBEEF);
    out.writeChar('\u20ac');
    out.writeInt(-123456789);
    out.writeLong(Long.MIN_VALUE + 77);
    out.writeFloat(3.25f);
    out.writeDouble(-0.1);
    out.writeBytes("ascii");
    out.writeChars("h\u00e9");
    out.writeUTF("na\u00efve \u6f22\u5b57 \0");
    new Text("k\u00e9y").write(out);
    new IntWritable(42).write(out);
  }

  @Test
  void writesExactlyWhatDataOutputStreamWrites() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    everyMethod(new DataOutputStream(expected));
    RecordBytes bytes = new RecordBytes();
    everyMethod(bytes);
    assertArrayEquals(expected.toByteArray(),
        Arrays.copyOf(bytes.getData(), bytes.getLength()));
  }

  @Test
  void growsPastItsInitialCapacityAndResetsToEmpty() {
    RecordBytes bytes = new RecordBytes();
    byte[] big = new byte[100_000];
    Arrays.fill(big, (byte) 5);
    bytes.write(1);
    bytes.write(big, 0, big.length);
    assertEquals(100_001, bytes.getLength());
    assertEquals(5, bytes.getData()[100_000]);
    bytes.reset();
    assertEquals(0, bytes.getLength());
  }

  @Test
  void serializingRecordsIntoAReusedBufferDoesNotAllocate() throws IOException {
    RecordBytes bytes = new RecordBytes();
    Text key = new Text("a key of some length");
    IntWritable value = new IntWritable();
    long sink = 0;
    for (int i = 0; i < 10_000; i++) { // warm-up
      bytes.reset();
      key.write(bytes);
      value.set(i);
      value.write(bytes);
      sink += bytes.getLength();
    }
    long before = Allocations.now();
    for (int i = 0; i < 200_000; i++) {
      bytes.reset();
      key.write(bytes);
      value.set(i);
      value.write(bytes);
      sink += bytes.getLength();
    }
    long allocated = Allocations.now() - before;
    assertTrue(sink > 0);
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for 200,000 records");
  }

  @Test
  void shortBytesAreWrittenAsTextWritesThem() throws IOException {
    Text text = new Text("a line of forty-odd bytes, as grep writes it");
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    text.write(new DataOutputStream(expected));
    RecordBytes bytes = new RecordBytes();
    bytes.write(7);
    bytes.writeShortBytes(text.getBytes(), text.getLength());
    byte[] want = new byte[expected.size() + 1];
    want[0] = 7;
    System.arraycopy(expected.toByteArray(), 0, want, 1, expected.size());
    assertArrayEquals(want, Arrays.copyOf(bytes.getData(), bytes.getLength()));
  }

  @Test
  void insertMovesWhatFollowsAndGrowsTheBuffer() {
    RecordBytes bytes = new RecordBytes();
    bytes.write(new byte[] {1, 2, 3, 4});
    bytes.insert(2, new byte[] {9, 8, 7}, 3);
    assertArrayEquals(new byte[] {1, 2, 9, 8, 7, 3, 4},
        Arrays.copyOf(bytes.getData(), bytes.getLength()));
    bytes.insert(7, new byte[] {5}, 1); // at the end: an append
    bytes.insert(0, new byte[] {6, 6}, 1); // only the first n bytes of the array
    assertArrayEquals(new byte[] {6, 1, 2, 9, 8, 7, 3, 4, 5},
        Arrays.copyOf(bytes.getData(), bytes.getLength()));
    byte[] big = new byte[1000];
    Arrays.fill(big, (byte) -1);
    bytes.insert(1, big, big.length);
    assertEquals(1009, bytes.getLength());
    assertEquals(-1, bytes.getData()[1000]);
    assertEquals(1, bytes.getData()[1001]);
    assertEquals(5, bytes.getData()[1008]);
    assertThrows(IndexOutOfBoundsException.class, () -> bytes.insert(1010, big, 1));
  }
}
