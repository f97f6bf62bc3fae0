package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * Each endpoint answers its own path only. The JDK's server matches a context by prefix, so
 * {@code /healthxyz}, {@code /status/../x} and {@code /metricsfoo} used to answer as the
 * endpoint itself (and {@code /notifyx} to count as a notification). The requests go over a
 * plain socket, so that the request target reaches the service exactly as written (no client
 * normalises {@code ..} or encodes anything).
 */
class ServeExactPathsTest {
  private static final String NOT_FOUND = "not found: /notify, /status, /metrics, /health\n";
  private static final String SECRET = "exact-7d1e";

  @TempDir
  Path tmp;

  @Test
  void onlyTheExactPathsAnswerAndEverythingElseIsAPlainNotFound() throws Exception {
    try (ServiceHarness h = new ServiceHarness(tmp, new Configuration(), (c, o, a) -> 0)
        .start()) {
      assertEquals(new Reply(200, "ok\n"), raw(h, "/health"));
      assertEquals(200, raw(h, "/status").code());
      assertTrue(raw(h, "/status").body().contains("\"state\""));
      assertTrue(raw(h, "/metrics").body().contains("provmr_serve_events_received_total"));
      assertEquals(new Reply(200, "ignored: job FAILED\n"),
          raw(h, "/notify?jobId=job_1_0001&jobStatus=FAILED"), "a query keeps working");
      assertEquals(400, raw(h, "/notify").code(), "the exact path without its query");
      assertEquals(400, raw(h, "/notify?&&").code(), "a malformed query");

      for (String target : List.of("/healthxyz", "/health/", "/health/x", "/status/../x",
          "/status/", "/metricsfoo", "/metrics.txt", "/notifyx?jobId=job_1_0002&jobStatus=FAILED",
          "/notify/?jobId=job_1_0003&jobStatus=FAILED", "/Health", "/health%2F", "/health;x",
          "/", "/x%0AWARN%20forged%3Cscript%3E")) {
        Reply r = raw(h, target);
        assertEquals(new Reply(404, NOT_FOUND), r, target);
      }
      assertEquals(404, raw(h, "HEAD", "/healthz").code());
      // No path at all ("//health" reads as an authority): the JDK answers before any context,
      // with its own fixed 404 that echoes nothing either.
      Reply noPath = raw(h, "//health");
      assertEquals(404, noPath.code());
      assertFalse(noPath.body().contains("health"), noPath.body());
      Reply notAUri = raw(h, "/health<script>"); // the JDK refuses it before any context
      assertEquals(400, notAUri.code());
      assertFalse(notAUri.body().contains("script"), notAUri.body());
      // Only the requests to /notify itself counted as notifications, malformed ones too.
      assertEquals(3.0, h.metric("provmr_serve_events_received_total"));
      assertEquals(1.0, h.metric("provmr_serve_events_ignored_total"));
    }
  }

  @Test
  void withASecretTheExactPathsTakeItFromTheQueryAndOtherPathsStayNotFound() throws Exception {
    Configuration conf = new Configuration();
    conf.set(ProvenanceKeys.SERVE_SECRET, SECRET);
    try (ServiceHarness h = new ServiceHarness(tmp, conf, (c, o, a) -> 0).start()) {
      assertEquals(new Reply(200, "ok\n"), raw(h, "/health?secret=" + SECRET));
      assertEquals(401, raw(h, "/health").code());
      assertEquals(401, raw(h, "/health?secret=wrong").code());
      assertEquals(new Reply(200, "ignored: job KILLED\n"),
          raw(h, "/notify?jobId=job_1_0001&jobStatus=KILLED&secret=" + SECRET));
      for (String target : List.of("/healthxyz?secret=" + SECRET, "/health/?secret=" + SECRET,
          "/metricsfoo?secret=" + SECRET, "/status/../x?secret=" + SECRET)) {
        Reply r = raw(h, target);
        assertEquals(new Reply(404, NOT_FOUND), r, target);
        assertFalse(r.body().contains(SECRET));
      }
    }
  }

  /** Status code and body of one request. */
  record Reply(int code, String body) {
  }

  private static Reply raw(ServiceHarness h, String target) throws IOException {
    return raw(h, "GET", target);
  }

  /** One request on its own connection, the target sent byte for byte as given. */
  private static Reply raw(ServiceHarness h, String method, String target) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", h.service.port()), 10_000);
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write((method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      assertTrue(end > 0, "no complete answer to " + target + ": " + text);
      String status = text.substring(0, text.indexOf("\r\n"));
      return new Reply(Integer.parseInt(status.split(" ")[1]), text.substring(end + 4));
    }
  }
}
