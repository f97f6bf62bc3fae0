package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one spelling of a CRC fingerprint, whichever way the CRC was computed. */
class FingerprintsTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 0xff, 0x1234abcd, 0xdeadbeef, -1, Integer.MIN_VALUE})
  void crcHexIsTheBigEndianDigestsHexAndPrintfsZeroPaddedHex(int crc) {
    String hex = Fingerprints.crcHex(crc);
    assertEquals(String.format(Locale.ROOT, "%08x", crc), hex);
    assertEquals(HexFormat.of().formatHex(ByteBuffer.allocate(4).putInt(crc).array()), hex);
  }
}
