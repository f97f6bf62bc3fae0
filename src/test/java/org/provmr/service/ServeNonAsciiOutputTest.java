package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * An output on the local file system whose path holds a non-ASCII character (verkäufe, or
 * U+202E) is validated like any other. Hadoop keeps such characters raw in a Path's URI, and
 * Paths.get(URI) refuses them ("Bad escape"): the service's lock on the output threw, and the
 * output ended "failed" after three attempts.
 */
class ServeNonAsciiOutputTest {
  @TempDir
  Path tmp;

  @Test
  void anOutputNamedWithNonAsciiCharactersIsValidated() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path out = ServiceHarness.outputNamed(tmp, conf, "verk\u00e4ufe-\u00fc");
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      ObjectNode r = h.next(); // found by the scan at start
      assertEquals("file:" + out, r.path("output").asText(), r.toString());
      assertEquals("clean", r.path("result").asText(), r.toString());
      assertEquals("direct", r.path("mode").asText(), r.toString());
      assertEquals(0, r.path("findings").size(), r.toString());
    }
  }
}
