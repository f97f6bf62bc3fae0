package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Run ids name the staging directories of recompute and promotion runs (Journal.runDir). */
class RunIdTest {
  @Test
  void runIdsOfOneSecondDoNotRepeat() {
    // 16 random bits gave a repeat among 1,000 ids with probability about 0.9995; 48 give
    // about 2e-9.
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      ids.add(RecomputeManager.newRunId().replaceFirst("^r\\d{8}T\\d{6}Z", "r"));
    }
    assertEquals(1000, ids.size());
  }

  @Test
  void runIdIsTheTimeAndTwelveHexDigits() {
    String id = RecomputeManager.newRunId();
    assertTrue(id.matches("r\\d{8}T\\d{6}Z-[0-9a-f]{12}"), id);
  }
}
