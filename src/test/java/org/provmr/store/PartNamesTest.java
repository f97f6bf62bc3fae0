package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartNamesTest {

  @Test
  void theJobsOwnAndNamedOutputsPartsAreParsed() {
    assertTrue(PartNames.isMap("part-m-00007"));
    assertEquals(7, PartNames.task("part-m-00007"));
    assertEquals("part", PartNames.base("part-m-00007"));
    assertFalse(PartNames.isMap("frequent-r-00012"));
    assertEquals(12, PartNames.task("frequent-r-00012"));
    assertEquals("frequent", PartNames.base("frequent-r-00012"));
    assertEquals(123456, PartNames.task("part-r-123456"), "more than 99,999 partitions");
  }

  @Test
  void aPartOfAnotherTaskKeepsItsBaseAndKind() {
    assertEquals("frequent-r-00003", PartNames.withTask("frequent-r-00000", 3));
    assertEquals("part-m-00010", PartNames.withTask("part-m-00001", 10));
    assertEquals("side-r-00002", PartNames.of("side", false, 2));
  }

  @Test
  void namesFromAnUntrustedStoreThatAreNotPlainPartNamesAreRefused() {
    for (String bad : new String[] {"../part-r-00000", "a/b-r-00000", "_x-r-00000",
        ".part-r-00000", "part-r-00000.crc", "part-x-00000", "part-r-0001", "part-r-", "",
        "part-r-00000/..", "source-00001"}) {
      assertFalse(PartNames.isPart(bad), bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> PartNames.task(bad), bad);
      assertTrue(e.getMessage().contains("Not a part file name: '" + bad + "'"), e.getMessage());
    }
    assertFalse(PartNames.isPart(null));
    assertThrows(IllegalArgumentException.class, () -> PartNames.of("a-b", false, 1));
  }
}
