package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.TestData;

/**
 * The keytab login's configuration: both keys or neither, a readable keytab, a cluster whose
 * authentication is Kerberos; a mistake stops provmr serve with exit 2 before anything binds.
 * (A real login needs a KDC: hadoop-minikdc is not available offline here, see docs/service.md.)
 */
class ServiceLoginTest {
  @TempDir
  Path tmp;

  @Test
  void noKeysMeansNoLogin() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    assertNull(ServiceLogin.configured(conf));
    ServiceLogin.login(conf); // nothing to do, no exception
  }

  @Test
  void badKeytabSettingsAreRefusedWithTheKeyAndTheFix() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.set(ProvenanceKeys.SERVE_KERBEROS_PRINCIPAL, "provmr/_HOST@EXAMPLE.COM");
    BadConfigurationException one = assertThrows(BadConfigurationException.class,
        () -> ServiceLogin.configured(conf));
    assertTrue(one.getMessage().contains(ProvenanceKeys.SERVE_KERBEROS_KEYTAB), one.getMessage());

    conf.set(ProvenanceKeys.SERVE_KERBEROS_KEYTAB, tmp.resolve("missing.keytab").toString());
    BadConfigurationException missing = assertThrows(BadConfigurationException.class,
        () -> ServiceLogin.configured(conf));
    assertTrue(missing.getMessage().contains("missing.keytab")
        && missing.getMessage().contains("not a readable file"), missing.getMessage());

    Path keytab = Files.write(tmp.resolve("provmr.keytab"), new byte[] {5, 2});
    conf.set(ProvenanceKeys.SERVE_KERBEROS_KEYTAB, keytab.toString());
    BadConfigurationException simple = assertThrows(BadConfigurationException.class,
        () -> ServiceLogin.configured(conf));
    assertTrue(simple.getMessage().contains("hadoop.security.authentication"),
        simple.getMessage());

    conf.set("hadoop.security.authentication", "kerberos");
    assertArrayEquals(new String[] {"provmr/_HOST@EXAMPLE.COM", keytab.toString()},
        ServiceLogin.configured(conf));
  }

  @Test
  void serveStopsWithExit2BeforeBindingWhenTheKeytabIsMissing() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    TestData.Run run = TestData.provmr(conf, "serve", "-D",
        ProvenanceKeys.SERVE_KERBEROS_PRINCIPAL + "=provmr@EXAMPLE.COM", "--port", "0",
        "--watch", tmp.toUri().toString(), "--state-dir", tmp.resolve("state").toString());
    assertEquals(2, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains(ProvenanceKeys.SERVE_KERBEROS_KEYTAB), run.err());
  }
}
