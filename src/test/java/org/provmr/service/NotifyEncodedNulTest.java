package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A NUL can reach an output path past the raw check: {@code %2500} in the query decodes to the
 * URI escape {@code %00}, which the URI's path decodes to a NUL. Such a path names no file: it
 * is refused like any path outside the roots, never handed to a file system.
 */
class NotifyEncodedNulTest {
  @TempDir
  Path tmp;

  @Test
  void anOutputWhosePathDecodesToANulIsRefusedAndCounted() throws Exception {
    AtomicInteger sweeps = new AtomicInteger();
    try (ServiceHarness h = new ServiceHarness(tmp, new Configuration(), (c, o, a) -> {
      sweeps.incrementAndGet();
      return 0;
    }).start()) {
      String q = "/notify?jobId=job_1_0001&jobStatus=SUCCEEDED&output=file:"
          + h.root.toUri().getRawPath() + "out%2500x";
      ServiceHarness.Response r = h.get(q);
      assertEquals(403, r.code(), r.body());
      assertEquals("refused: output is not under a watched root, or is reached through a"
          + " symbolic link\n", r.body());
      assertEquals(1.0, h.metric("provmr_serve_events_refused_total"));
      ServiceHarness.Response hdfs = h.get("/notify?jobId=job_1_0001&jobStatus=SUCCEEDED"
          + "&output=file:" + h.root.toUri().getRawPath() + "a%25%30%30/b");
      assertEquals(403, hdfs.code(), hdfs.body());
      assertEquals(2.0, h.metric("provmr_serve_events_refused_total"));
      assertEquals(0.0, h.metric("provmr_serve_inbox_depth"), "nothing journaled");
    }
    assertEquals(0, sweeps.get(), "nothing was swept");
  }

  @Test
  void aPathOnAnHdfsRootThatDecodesToANulIsNotAccepted() throws Exception {
    Configuration conf = new Configuration(false);
    ServeRoots roots = new ServeRoots(conf, java.util.List.of("hdfs://nn:8020/data"));
    assertEquals(null, roots.accept("hdfs://nn:8020/data/wc%00"));
    assertEquals(null, roots.accept("hdfs://nn:8020/data/w%00/c"));
  }
}
