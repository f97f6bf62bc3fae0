package org.provmr.openlineage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.provmr.conf.ProvenanceKeys;

/**
 * A catalog that accepts the connection and then stalls: it never reads the request, or it
 * answers a byte at a time, each byte sooner than the read timeout. Sockets time out reads
 * only, one read at a time, so with HttpURLConnection both held the sender (a capture job's
 * commit) forever. {@code provenance.openlineage.timeout} bounds the whole send.
 */
class StalledEndpointTest {
  private final List<Socket> held = new ArrayList<>();
  private ServerSocket server;
  private Thread acceptor;

  @AfterEach
  void close() throws IOException, InterruptedException {
    server.close();
    acceptor.interrupt();
    acceptor.join();
    synchronized (held) {
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void anEndpointThatNeverReadsTheEventDoesNotHoldTheSender() throws Exception {
    start(false);
    // More than loopback's socket buffers hold, so the old sender's write blocked for ever.
    LineageEvent e = event().error("x".repeat(16 << 20));
    assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(60), () -> emitter().emit(e)));
  }

  @Test
  void anEndpointThatAnswersAByteAtATimeDoesNotHoldTheSender() throws Exception {
    start(true);
    assertFalse(assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> emitter().emit(event())));
  }

  private static LineageEvent event() {
    return new LineageEvent(LineageEvent.Type.START, UUID.randomUUID(), "stalled", "capture");
  }

  private LineageEmitter emitter() {
    Configuration conf = new Configuration(false);
    conf.set(ProvenanceKeys.OPENLINEAGE_URL, "http://127.0.0.1:" + server.getLocalPort());
    conf.set(ProvenanceKeys.OPENLINEAGE_TIMEOUT, "1s");
    // the 16 MiB event is the point: not cut to fit the default limit
    conf.set(ProvenanceKeys.OPENLINEAGE_MAX_EVENT_BYTES, "1g");
    return LineageEmitter.of(conf);
  }

  /** Accepts connections and holds them: silent, or trickling an endless header. */
  private void start(boolean trickle) throws IOException {
    server = new ServerSocket();
    server.setReceiveBufferSize(4096);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Socket s = server.accept();
          synchronized (held) {
            held.add(s);
          }
          if (trickle) {
            OutputStream o = s.getOutputStream();
            o.write("HTTP/1.1 200 OK\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
            while (!Thread.currentThread().isInterrupted()) {
              o.write('x');
              o.flush();
              Thread.sleep(100);
            }
          }
        }
      } catch (IOException | InterruptedException e) {
        // closed by the test
      }
    });
    acceptor.setDaemon(true);
    acceptor.start();
  }
}
