package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.junit.jupiter.api.Test;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;
import org.provmr.testing.Allocations;

class HashingOutputStreamTest {

  /** Bytes written in every way the SequenceFile writer writes, around the buffer's edges. */
  private static byte[] writeMixed(HashingOutputStream out, int rounds) throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    Random random = new Random(7);
    int[] sizes = {1, 13, 100, HashingOutputStream.BUFFER - 1, HashingOutputStream.BUFFER,
        HashingOutputStream.BUFFER + 5, 3 * HashingOutputStream.BUFFER};
    for (int r = 0; r < rounds; r++) {
      int b = random.nextInt(256);
      out.write(b);
      expected.write(b);
      byte[] chunk = new byte[sizes[r % sizes.length]];
      random.nextBytes(chunk);
      out.write(chunk, 0, chunk.length);
      expected.write(chunk, 0, chunk.length);
    }
    return expected.toByteArray();
  }

  @Test
  void passesEveryByteThroughInOrderAndHashesExactlyThose() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    PayloadHasher hasher = ChecksumAlgorithm.CRC32C.newHasher();
    byte[] expected;
    try (HashingOutputStream out = new HashingOutputStream(file, hasher, null)) {
      expected = writeMixed(out, 50);
    }
    assertArrayEquals(expected, file.toByteArray());
    byte[] got = new byte[4];
    hasher.finish(got, 0);
    PayloadHasher direct = ChecksumAlgorithm.CRC32C.newHasher();
    direct.update(expected, 0, expected.length);
    byte[] want = new byte[4];
    direct.finish(want, 0);
    assertArrayEquals(want, got);
  }

  @Test
  void theFsStreamsPositionCountsWritesMadePastIt() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    HashingOutputStream out = new HashingOutputStream(file,
        ChecksumAlgorithm.CRC32C.newHasher(), null);
    FSDataOutputStream fs = out.asFsStream();
    fs.writeInt(7); // what a SequenceFile writer writes: its header, sync markers
    out.write(new byte[] {1, 2, 3}, 0, 3); // the record writer's records, written directly
    assertEquals(7, fs.getPos());
    byte[] big = new byte[HashingOutputStream.BUFFER + 10]; // past the buffer: drained
    out.write(big, 0, big.length);
    fs.write(9);
    assertEquals(8 + big.length, fs.getPos());
    fs.close();
    assertEquals(8 + big.length, file.size());
    byte[] written = file.toByteArray();
    assertArrayEquals(new byte[] {0, 0, 0, 7, 1, 2, 3}, Arrays.copyOf(written, 7));
    assertEquals(9, written[written.length - 1]);
  }

  @Test
  void flushHandsBufferedBytesToTheFile() throws IOException {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    HashingOutputStream out = new HashingOutputStream(file,
        ChecksumAlgorithm.CRC32C.newHasher(), null);
    out.write(new byte[] {1, 2, 3}, 0, 3);
    assertEquals(0, file.size(), "buffered until flushed");
    out.flush();
    assertEquals(3, file.size());
  }

  @Test
  void smallWritesDoNotAllocate() throws IOException {
    HashingOutputStream out = new HashingOutputStream(OutputStreamSink.INSTANCE,
        ChecksumAlgorithm.CRC32C.newHasher(), null);
    byte[] record = new byte[40];
    for (int i = 0; i < 10_000; i++) { // warm-up: class loading, JIT
      out.write(i);
      out.write(record, 0, record.length);
    }
    long before = Allocations.now();
    for (int i = 0; i < 200_000; i++) {
      out.write(i);
      out.write(record, 0, record.length);
    }
    long allocated = Allocations.now() - before;
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for 200,000 records");
  }

  /** Discards what it is given. */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b, int off, int len) {
    }
  }
}
