package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.JobRecord;

/**
 * An output's roots are the inputs its {@code job.json} records under the operator's fence,
 * and a store can record tens of thousands: checking a source against them is a lookup by
 * the source's directories, and a finding names a few of them, not all (each
 * {@code forbidden_source} message used to carry every root: megabytes an alert).
 */
class ManyRecordedInputsRootsTest {
  @TempDir
  Path tmp;

  @Test
  void thousandsOfRecordedInputsAreLookedUpAndNamedBriefly() throws Exception {
    String fence = new org.apache.hadoop.fs.Path(tmp.resolve("data").toUri()).toString()
        .replaceAll("/$", "");
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.VALIDATE_SOURCE_ROOTS, fence);
    List<String> inputs = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      inputs.add(fence + "/team-" + i + "/in");
    }
    SourceRoots roots = SourceRoots.of(conf, new JobRecord(2, "job_1_0001", "j", "u", 0, "v2",
        "crc32c", inputs, List.of(), null));
    assertEquals(20_000, roots.roots().size());

    assertNull(roots.violation(fence + "/team-19999/in/part-0"));
    assertNull(roots.violation(fence + "/team-7/in"));
    String outside = roots.violation(fence + "/team-7/other/f");
    assertTrue(outside.length() < 2_000, outside.length() + " characters");
    assertTrue(outside.contains("20000 roots"), outside);
    for (int i = 0; i < 20_000; i++) { // a source each, all outside: a lookup each
      assertTrue(roots.violation(fence + "/elsewhere/" + i).contains("outside"));
    }
  }
}
