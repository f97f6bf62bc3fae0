package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * Clients that never finish a request (half a header, or a Content-Length they never send) are
 * cut off at provenance.serve.request.timeout: they used to hold the four handler threads
 * forever, and then no endpoint answered, not even /health.
 */
class ServeSlowClientTest {
  private static final int READ_MS = 8_000;

  @TempDir
  Path tmp;

  @Test
  void clientsThatNeverFinishTheirRequestAreCutOffAndTheOthersAreAnswered() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.SERVE_REQUEST_TIMEOUT, "1s");
    List<Socket> slow = new ArrayList<>();
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      for (int i = 0; i < 4; i++) {
        slow.add(send(h, "GET /health HTTP/1.1\r\nHost: x\r\n")); // the headers never end
        slow.add(send(h, "POST /notify?jobId=job_1_0001&jobStatus=FAILED HTTP/1.1\r\nHost: x\r\n"
            + "Content-Length: 100000\r\n\r\nabc")); // the body never comes
      }
      ServiceHarness.Response health = ServiceHarness.get(h.base(), "/health", READ_MS);
      assertEquals("ok\n", health.body(), "answered while slow clients are connected");
      for (Socket s : slow) {
        String got = readToEnd(s);
        assertTrue(got.isEmpty() || got.startsWith("HTTP/1.1 200 "),
            "closed by the service, not waited for: " + got);
      }
      assertEquals(8.0, h.metric("provmr_serve_requests_timed_out_total"));
      assertEquals(0.0, h.metric("provmr_serve_inbox_depth"), "nothing journaled");
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aRequestTimeoutOfZeroIsABadConfiguration() {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.SERVE_REQUEST_TIMEOUT, "0");
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(
        org.provmr.conf.BadConfigurationException.class,
        () -> ServeSettings.of(conf, List.of(tmp.toUri().toString())));
    assertEquals("provenance.serve.request.timeout='0' must be positive: use 10s",
        e.getMessage());
  }

  private static Socket send(ServiceHarness h, String partial) throws IOException {
    Socket s = new Socket("127.0.0.1", h.service.port());
    s.setSoTimeout(READ_MS);
    s.getOutputStream().write(partial.getBytes(StandardCharsets.ISO_8859_1));
    s.getOutputStream().flush();
    return s;
  }

  /** What the service sent before it closed the connection; fails if it kept it open. */
  private static String readToEnd(Socket s) throws IOException {
    StringBuilder b = new StringBuilder();
    try (InputStream in = s.getInputStream()) {
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) > 0; ) {
        b.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("the connection was still open after " + READ_MS + " ms", e);
    } catch (java.net.SocketException e) {
      // reset: closed by the service with bytes of ours unread
    }
    return b.toString();
  }
}
