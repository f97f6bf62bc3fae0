package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExclusiveFilesTest {
  @TempDir
  java.nio.file.Path tmp;

  @Test
  void secondCreateOfTheSameNameFailsAndLeavesTheFirstContent() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    Path f = new Path(tmp.resolve("new/dir/claim").toUri());
    assertTrue(ExclusiveFiles.createNew(fs, f, "one".getBytes(StandardCharsets.UTF_8)));
    assertFalse(ExclusiveFiles.createNew(fs, f, "two".getBytes(StandardCharsets.UTF_8)));
    assertArrayEquals("one".getBytes(StandardCharsets.UTF_8),
        Files.readAllBytes(tmp.resolve("new/dir/claim")));
  }

  /** Hadoop's own local create(overwrite=false) checks, then opens: it lets several win. */
  @Test
  void threadsRacingToCreateOneFileHaveExactlyOneWinnerEveryRound() throws Exception {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int round = 0; round < 50; round++) {
        Path f = new Path(tmp.resolve("round-" + round).toUri());
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          byte[] me = ("thread " + t).getBytes(StandardCharsets.UTF_8);
          tries.add(pool.submit(() -> {
            start.await();
            return ExclusiveFiles.createNew(fs, f, me);
          }));
        }
        int won = 0;
        for (Future<Boolean> r : tries) {
          won += r.get() ? 1 : 0;
        }
        assertEquals(1, won, "round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
