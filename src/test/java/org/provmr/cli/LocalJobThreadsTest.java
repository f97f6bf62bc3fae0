package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.TestData;

/**
 * The race that made {@code provmr run} with a job-end notification URL never notify: the
 * local job's thread sends the notification after the client already returned. A notification
 * endpoint that holds its answer shows the command returning first; LocalJobThreads waits.
 */
class LocalJobThreadsTest {
  @TempDir
  Path tmp;

  @Test
  void theNotificationIsSentAfterTheCommandReturnsAndAwaitWaitsForIt() throws Exception {
    CountDownLatch received = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger answered = new AtomicInteger();
    AtomicReference<String> query = new AtomicReference<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    server.createContext("/notify", ex -> {
      query.set(ex.getRequestURI().getQuery());
      received.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
      answered.incrementAndGet();
    });
    server.start();
    try {
      Configuration conf = TestData.localConf(tmp);
      String text = TestData.text(conf, tmp.resolve("text"), 16 * 1024, 1).toString();
      String url = "http://127.0.0.1:" + server.getAddress().getPort()
          + "/notify?jobId=$jobId&jobStatus=$jobStatus";
      TestData.Run run = TestData.provmr(conf, "run", "wordcount", "-D",
          "mapreduce.job.end-notification.url=" + url, "--input", text, "--output",
          tmp.resolve("wc").toString());
      assertEquals(0, run.exitCode(), run.err());
      // The command has returned; the job's thread is still inside the notifier's GET.
      assertTrue(received.await(60, TimeUnit.SECONDS), "the local job thread notified");
      assertEquals(0, answered.get());
      assertEquals(1, LocalJobThreads.await(200), "a System.exit now would cut it off");
      release.countDown();
      assertEquals(0, LocalJobThreads.await(30_000));
      assertEquals(1, answered.get());
      assertTrue(query.get().matches("jobId=job_local[0-9]+_[0-9]+&jobStatus=SUCCEEDED"),
          query.get());
    } finally {
      release.countDown();
      server.stop(0);
    }
  }
}
