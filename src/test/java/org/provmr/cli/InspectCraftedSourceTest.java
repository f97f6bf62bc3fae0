package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * {@code inspect DIR} names each record's source from the store, which the output's owner
 * writes: a record whose source id the manifest lacks is printed as such. Found by
 * OutputMutationTest: a sources.bin whose first id became 0 made inspect fail with
 * "IllegalArgumentException: Source id 0 is not in the manifest", naming no file.
 */
class InspectCraftedSourceTest {
  @TempDir
  Path tmp;

  @Test
  void aRecordWhoseSourceTheManifestLacksIsPrintedAsSuch() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    TestData.text(conf, tmp.resolve("in"), 8 * 1024, 1);
    Path grep = tmp.resolve("grep");
    assertEquals(0, TestData.provmr(conf, "run", "grep", "--input", tmp.resolve("in")
        .toString(), "--output", grep.toString(), "--regex", "^[a-m]").exitCode());
    StoreEdits.edit(grep.resolve("_provenance/sources.json"),
        sources -> sources.forEach(s -> ((ObjectNode) s).put("id", 1000 + s.get("id").asInt())));

    TestData.Run run = TestData.provmr(conf, "inspect", grep.toString(), "--limit", "3");
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
    assertTrue(run.out().contains("data-id source 0 (not in the store's manifest) record 0"),
        run.out());
  }
}
