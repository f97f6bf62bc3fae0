package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ChecksumAlgorithmTest {

  @Test
  void wireIdsLengthsAndNamesAreFixed() {
    assertEquals(0, ChecksumAlgorithm.CRC32C.id());
    assertEquals(1, ChecksumAlgorithm.CRC32.id());
    assertEquals(2, ChecksumAlgorithm.SHA256.id());
    assertEquals(4, ChecksumAlgorithm.CRC32C.length());
    assertEquals(4, ChecksumAlgorithm.CRC32.length());
    assertEquals(32, ChecksumAlgorithm.SHA256.length());
    assertEquals("crc32c", ChecksumAlgorithm.CRC32C.configName());
    assertEquals("crc32", ChecksumAlgorithm.CRC32.configName());
    assertEquals("sha-256", ChecksumAlgorithm.SHA256.configName());
  }

  @Test
  void everyAlgorithmIsFoundByItsIdAndConfigName() throws HeaderFormatException {
    for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
      assertSame(a, ChecksumAlgorithm.fromId(a.id()));
      assertSame(a, ChecksumAlgorithm.fromName(a.configName()));
      assertSame(a, a.newHasher().algorithm());
    }
  }

  @Test
  void namesAreCaseInsensitiveAndSha256MayOmitTheDash() {
    assertSame(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.fromName("sha256"));
    assertSame(ChecksumAlgorithm.SHA256, ChecksumAlgorithm.fromName("SHA-256"));
    assertSame(ChecksumAlgorithm.CRC32C, ChecksumAlgorithm.fromName("CRC32C"));
  }

  @Test
  void unknownNameIsEchoedWithTheValidNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ChecksumAlgorithm.fromName("md5"));
    assertTrue(e.getMessage().contains("'md5'"), e.getMessage());
    assertTrue(e.getMessage().contains("crc32c, crc32, sha-256"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ChecksumAlgorithm.fromName(null));
  }

  @Test
  void unknownIdIsAFormatError() {
    HeaderFormatException e = assertThrows(HeaderFormatException.class,
        () -> ChecksumAlgorithm.fromId(3));
    assertTrue(e.getMessage().contains("unknown checksum algorithm id 3"), e.getMessage());
    assertThrows(HeaderFormatException.class, () -> ChecksumAlgorithm.fromId(-1));
  }
}
