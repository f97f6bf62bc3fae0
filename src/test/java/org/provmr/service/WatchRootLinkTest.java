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
}
