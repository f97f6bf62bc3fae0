package org.provmr.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.StorageUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Byte sizes read the same whichever of Hadoop's two readers takes the value. */
class ByteSizesTest {

  private static long read(String value) {
    Configuration conf = new Configuration(false);
    conf.set("k", value);
    return ByteSizes.of(conf, "k", "1");
  }

  @ParameterizedTest
  @CsvSource({"16384, 16384", "0, 0", "16k, 16384", "16K, 16384", "512m, 536870912",
      "4g, 4294967296", "1t, 1099511627776", "' 64k ', 65536",
      // forms only Hadoop's storage-size reader takes
      "16kb, 16384", "16 KB, 16384", "1.5g, 1610612736", "64b, 64"})
  void readsPlainBytesHadoopPrefixesAndStorageUnits(String value, long bytes) {
    assertEquals(bytes, read(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"16k", "512m", "4g", "1t", "1p", "1e", "7K", "3G"})
  void oneLetterFormsAgreeWithGetStorageSize(String value) {
    Configuration conf = new Configuration(false);
    conf.set("k", value);
    assertEquals((long) conf.getStorageSize("k", "0", StorageUnit.BYTES), read(value));
  }

  @Test
  void unsetKeyReadsTheDefault() {
    assertEquals(65536, ByteSizes.of(new Configuration(false), "k", "64k"));
    assertEquals(123, ByteSizes.of(new Configuration(false), "k", "123"));
  }

  @Test
  void negativeNumbersReachTheCallersRangeCheck() {
    assertEquals(-16384, read("-16k"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"lots", "0x10", "12q", "99999999999999999999"})
  void valuesOfNeitherFormAreRefused(String value) {
    assertThrows(IllegalArgumentException.class, () -> read(value));
  }

  @Test
  void anEmptyValueIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> read(""));
  }
}
