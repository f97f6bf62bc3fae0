package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

class LineageCodecTest {

  private static Lineage roundTrip(Lineage l) throws HeaderFormatException {
    ByteSink sink = new ByteSink();
    LineageCodec.write(l, sink);
    ByteSource src = new ByteSource(sink.array(), 0, sink.length());
    Lineage back = LineageCodec.read(src);
    assertEquals(0, src.remaining(), "decoder must consume exactly what the encoder wrote");
    return back;
  }

  /** Encoded lineage nested {@code levels} deep: (0 steps, 1 upstream)* then (0, 0). */
  private static byte[] nested(int levels) {
    ByteSink sink = new ByteSink();
    for (int i = 1; i < levels; i++) {
      sink.writeVarint(0);
      sink.writeVarint(1);
    }
    sink.writeVarint(0);
    sink.writeVarint(0);
    return java.util.Arrays.copyOf(sink.array(), sink.length());
  }

  private static Lineage chain(int levels) {
    Lineage l = Lineage.of(List.of(Step.of("j0", Stage.MAP, null, "C")), List.of());
    for (int i = 1; i < levels; i++) {
      l = Lineage.of(List.of(Step.of("j" + i, Stage.MAP, null, "C")), List.of(l));
    }
    return l;
  }

  @Test
  void nestedLineageWithParamsAndJobLevelStepsRoundTrips() throws HeaderFormatException {
    Lineage l = Fixtures.nestedLineage();
    assertEquals(l, roundTrip(l));
  }

  @Test
  void emptyLineageIsTwoZeroBytesAndDecodesToTheSingleton() throws HeaderFormatException {
    ByteSink sink = new ByteSink();
    LineageCodec.write(Lineage.empty(), sink);
    assertEquals("0000", Fixtures.hex(sink.array(), 0, sink.length()));
    assertSame(Lineage.empty(), roundTrip(Lineage.empty()));
  }

  @Test
  void stepLayoutIsJobStageTaskClassParams() {
    ByteSink sink = new ByteSink();
    LineageCodec.write(Lineage.of(List.of(Step.of("j", Stage.REDUCE, null, "C",
        java.util.Map.of("k", "v"))), List.of()), sink);
    // 1 step: "j", stage 1, task "", "C", 1 param ("k","v"); 0 upstream
    assertEquals("01" + "016a" + "01" + "00" + "0143" + "01" + "016b" + "0176" + "00",
        Fixtures.hex(sink.array(), 0, sink.length()));
  }

  @Test
  void sixtyFourLevelsAreAcceptedBothWays() throws HeaderFormatException {
    assertEquals(chain(64), roundTrip(chain(64)));
    byte[] b = nested(64);
    assertEquals(64, LineageCodec.read(new ByteSource(b, 0, b.length)).depth());
  }

  @Test
  void writingALineageNoReaderWouldAcceptFailsFast() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LineageCodec.write(chain(65), new ByteSink()));
    assertTrue(e.getMessage().contains("65 levels"), e.getMessage());
  }

  @Test
  void nestingDeeperThanSixtyFourLevelsIsRejectedWhereItStarts() {
    byte[] b = nested(65);
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(b, 0, b.length)));
    assertEquals("lineage nested more than 64 levels deep at header byte 128", e.getMessage());
  }

  @Test
  void absurdStepCountIsRejectedBeforeAllocating() {
    byte[] b = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 0, 0};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(b, 0, b.length)));
    assertEquals("lineage step count 2147483647 exceeds the 2 bytes remaining at header byte 0",
        e.getMessage());
  }

  @Test
  void absurdUpstreamAndParameterCountsAreRejected() {
    byte[] upstream = {0, 9, 0, 0};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(upstream, 0, upstream.length)));
    assertTrue(e.getMessage().startsWith("upstream lineage count 9 exceeds"), e.getMessage());

    byte[] params = {1, 1, 'j', 0, 0, 1, 'C', 50, 0};
    e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(params, 0, params.length)));
    assertEquals("lineage parameter count 50 exceeds the 1 bytes remaining at header byte 7",
        e.getMessage());
  }

  @Test
  void unknownStageCodeIsRejectedAtItsByte() {
    byte[] b = {1, 1, 'j', 7, 0, 1, 'C', 0, 0};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(b, 0, b.length)));
    assertEquals("unknown stage code 7 at header byte 3", e.getMessage());
  }

  @Test
  void parameterKeysOutOfOrderOrDuplicatedAreRejected() {
    byte[] b = {1, 1, 'j', 0, 0, 1, 'C', 2, 1, 'b', 1, '1', 1, 'a', 1, '2', 0};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(b, 0, b.length)));
    assertTrue(e.getMessage().contains("key 'a' is not after 'b'"), e.getMessage());
    assertEquals(12, e.headerByte());
  }

  @Test
  void truncatedLineageSaysWhereItEnded() {
    byte[] b = {1, 3, 'j', 'o'};
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> LineageCodec.read(new ByteSource(b, 0, b.length)));
    assertEquals("truncated header: needed 1 more bytes at header byte 2", e.getMessage());
  }
}
