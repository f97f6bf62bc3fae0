package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * /status shows output names, which are anyone's who writes under a root. Jackson escapes
 * only the C0 controls: an output named with the 8-bit CSI (U+009B), DEL or a right-to-left
 * override reached the terminal of whoever curled /status raw.
 */
class ServeStatusEscapesTest {
  @TempDir
  Path tmp;

  @Test
  void statusShowsAnOutputNamedWithC1ControlsAndBidiOverridesEscaped() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path hostile = ServiceHarness.outputNamed(tmp, conf, "wc\u009b2J\u202edesrever\u007f");
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      assertEquals("file:" + hostile, h.next().path("output").asText()); // the scan at start
      String body = h.get("/status").body();
      assertTrue(body.contains("\"file:" + h.root + "/wc\\u009B2J\\u202Edesrever\\u007F\""),
          body);
      assertFalse(body.contains("\u009b") || body.contains("\u202e") || body.contains("\u007f"),
          body);
      assertEquals("file:" + hostile, h.status().path("lastResults").path("file:" + hostile)
          .path("output").asText(), "valid JSON, the same name once parsed: " + body);
    }
  }
}
