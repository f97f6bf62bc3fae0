package org.provmr.openlineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;

/** The OpenLineage API key and dataset names, from values that are legal but awkward. */
class ApiKeyAndNamingTest {
  /**
   * A key stored with a line break (base64 of more than 48 bytes wraps at 64 characters)
   * cannot go in a header: the HTTP client refused it with an exception quoting the header
   * value, and the emitter logged that at WARN, the secret with it, on every event.
   */
  @Test
  void anApiKeyAHeaderCannotCarryIsRefusedWithoutQuotingIt() {
    Configuration conf = new Configuration(false);
    conf.set(ProvenanceKeys.OPENLINEAGE_URL, "http://127.0.0.1:9");
    conf.set(LineageEmitter.API_KEY, "s3cr3tfirstline\ns3cr3tsecondline");
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> LineageEmitter.of(conf));
    assertTrue(e.getMessage().contains(LineageEmitter.API_KEY), e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
  }

  /**
   * java.net.URI gives no host for a name with an underscore (legal in cluster host names),
   * and the namespace read {@code hdfs://null:8020}.
   */
  @Test
  void anHdfsAuthorityJavaCannotParseAsAHostIsKept() {
    assertEquals("hdfs://nn_1:8020", DatasetNames.namespace(URI.create("hdfs://nn_1/d")));
    assertEquals("hdfs://nn_1:9000", DatasetNames.namespace(URI.create("hdfs://nn_1:9000/d")));
    assertEquals("hdfs", DatasetNames.namespace(URI.create("hdfs:///d")));
  }
}
