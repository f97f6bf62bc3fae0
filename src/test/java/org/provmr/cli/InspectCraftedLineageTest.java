package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@code inspect DIR} prints every lineage of job.json, which the output's owner writes: an
 * empty entry is printed as such. Found by
 * OutputMutationTest: a job.json whose lineage 0 was {@code null} made inspect fail with
 * "NullPointerException: Cannot invoke Lineage.allSteps()" (validate reports the entry as
 * store_inconsistent).
 */
class InspectCraftedLineageTest {

  @Test
  void anEmptyLineageEntryIsPrintedAsEmpty() {
    assertEquals("(empty in job.json)", InspectCommand.describe(null));
  }
}
