package org.provmr.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job owner who can write a watched root can put a symbolic link there: the scan must not
 * follow it to an output outside the roots, which the service would validate and recompute.
 */
class WatchRootLinkTest {
  @TempDir
  Path tmp;

  @Test
  void scanDoesNotFollowALinkToAnOutputOutsideTheRoots() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("other/secret-output/_provenance"));
    Files.writeString(secret.resolve("job.json"), "{\"jobId\":\"job_1_0001\"}");
    Files.writeString(secret.resolveSibling(OutputIdentity.SUCCESS), "");
    Path mine = Files.createDirectories(tmp.resolve("roots/mine/_provenance"));
    Files.writeString(mine.resolve("job.json"), "{\"jobId\":\"job_1_0002\"}");
    Files.writeString(mine.resolveSibling(OutputIdentity.SUCCESS), "");
    Files.createSymbolicLink(tmp.resolve("roots/link"), tmp.resolve("other"));
    Configuration conf = new Configuration();
    List<OutputIdentity> found = new OutputScanner(conf, 4)
        .scan(List.of(new org.apache.hadoop.fs.Path(tmp.resolve("roots").toUri())));
    assertEquals(List.of("file:" + tmp.resolve("roots/mine")),
        found.stream().map(OutputIdentity::output).toList());
  }

  @Test
  void notificationNamingAnOutputThroughALinkIsRefusedAndNeverSwept() throws Exception {
    Path secret = Files.createDirectories(tmp.resolve("other/secret-output/_provenance"));
    Files.writeString(secret.resolve("job.json"), "{\"jobId\":\"job_1_0001\"}");
    Files.writeString(secret.resolveSibling(OutputIdentity.SUCCESS), "");
    java.util.concurrent.atomic.AtomicInteger sweeps =
        new java.util.concurrent.atomic.AtomicInteger();
    try (ServiceHarness h = new ServiceHarness(tmp, new Configuration(), (c, o, a) -> {
      sweeps.incrementAndGet();
      return 0;
    }).start()) {
      Files.createSymbolicLink(h.root.resolve("link"), tmp.resolve("other"));
      String output = "file:" + h.root.resolve("link/secret-output");
      ServiceHarness.Response r = h.get("/notify?jobId=job_1_0001&jobStatus=SUCCEEDED&output="
          + java.net.URLEncoder.encode(output, java.nio.charset.StandardCharsets.UTF_8));
      assertEquals(403, r.code(), r.body());
      assertEquals("refused: output is not under a watched root, or is reached through a"
          + " symbolic link\n", r.body());
      assertEquals(1.0, h.metric("provmr_serve_events_refused_total"));
    }
    assertEquals(0, sweeps.get(), "nothing behind the link was swept");
  }
}
