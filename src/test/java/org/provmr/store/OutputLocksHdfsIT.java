package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.conf.ProvenanceKeys;

/**
 * The lock and the incomplete-output check on HDFS (one MiniDFSCluster): the NameNode's
 * exclusive create gives one winner, mtimes carry the heartbeat, an open file is in use.
 */
class OutputLocksHdfsIT {
  private static final long ELEVEN_MINUTES = 11 * 60_000L;
  static MiniDFSCluster dfs;
  static Configuration conf;
  static FileSystem fs;

  @BeforeAll
  static void start() throws Exception {
    File base = new File(System.getProperty("user.dir"), "target/mini-clusters/"
        + OutputLocksHdfsIT.class.getSimpleName());
    conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, new File(base, "dfs").getAbsolutePath());
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
    dfs.waitActive();
    fs = dfs.getFileSystem();
    conf = new Configuration(fs.getConf());
  }

  @AfterAll
  static void stop() {
    dfs.shutdown();
  }

  private static Path output(String name) throws Exception {
    Path out = fs.makeQualified(new Path("/it/" + name));
    fs.mkdirs(LineageStore.dir(out));
    return out;
  }

  @Test
  void exclusiveCreateOnHdfsHasOneWinnerAmongRacingThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 10; round++) {
        Path f = new Path("/it/claims/" + round);
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<Boolean>> tries = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          tries.add(pool.submit(() -> {
            start.await();
            return ExclusiveFiles.createNew(fs, f, "x".getBytes(StandardCharsets.UTF_8));
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

  @Test
  void busyThenStaleThenTakenOverOnHdfs() throws Exception {
    Path out = output("locked");
    OutputLocks dead = OutputLocks.acquire(conf, List.of(out), "killed recompute");
    OutputBusyException e = assertThrows(OutputBusyException.class,
        () -> OutputLocks.acquire(conf, List.of(out), "next"));
    assertTrue(e.getMessage().contains("is locked by killed recompute on "), e.getMessage());
    for (FileStatus l : fs.listStatus(OutputLocks.lockDir(out))) {
      fs.setTimes(l.getPath(), System.currentTimeMillis() - ELEVEN_MINUTES, -1);
    }
    try (OutputLocks next = OutputLocks.acquire(conf, List.of(out), "next")) {
      assertThrows(java.io.IOException.class, dead::checkHeld);
      next.checkHeld();
    }
    FileStatus[] left = fs.listStatus(OutputLocks.lockDir(out));
    assertEquals(1, left.length);
    assertEquals("lock-0000000003", left[0].getPath().getName(), "the release marker");
  }

  @Test
  void anOutputWithAFileStillOpenForWritingIsNotDeleted() throws Exception {
    Path out = fs.makeQualified(new Path("/it/killed"));
    Path part = new Path(out, "_temporary/0/_temporary/attempt_1_0001_m_000000_0/part-m-00000");
    Configuration noWait = new Configuration(conf);
    noWait.set(ProvenanceKeys.OUTPUT_INCOMPLETE_QUIET_PERIOD, "0");
    try (FSDataOutputStream open = fs.create(part)) {
      open.write(new byte[1024]);
      open.hflush();
      IncompleteOutput found = IncompleteOutput.inspect(noWait, out);
      assertEquals(IncompleteOutput.State.INCOMPLETE, found.state());
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> found.delete(noWait));
      assertTrue(e.getMessage().contains(part + " is still open for writing"), e.getMessage());
      assertTrue(e.getMessage().contains("a job may still be writing it"), e.getMessage());
    }
    IncompleteOutput.inspect(noWait, out).delete(noWait);
    assertFalse(fs.exists(out));
  }
}
