package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A --policy file may be written by someone other than the operator: XML tricks in it are
 * refused with exit 2 and a message naming the file, and what they point at never reaches
 * the output.
 */
class PolicyFileHardeningTest {
  private static final String SECRET = "SECRET-4f1c9e";

  @TempDir
  Path tmp;
  Configuration conf;
  Path secret;
  Path alerts;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    secret = Files.writeString(tmp.resolve("secret.txt"), SECRET);
    alerts = Files.createDirectories(tmp.resolve("alerts"));
  }

  private Run recomputeWith(String policyXml) throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.xml"), policyXml);
    return TestData.provmr(conf, "recompute", "--alerts", alerts.toString(), "--policy",
        policy.toString(), "--dry-run");
  }

  private static String budget(String value) {
    return "<configuration><property><name>provenance.policy.budget.max.jobs</name><value>"
        + value + "</value></property></configuration>";
  }

  private void assertRefused(Run run, String because) {
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().contains("Policy file ") && run.err().contains("policy.xml is refused"),
        run.err());
    assertTrue(run.err().contains(because), run.err());
    assertFalse(run.out().contains(SECRET) || run.err().contains(SECRET),
        "the secret leaked: " + run.out() + run.err());
  }

  @Test
  void externalEntityIsRefusedWithoutReadingTheFile() throws Exception {
    Run run = recomputeWith("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n"
        + "  <!ENTITY x SYSTEM \"" + secret.toUri() + "\">]>\n" + budget("&x;"));
    assertRefused(run, "it contains a DOCTYPE declaration (at line 2");
  }

  @Test
  void parameterEntityIsRefused() throws Exception {
    Path dtd = Files.writeString(tmp.resolve("evil.dtd"),
        "<!ENTITY % f SYSTEM \"" + secret.toUri() + "\">\n"
            + "<!ENTITY % e \"<!ENTITY x '%f;'>\">\n%e;\n");
    Run run = recomputeWith("<?xml version=\"1.0\"?>\n<!DOCTYPE configuration [\n"
        + "  <!ENTITY % p SYSTEM \"" + dtd.toUri() + "\"> %p;]>\n" + budget("&x;"));
    assertRefused(run, "DOCTYPE declaration");
  }

  @Test
  void xincludeIsRefused() throws Exception {
    Files.writeString(tmp.resolve("included.xml"), "<?xml version=\"1.0\"?>\n" + budget(SECRET));
    Run run = recomputeWith("<?xml version=\"1.0\"?>\n"
        + "<configuration xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
        + "  <xi:include href=\"" + tmp.resolve("included.xml").toUri() + "\"/>\n"
        + "</configuration>");
    assertRefused(run, "it contains an XInclude element (at line 3");
  }

  @Test
  void billionLaughsIsRefusedBeforeExpanding() throws Exception {
    StringBuilder dtd = new StringBuilder("<!DOCTYPE configuration [\n<!ENTITY l0 \"lol\">\n");
    for (int i = 1; i <= 10; i++) {
      dtd.append("<!ENTITY l").append(i).append(" \"");
      for (int j = 0; j < 10; j++) {
        dtd.append("&l").append(i - 1).append(';');
      }
      dtd.append("\">\n");
    }
    dtd.append("]>\n");
    Run run = recomputeWith("<?xml version=\"1.0\"?>\n" + dtd + budget("&l10;"));
    assertRefused(run, "DOCTYPE declaration");
    assertFalse(run.err().contains("lollol"), run.err());
  }

  @Test
  void environmentAndSystemPropertiesAreNotSubstituted() throws Exception {
    System.setProperty("provmr.test.secret", SECRET);
    try {
      Run run = recomputeWith("<?xml version=\"1.0\"?>\n" + budget("${provmr.test.secret}"));
      assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
      assertTrue(run.err().contains("Bad value '${provmr.test.secret}' for"
          + " provenance.policy.budget.max.jobs"), run.err());
      assertFalse(run.err().contains(SECRET), run.err());
    } finally {
      System.clearProperty("provmr.test.secret");
    }
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void aFifoPolicyIsRefusedInsteadOfBlocking() throws Exception {
    Path fifo = tmp.resolve("fifo.xml");
    new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor();
    Run run = TestData.provmr(conf, "recompute", "--alerts", alerts.toString(), "--policy",
        fifo.toString(), "--dry-run");
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.err());
    assertTrue(run.err().contains("fifo.xml is refused: ") && run.err().contains(
        "is a FIFO, socket or device, not a regular file; it was not opened"), run.err());
  }

  @Test
  void aPlainPolicyStillLoads() throws Exception {
    Run run = recomputeWith("<?xml version=\"1.0\"?>\n<!-- a comment -->\n" + budget("3"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.err());
  }
}
