package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class PayloadHasherTest {

  private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

  private static String hash(ChecksumAlgorithm a, byte[] data) {
    PayloadHasher h = a.newHasher();
    h.update(data, 0, data.length);
    byte[] out = new byte[a.length() + 2];
    assertEquals(a.length(), h.finish(out, 1));
    return HexFormat.of().formatHex(out, 1, 1 + a.length());
  }

  @Test
  void crc32cMatchesTheStandardCheckValue() {
    assertEquals("e3069283", hash(ChecksumAlgorithm.CRC32C, CHECK));
  }

  @Test
  void crc32MatchesTheStandardCheckValue() {
    assertEquals("cbf43926", hash(ChecksumAlgorithm.CRC32, CHECK));
  }

  @Test
  void sha256MatchesTheFips180Vector() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        hash(ChecksumAlgorithm.SHA256, "abc".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void finishResetsSoTheHasherCanBeReusedPerRecord() {
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      PayloadHasher h = a.newHasher();
      byte[] first = new byte[a.length()];
      byte[] second = new byte[a.length()];
      h.update(CHECK, 0, CHECK.length);
      h.finish(first, 0);
      h.update(CHECK, 0, CHECK.length);
      h.finish(second, 0);
      assertEquals(HexFormat.of().formatHex(first), HexFormat.of().formatHex(second),
          a.name());
    }
  }

  @Test
  void resetDiscardsPartialInputAndUpdatesMayBeSplit() {
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      PayloadHasher h = a.newHasher();
      h.update(new byte[] {1, 2, 3}, 0, 3);
      h.reset();
      h.update(CHECK, 0, 4);
      h.update(CHECK, 4, CHECK.length - 4);
      byte[] out = new byte[a.length()];
      h.finish(out, 0);
      assertEquals(hash(a, CHECK), HexFormat.of().formatHex(out), a.name());
    }
  }

  @Test
  void finishIntoATooSmallBufferIsRejectedBeforeWriting() {
    PayloadHasher h = ChecksumAlgorithm.SHA256.newHasher();
    assertThrows(IndexOutOfBoundsException.class, () -> h.finish(new byte[40], 10));
  }
}
