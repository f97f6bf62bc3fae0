package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * A part entry without its whole-file checksum is an inconsistent store, found like any
 * other. Found by OutputMutationTest: parts.json with "checksum": null made validate fail
 * (exit 1) with "Cannot validate part ...: NullPointerException".
 */
class CraftedPartEntryValidateTest {
  @TempDir
  Path dir;

  @Test
  void aPartWithoutItsChecksumIsAStoreFindingNotANullPointerException() throws Exception {
    Configuration conf = ValidationFixtures.conf(dir);
    String text = dir.resolve("text").toUri().toString();
    String grep = dir.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
    StoreEdits.edit(dir.resolve("grep/_provenance/parts.json"),
        parts -> ((ObjectNode) parts.get(0)).putNull("checksum"));

    Path alerts = dir.resolve("alerts");
    TestData.Run v = TestData.provmr(conf, "validate", "--deep", "--output", grep, "--alerts",
        alerts.toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    String found = Files.readString(alerts.resolve("alerts-r-00000.jsonl"));
    assertTrue(found.contains("\"type\":\"store_inconsistent\"")
        && found.contains("checksum 'null' is not 4 bytes of lower-case hex"), found);
    assertFalse(v.err().contains("NullPointerException"), v.err());
  }
}
