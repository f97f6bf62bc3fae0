package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StoreNamesTest {
  @Test
  void partNamesMayBeOneLevelDownInASubstreamDirectoryOnly() {
    assertNull(StoreNames.whyNotPartName("part-r-00000"));
    assertNull(StoreNames.whyNotPartName("priority/part-r-00000"));
    assertNull(StoreNames.whyNotPartName("age-1d/part-m-00003"));
    assertTrue(StoreNames.whyNotPartName("other/part-r-00000").contains("sub-stream"));
    assertTrue(StoreNames.whyNotPartName("priority/a/part-r-00000").contains("no '/'"));
    assertEquals("it contains '..'", StoreNames.whyNotPartName("../secret/victim.txt"));
    assertEquals("it contains '..'", StoreNames.whyNotPartName("priority/../../x"));
    assertTrue(StoreNames.whyNotPartName("priority/").contains("empty"));
    assertTrue(StoreNames.whyNotPartName("age-1x/part-r-00000").contains("sub-stream"));
  }

  @Test
  void theSubstreamOfAPartIsItsDirectory() {
    assertEquals("priority", StoreNames.substreamOf("priority/part-r-00000"));
    assertNull(StoreNames.substreamOf("part-r-00000"));
  }
}
