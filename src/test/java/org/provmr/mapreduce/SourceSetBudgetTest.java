package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/** The precision policy's budget key takes sizes with a unit and plain byte counts. */
class SourceSetBudgetTest {

  private static long budget(String value) {
    Configuration conf = new Configuration();
    if (value != null) {
      conf.set(ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES, value);
    }
    return ProvenanceJob.getSourceSetBudget(conf);
  }

  @Test
  void sizesAndPlainByteCountsAreAccepted() {
    assertEquals(16 * 1024, budget(null));
    assertEquals(16 * 1024, budget("16k"));
    assertEquals(16 * 1024, budget("16kb"));
    assertEquals(16384, budget("16384"));
    assertEquals(1000, budget(" 1000 "));
    assertEquals(0, budget("0"));
    assertEquals(1L << 20, budget("1m"));
  }

  @Test
  void badValuesNameTheKeyAndTheAcceptedForms() {
    for (String bad : new String[] {"-1", "lots", "16q", "99999999999999999999"}) {
      BadConfigurationException e = assertThrows(BadConfigurationException.class,
          () -> budget(bad), bad);
      assertTrue(e.getMessage().contains(ProvenanceKeys.CAPTURE_SOURCESETS_MAX_BYTES)
          && e.getMessage().contains(bad) && e.getMessage().contains("16384"), e.getMessage());
    }
  }
}
