package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.testing.LogLines;

/**
 * A request that fails is logged by its path only: Hadoop's notifier can carry the shared
 * secret only in the query (?secret=), and the log is read by more people than the credential
 * provider that holds the secret.
 */
class ServeLogSecretTest {
  private static final String SECRET = "s3cret-9f2c1e";

  @TempDir
  Path tmp;

  @Test
  void aFailedRequestIsLoggedWithoutItsQueryAndItsSecret() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.SERVE_SECRET, SECRET);
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start();
        LogLines log = LogLines.of(HttpEndpoints.class, Level.WARN, "Request ")) {
      // The journal cannot write: every notification fails after the secret was checked.
      Path journalTmp = tmp.resolve("state/tmp");
      Files.delete(journalTmp);
      Files.writeString(journalTmp, "not a directory");
      ServiceHarness.Response r = h.get("/notify?jobId=job_1_0001&jobStatus=SUCCEEDED&secret="
          + SECRET);
      assertEquals(500, r.code());
      assertEquals("internal error; see the service log\n", r.body());
      String text = String.join("\n", log.lines());
      assertTrue(text.startsWith("Request /notify failed: "), text);
      assertFalse(text.contains(SECRET), "the secret reached the log: " + text);
      assertFalse(r.body().contains(SECRET));
    }
  }
}
