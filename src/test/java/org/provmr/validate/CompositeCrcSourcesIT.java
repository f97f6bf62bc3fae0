package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32C;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.hdfs.server.datanode.metrics.DataNodeMetrics;
import org.apache.hadoop.metrics2.lib.MutableCounterLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * HDFS sources verified from the datanodes' stored checksums (COMPOSITE_CRC) without moving
 * their bytes: one MiniDFSCluster with 64 KiB blocks, a grep whose splits start at offsets that
 * are neither block- nor chunk-aligned, then a clean sweep, a --deep sweep and a sweep after a
 * one-byte change, with the datanode's BytesRead counter around each.
 */
class CompositeCrcSourcesIT {
  @TempDir
  static java.nio.file.Path local;
  static MiniDFSCluster cluster;
  static Configuration conf;
  static String text;
  static String grep;
  static StoredJob grepJob;
  static long sourceBytes;
  static ValidationFixtures.Validation fast;
  static long fastRead;
  static ValidationFixtures.Validation deep;
  static long deepRead;
  static ValidationFixtures.Validation changed;
  static final String MODIFIED = "text-00001.txt";
  static final long CHANGED_AT = 50_001;

  @BeforeAll
  static void captureAndSweep() throws Exception {
    Configuration base = ValidationFixtures.conf(local);
    base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("dfs").toString());
    base.setLong("dfs.namenode.fs-limits.min-block-size", 4096);
    base.setLong("dfs.blocksize", 64 << 10);
    cluster = new MiniDFSCluster.Builder(base).numDataNodes(1).build();
    cluster.waitActive();
    conf = new Configuration(base);
    conf.set(FileSystem.FS_DEFAULT_NAME_KEY, cluster.getFileSystem().getUri().toString());
    conf.set("provenance.validate.source.roots", "/crc");
    // Splits of 30,000 bytes: starts at 30,000, 60,000, ... inside chunks and blocks.
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 30_000);

    FileSystem fs = cluster.getFileSystem();
    text = fs.makeQualified(new Path("/crc/text")).toString();
    grep = fs.makeQualified(new Path("/crc/grep")).toString();
    ValidationFixtures.ok(conf, "generate", "--output", text, "--size", "240k", "--files", "2",
        "--seed", "11");
    ValidationFixtures.grep(conf, text, grep);
    grepJob = ValidationFixtures.store(conf, grep);
    sourceBytes = grepJob.sources().stream().mapToLong(SourceEntry::length).sum();

    long before = bytesRead();
    fast = ValidationFixtures.validate(conf, "/crc/alerts-fast", "--output", grep);
    fastRead = bytesRead() - before;
    before = bytesRead();
    deep = ValidationFixtures.validate(conf, "/crc/alerts-deep", "--output", grep, "--deep");
    deepRead = bytesRead() - before;

    ValidationFixtures.edit(conf, new Path(text, MODIFIED),
        b -> b[(int) CHANGED_AT] = (byte) (b[(int) CHANGED_AT] == 'a' ? 'b' : 'a'));
    changed = ValidationFixtures.validate(conf, "/crc/alerts-changed", "--output", grep);
    System.out.printf(Locale.ROOT, "CompositeCrcSourcesIT: %d sources, %,d source bytes;"
        + " datanode bytes read by the sweep: %,d composed, %,d --deep%n",
        grepJob.sources().size(), sourceBytes, fastRead, deepRead);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  /**
   * The datanode's BytesRead counter. Read from the field: MetricsAsserts needs another Mockito
   * than the one on this class path, and the JMX view is cached for 10 s.
   */
  private static long bytesRead() throws ReflectiveOperationException {
    DataNode dn = cluster.getDataNodes().get(0);
    java.lang.reflect.Field f = DataNodeMetrics.class.getDeclaredField("bytesRead");
    f.setAccessible(true);
    return ((MutableCounterLong) f.get(dn.getMetrics())).value();
  }

  private static String crc32c(byte[] b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b, off, len);
    return String.format(Locale.ROOT, "%08x", crc.getValue());
  }

  @Test
  void composedRangeCrcEqualsTheCrc32cOfTheRangesBytes() throws Exception {
    Path file = new Path(text, "text-00000.txt");
    FileSystem fs = file.getFileSystem(conf);
    byte[] bytes = ValidationFixtures.read(conf, file);
    assertTrue(bytes.length > (64 << 10), "spans blocks: " + bytes.length);
    long[][] ranges = {{0, bytes.length}, {0, 1}, {1, 511}, {512, 512}, {30_000, 30_000},
        {65_535, 2}, {1_000, 70_000}, {bytes.length - 7, 7}, {77, 0}};
    try (CompositeCrcRange composite = new CompositeCrcRange(conf)) {
      for (long[] r : ranges) {
        assertEquals(crc32c(bytes, (int) r[0], (int) r[1]),
            composite.crc32c(fs, file, r[0], r[1]), r[0] + "+" + r[1]);
      }
    }
  }

  @Test
  void localFileSystemHasNoComposedCrc() throws Exception {
    FileSystem localFs = FileSystem.getLocal(new Configuration());
    java.nio.file.Path f = local.resolve("plain.txt");
    java.nio.file.Files.writeString(f, "some bytes");
    try (CompositeCrcRange composite = new CompositeCrcRange(conf)) {
      assertNull(composite.crc32c(localFs, new Path(f.toUri()), 0, 4));
    }
  }

  @Test
  void unchangedSourcesAreProvenWithoutReadingTheirBytes() {
    assertEquals(ExitCodes.OK, fast.exitCode(), fast.out() + fast.err());
    int sources = grepJob.sources().size();
    assertTrue(sources >= 8, "several unaligned splits: " + sources);
    assertEquals(sources, fast.counter(ValidationCounters.SOURCES_COMPOSITE_CRC));
    assertEquals(sources, fast.counter(ValidationCounters.SOURCES_VALID));
    assertEquals(0, fast.counter(ValidationCounters.SOURCE_BYTES_CHECKED));
    // --deep reads every source byte; the composed path reads under one 512-byte chunk per
    // range end on the datanode (the parts and the store are read by both).
    assertEquals(0, deep.counter(ValidationCounters.SOURCES_COMPOSITE_CRC));
    assertEquals(sourceBytes, deep.counter(ValidationCounters.SOURCE_BYTES_CHECKED));
    assertTrue(deepRead - fastRead >= sourceBytes - 2L * 512 * sources,
        "datanode bytes read: fast " + fastRead + ", deep " + deepRead + ", sources "
            + sourceBytes);
  }

  @Test
  void aOneByteChangeIsStillFoundAndLocated() {
    assertEquals(ExitCodes.FINDINGS, changed.exitCode(), changed.out() + changed.err());
    List<Alert> mismatches = changed.ofType(AlertType.SOURCE_MISMATCH);
    assertFalse(mismatches.isEmpty());
    for (Alert a : mismatches) {
      assertTrue(a.dataId().uri().endsWith("/" + MODIFIED), a.toString());
      assertEquals("content_changed", a.reason());
    }
    SourceEntry hit = grepJob.sources().stream()
        .filter(s -> s.uri().endsWith("/" + MODIFIED) && s.start() <= CHANGED_AT
            && CHANGED_AT < s.start() + s.length())
        .findFirst().orElseThrow();
    assertTrue(mismatches.stream().allMatch(a -> a.dataId().offset() >= 0), hit.toString());
    // Only the split holding the byte was read; every other range was proven by composition.
    assertEquals(grepJob.sources().size() - 1,
        changed.counter(ValidationCounters.SOURCES_COMPOSITE_CRC));
    assertEquals(hit.length(), changed.counter(ValidationCounters.SOURCE_BYTES_CHECKED));
  }
}
