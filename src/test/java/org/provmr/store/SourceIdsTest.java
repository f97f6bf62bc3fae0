package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SourceIdsTest {

  @Test
  void everySplitOfAMillionSplitJobTakesAFewBytes() {
    SourceIds all = SourceIds.range(0, 1_000_000);
    assertEquals(1_000_000, all.cardinality());
    assertTrue(all.encodedLength() <= 6, "bytes: " + all.encodedLength());
    assertTrue(all.contains(999_999));
    assertFalse(all.contains(1_000_000));
    assertEquals(all, SourceIds.of(java.util.stream.IntStream.range(0, 1_000_000).toArray()));
  }

  @Test
  void sparseSetsTakeAboutAByteAnId() {
    SourceIds s = SourceIds.of(3, 17, 90, 200, 201, 255);
    assertArrayEquals(new int[] {3, 17, 90, 200, 201, 255}, s.toArray());
    assertTrue(s.encodedLength() <= 9, "bytes: " + s.encodedLength());
  }

  @Test
  void denseSetsWithHolesUseABitmap() {
    int[] ids = java.util.stream.IntStream.range(0, 1024).filter(i -> i % 3 != 0).toArray();
    SourceIds s = SourceIds.of(ids);
    assertEquals(SourceIds.BITMAP, s.encoded()[0]);
    assertTrue(s.encodedLength() <= 132, "bytes: " + s.encodedLength());
    assertArrayEquals(ids, s.toArray());
    assertTrue(s.contains(1) && !s.contains(3) && !s.contains(5000));
  }

  @Test
  void randomSetsRoundTripThroughTheirBytesAndAnswerMembership() throws IOException {
    Random r = new Random(42);
    for (int round = 0; round < 300; round++) {
      TreeSet<Integer> set = new TreeSet<>();
      int n = r.nextInt(200);
      int span = 1 + r.nextInt(round % 2 == 0 ? 300 : 1_000_000);
      for (int i = 0; i < n; i++) {
        set.add(r.nextInt(span));
      }
      int[] ids = set.stream().mapToInt(Integer::intValue).toArray();
      SourceIds s = SourceIds.of(ids);
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      s.write(new DataOutputStream(bytes));
      SourceIds back = SourceIds.read(new DataInputStream(
          new ByteArrayInputStream(bytes.toByteArray())), 1 << 20);
      assertEquals(s, back);
      assertArrayEquals(ids, back.toArray());
      assertEquals(ids.length, back.cardinality());
      for (int probe = 0; probe < 20; probe++) {
        int x = r.nextInt(span + 2);
        assertEquals(set.contains(x), back.contains(x), "contains " + x + " in " + set);
      }
    }
  }

  @Test
  void malformedEncodingsAreRefusedWithTheReason() {
    IOException kind = assertThrows(IOException.class, () -> SourceIds.decode(new byte[] {9}));
    assertEquals("unknown source id set kind 9", kind.getMessage());
    IOException trailing = assertThrows(IOException.class,
        () -> SourceIds.decode(new byte[] {0, 1, 5, 7}));
    assertEquals("source id set has 1 trailing bytes", trailing.getMessage());
    IOException huge = assertThrows(IOException.class,
        () -> SourceIds.decode(new byte[] {1, 1, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, 0x0f}));
    assertTrue(huge.getMessage().contains("does not fit an int"), huge.getMessage());
    IOException truncated = assertThrows(IOException.class,
        () -> SourceIds.decode(new byte[] {0, 3, 1}));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
  }

  @Test
  void jsonFormIsAListOfIdsAsInFormatVersion1() throws IOException {
    SourceIds s = SourceIds.of(5, 1, 3);
    String json = StoreJson.mapper().writeValueAsString(s);
    assertEquals("[ 1, 3, 5 ]", json);
    assertEquals(s, StoreJson.read(json.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        new com.fasterxml.jackson.core.type.TypeReference<SourceIds>() { }));
  }

  @Test
  void firstInIsTheLowestCommonIdInEveryEncoding() {
    Random r = new Random(7);
    for (int round = 0; round < 300; round++) {
      int[] ids = r.ints(r.nextInt(200), 0, round % 2 == 0 ? 300 : 100_000).distinct()
          .toArray();
      SourceIds s = round % 5 == 0 ? SourceIds.range(r.nextInt(50), 50 + r.nextInt(5000))
          : SourceIds.of(ids);
      java.util.BitSet probe = new java.util.BitSet();
      r.ints(r.nextInt(20), 0, 100_000).forEach(probe::set);
      int expected = s.stream().filter(probe::get).findFirst().orElse(-1);
      assertEquals(expected, s.firstIn(probe), s + " in " + probe);
    }
    // A million-split range against a late id: one probe, not a million.
    java.util.BitSet late = new java.util.BitSet();
    late.set(999_999);
    assertEquals(999_999, SourceIds.range(0, 1_000_000).firstIn(late));
    assertEquals(-1, SourceIds.range(0, 1_000_000).firstIn(new java.util.BitSet()));
    assertEquals(-1, SourceIds.empty().firstIn(late));
  }
}
