package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * A store whose source URI is no URI at all ("fil\ufffd:/...", one byte of sources.json
 * changed) is a forbidden source, found like any other. Found by OutputMutationTest: the
 * staleness rules parsed the name while the cadence survey was prepared, after --alerts was
 * claimed, so validate failed (exit 1) with "IllegalArgumentException: URISyntaxException"
 * naming no file and left its alerts directory behind.
 */
class CraftedSourceNameValidateTest {
  @TempDir
  Path dir;

  @Test
  void aSourceNameThatIsNoUriIsAForbiddenSourceAndTheValidationEndsWithItsAlerts()
      throws Exception {
    Configuration conf = ValidationFixtures.conf(dir);
    String text = dir.resolve("text").toUri().toString();
    String grep = dir.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
    StoreEdits.toVersion1(dir.resolve("grep"));
    Path sources = dir.resolve("grep/_provenance/sources.json");
    Files.writeString(sources, Files.readString(sources).replaceFirst("\"file:",
        "\"fil\uFFFD:"));
    Outputs.dropCrc(sources);

    Path alerts = dir.resolve("alerts");
    TestData.Run v = TestData.provmr(conf, "validate", "--output", grep, "--alerts",
        alerts.toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    String found = Files.readString(alerts.resolve("alerts-r-00000.jsonl"));
    assertTrue(found.contains("\"type\":\"forbidden_source\""), found);
    assertTrue(found.contains("not a valid URI"), found);
    assertFalse(v.err().contains("IllegalArgumentException"), v.err());
  }
}
