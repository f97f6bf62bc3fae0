package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;
import static org.provmr.validate.ValidationFixtures.validate;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;

/**
 * What validate does is what the configuration says unless an option says otherwise: -D
 * before or after the command's options, and keys in a configuration file, are honoured.
 */
class ValidateOptionKeysTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static String grep;

  @TempDir
  Path dir;

  @BeforeAll
  static void capture() throws Exception {
    conf = conf(shared);
    String text = shared.resolve("text").toUri().toString();
    grep = shared.resolve("grep").toUri().toString();
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.grep(conf, text, grep);
  }

  private String alerts(String name) {
    return dir.resolve(name).toUri().toString();
  }

  private static void assertDeep(ValidationFixtures.Validation v, boolean deep) {
    assertEquals(ExitCodes.OK, v.exitCode(), v.out() + v.err());
    assertEquals(deep, v.report().path("deep").asBoolean());
    long parts = v.counter(ValidationCounters.PARTS_CHECKED);
    assertTrue(parts > 0);
    assertEquals(deep ? parts : 0, v.counter(ValidationCounters.PARTS_RECORD_LEVEL));
    assertEquals(deep ? 0 : parts, v.counter(ValidationCounters.PARTS_FAST_PATH));
  }

  @Test
  void withoutFlagOrKeyOnlyPartsFailingTheirChecksumAreReadRecordByRecord() throws Exception {
    assertDeep(validate(conf, alerts("plain"), "--output", grep), false);
  }

  @Test
  void deepFromDashDBeforeTheOptionsIsHonoured() throws Exception {
    assertDeep(validate(conf, new String[] {"-D", "provenance.validate.deep=true"},
        alerts("before"), "--output", grep), true);
  }

  @Test
  void deepFromDashDAfterTheOptionsIsHonoured() throws Exception {
    assertDeep(validate(conf, alerts("after"), "--output", grep,
        "-D", "provenance.validate.deep=true"), true);
    assertDeep(validate(conf, alerts("attached"), "--output", grep,
        "-Dprovenance.validate.deep=true"), true);
  }

  @Test
  void deepFromAConfigurationFileIsHonoured() throws Exception {
    Path site = dir.resolve("provmr-site.xml");
    Files.writeString(site, "<?xml version=\"1.0\"?><configuration><property>"
        + "<name>provenance.validate.deep</name><value>true</value></property>"
        + "</configuration>");
    Configuration c = new Configuration(conf);
    c.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
    assertDeep(validate(c, alerts("site"), "--output", grep), true);
    // The same file given as a generic option after the command's own.
    assertDeep(validate(conf, alerts("conf"), "--output", grep, "-conf", site.toString()),
        true);
  }

  @Test
  void theDeepFlagWinsOverAKeySetToFalse() throws Exception {
    assertDeep(validate(conf, new String[] {"-D", "provenance.validate.deep=false"},
        alerts("before"), "--deep", "--output", grep), true);
    assertDeep(validate(conf, alerts("after"), "--output", grep,
        "-D", "provenance.validate.deep=false", "--deep"), true);
  }

  @Test
  void stalenessWindowComesFromTheKeyUnlessTheOptionIsGiven() throws Exception {
    ValidationFixtures.Validation key = validate(conf, alerts("key"), "--output", grep,
        "-D", "provenance.validate.staleness.window=12h");
    assertEquals(ExitCodes.OK, key.exitCode(), key.out() + key.err());
    assertEquals("12h", key.report().path("stalenessWindow").asText());
    ValidationFixtures.Validation option = validate(conf, alerts("option"), "--output", grep,
        "-D", "provenance.validate.staleness.window=12h", "--staleness-window", "30m");
    assertEquals("30m", option.report().path("stalenessWindow").asText());
  }

  @Test
  void aTrailingGenericOptionWithoutValueIsAUsageErrorSayingSo() throws Exception {
    ValidationFixtures.Validation v = validate(conf, alerts("missing"), "--output", grep, "-D");
    assertEquals(ExitCodes.USAGE, v.exitCode());
    assertTrue(v.err().contains("Generic option -D needs a value (-D key=value)"), v.err());
    assertFalse(Files.exists(dir.resolve("missing")));
  }
}
