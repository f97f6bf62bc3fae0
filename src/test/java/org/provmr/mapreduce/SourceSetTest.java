package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.util.Random;
import java.util.TreeSet;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.junit.jupiter.api.Test;
import org.provmr.header.Varints;
import org.provmr.testing.Allocations;

class SourceSetTest {

  @Test
  void addKeepsIdsSortedAndUnique() {
    SourceSet s = new SourceSet();
    for (int id : new int[] {9, 2, 7, 2, 0, 9, 15, 3, 4}) {
      s.add(id);
    }
    assertArrayEquals(new int[] {0, 2, 3, 4, 7, 9, 15}, s.toArray());
  }

  @Test
  void addAllIsASetUnionAgainstAReferenceImplementation() {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      SourceSet a = new SourceSet();
      SourceSet b = new SourceSet();
      TreeSet<Integer> expected = new TreeSet<>();
      for (int i = random.nextInt(20); i > 0; i--) {
        int id = random.nextInt(50);
        a.add(id);
        expected.add(id);
      }
      for (int i = random.nextInt(20); i > 0; i--) {
        int id = random.nextInt(50);
        b.add(id);
        expected.add(id);
      }
      a.addAll(b);
      assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), a.toArray());
    }
  }

  @Test
  void wireFormIsDeltaEncodedAndRoundTrips() throws IOException {
    SourceSet s = new SourceSet();
    s.add(3);
    s.add(130);
    s.add(131);
    DataOutputBuffer out = new DataOutputBuffer();
    s.write(out, 0);
    // marker 0, count 3, then deltas 3, 127, 1: one byte each.
    assertEquals(5, out.getLength());
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    SourceSet back = new SourceSet();
    back.add(99);
    assertEquals(0, back.readFields(in));
    assertEquals(s, back);
    assertEquals(s.hashCode(), back.hashCode());
  }

  @Test
  void aSingleSourceTakesOneByteOnTheWire() throws IOException {
    SourceSet s = new SourceSet();
    s.setSingle(41);
    DataOutputBuffer out = new DataOutputBuffer();
    s.write(out, 0);
    assertEquals(1, out.getLength(), "every map output value carries one of these");
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    SourceSet back = new SourceSet();
    assertEquals(0, back.readFields(in));
    assertArrayEquals(new int[] {41}, back.toArray());
    SourceSet empty = new SourceSet();
    out.reset();
    empty.write(out, 0);
    in.reset(out.getData(), out.getLength());
    back.readFields(in);
    assertEquals(0, back.size());
  }

  @Test
  void theCarriersTagBitComesBackWithEitherFormOfTheSet() throws IOException {
    SourceSet single = new SourceSet();
    single.setSingle(62); // (62 + 1) << 1 | 1 = 127, still one byte
    SourceSet many = new SourceSet();
    many.add(5);
    many.add(70_000);
    for (SourceSet s : new SourceSet[] {single, many, new SourceSet()}) {
      for (int tag : new int[] {0, 1}) {
        DataOutputBuffer out = new DataOutputBuffer();
        s.write(out, tag);
        DataInputBuffer in = new DataInputBuffer();
        in.reset(out.getData(), out.getLength());
        SourceSet back = new SourceSet();
        back.add(1);
        assertEquals(tag, back.readFields(in), s + " tag " + tag);
        assertEquals(s, back);
        assertEquals(out.getLength(), in.getPosition());
      }
    }
    DataOutputBuffer out = new DataOutputBuffer();
    single.write(out, 1);
    assertEquals(1, out.getLength());
    single.setSingle(63);
    out.reset();
    single.write(out, 1);
    assertEquals(2, out.getLength(), "ids from 63 up take a second byte");
  }

  @Test
  void aCorruptCountEndsAtTheEndOfTheBytesWithoutAnArrayOfItsSize() throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    Varints.writeUnsigned(out, 0); // a set of several ids
    Varints.writeUnsigned(out, Integer.MAX_VALUE); // claims 2^31 - 1 ids
    Varints.writeUnsigned(out, 7);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    long before = Allocations.now();
    assertThrows(EOFException.class, () -> new SourceSet().readFields(in));
    assertTrue(Allocations.now() - before < (1 << 20), "no array sized by the count");
  }

  @Test
  void idsThatRepeatOrPassTheLargestIntAreCorrupt() throws IOException {
    for (long[] deltas : new long[][] {{3, 0}, {Integer.MAX_VALUE, 1},
        {5, Long.MAX_VALUE - 2}, {5, -1}}) {
      DataOutputBuffer out = new DataOutputBuffer();
      Varints.writeUnsigned(out, 0);
      Varints.writeUnsigned(out, deltas.length);
      for (long d : deltas) {
        Varints.writeUnsigned(out, d);
      }
      DataInputBuffer in = new DataInputBuffer();
      in.reset(out.getData(), out.getLength());
      IOException e = assertThrows(IOException.class, () -> new SourceSet().readFields(in));
      assertTrue(e.getMessage().startsWith("Corrupt source set"), e.getMessage());
    }
  }


  @Test
  void equalityIsByContent() {
    SourceSet a = new SourceSet();
    SourceSet b = new SourceSet();
    a.add(1);
    b.add(1);
    assertEquals(a, b);
    b.add(2);
    assertNotEquals(a, b);
  }

  /**
   * Every mutator, in random order, against a TreeSet: ids on both sides of 64 (the set keeps a
   * bit for each id below it, so a present id is never added twice and an absent one never
   * skipped), sets read back from the wire, copied, cleared and replaced by one id.
   */
  @Test
  void everyMutatorKeepsTheSetEqualToAReferenceAcrossTheSixtyFourIdBoundary()
      throws IOException {
    Random random = new Random(7);
    SourceSet s = new SourceSet();
    SourceSet other = new SourceSet();
    TreeSet<Integer> expected = new TreeSet<>();
    DataOutputBuffer out = new DataOutputBuffer();
    DataInputBuffer in = new DataInputBuffer();
    for (int step = 0; step < 20_000; step++) {
      int id = random.nextInt(4) == 0 ? 60 + random.nextInt(8) : random.nextInt(140);
      switch (random.nextInt(12)) {
        case 0 -> {
          s.clear();
          expected.clear();
        }
        case 1 -> {
          s.setSingle(id);
          expected.clear();
          expected.add(id);
        }
        case 2 -> { // another set merged in: one id (add) or several (the merge)
          other.clear();
          for (int i = random.nextInt(4); i > 0; i--) {
            int o = random.nextInt(2) == 0 ? id + i : random.nextInt(140);
            other.add(o);
            expected.add(o);
          }
          s.addAll(other);
        }
        case 3 -> { // a round trip through the wire, into a set that held something else
          out.reset();
          s.write(out, 0);
          in.reset(out.getData(), out.getLength());
          other.setSingle(139);
          other.readFields(in);
          s.clear();
          s.copyFrom(other);
        }
        default -> {
          s.add(id);
          expected.add(id);
        }
      }
      assertArrayEquals(expected.stream().mapToInt(Integer::intValue).toArray(), s.toArray(),
          "after step " + step);
    }
  }
}
