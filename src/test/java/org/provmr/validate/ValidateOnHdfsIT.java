package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/**
 * The fault matrix on HDFS (one MiniDFSCluster for the class, jobs on LocalJobRunner against
 * hdfs://): a clean sweep first, then a payload flip, a modified and a deleted source.
 */
class ValidateOnHdfsIT {
  @TempDir
  static Path local;
  static MiniDFSCluster cluster;
  static Configuration conf;
  static String grep;
  static String wordcount;
  static String grepCopy;
  static StoredJob grepJob;
  static ValidationFixtures.Validation clean;
  static ValidationFixtures.Validation damaged;
  static ValidationFixtures.RecordAt flipped;
  static final String MODIFIED = "text-00000.txt";
  static final String DELETED = "text-00001.txt";

  @BeforeAll
  static void startCaptureSweep() throws Exception {
    Configuration base = ValidationFixtures.conf(local);
    base.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, local.resolve("dfs").toString());
    cluster = new MiniDFSCluster.Builder(base).numDataNodes(1).build();
    cluster.waitActive();
    conf = new Configuration(base);
    conf.set(FileSystem.FS_DEFAULT_NAME_KEY, cluster.getFileSystem().getUri().toString());
    conf.set("provenance.validate.source.roots", "/it"); // on the cluster: every test path

    FileSystem fs = cluster.getFileSystem();
    String text = fs.makeQualified(new org.apache.hadoop.fs.Path("/it/text")).toString();
    grep = fs.makeQualified(new org.apache.hadoop.fs.Path("/it/grep")).toString();
    wordcount = fs.makeQualified(new org.apache.hadoop.fs.Path("/it/wordcount")).toString();
    grepCopy = fs.makeQualified(new org.apache.hadoop.fs.Path("/it/grep-copy")).toString();
    ValidationFixtures.ok(conf, "generate", "--output", text, "--size", "240k", "--files", "3",
        "--seed", "5");
    ValidationFixtures.grep(conf, text, grep);
    ValidationFixtures.wordcount(conf, text, wordcount);
    grepJob = ValidationFixtures.store(conf, grep);
    clean = ValidationFixtures.validate(conf, "/it/alerts-clean", "--output", grep,
        "--output", wordcount);

    ValidationFixtures.copy(conf, grep, grepCopy);
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(grepCopy, "part-m-00000");
    flipped = ValidationFixtures.records(conf, part).get(5);
    long at = flipped.offset() + 8 + flipped.keyLength() - 1;
    ValidationFixtures.edit(conf, part, b -> b[(int) at] ^= 0x20);
    ValidationFixtures.edit(conf, new org.apache.hadoop.fs.Path(text, MODIFIED),
        b -> b[1000] = (byte) (b[1000] == 'a' ? 'b' : 'a'));
    fs.delete(new org.apache.hadoop.fs.Path(text, DELETED), false);
    damaged = ValidationFixtures.validate(conf, "/it/alerts-damaged", "--output", grep,
        "--output", wordcount, "--output", grepCopy);
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.shutdown();
    }
  }

  private static SourceEntry source(String name) {
    return grepJob.sources().stream().filter(s -> s.uri().endsWith("/" + name)).findFirst()
        .orElseThrow();
  }

  @Test
  void cleanOutputsOnHdfsHaveNoFindings() {
    assertEquals(ExitCodes.OK, clean.exitCode(), clean.out() + clean.err());
    assertEquals(List.of(), clean.alerts());
    assertEquals(0, clean.counter(ValidationCounters.FINDINGS));
    assertTrue(clean.counter(ValidationCounters.RECORDS_CHECKED) > 0);
    assertEquals(clean.counter(ValidationCounters.RECORDS_CHECKED),
        clean.counter(ValidationCounters.RECORDS_VALID));
    assertEquals(clean.counter(ValidationCounters.SOURCES_CHECKED),
        clean.counter(ValidationCounters.SOURCES_VALID));
    assertTrue(grep.startsWith("hdfs://"), grep);
  }

  @Test
  void payloadFlipOnHdfsIsNamedByRecordAndOffset() {
    List<Alert> mismatches = damaged.ofType(AlertType.CHECKSUM_MISMATCH);
    assertEquals(1, mismatches.size(), mismatches.toString());
    Alert a = mismatches.get(0);
    assertEquals(grepCopy, a.output());
    assertEquals("payload_checksum", a.reason());
    assertEquals("part-m-00000", a.part());
    assertEquals(5L, a.record());
    assertEquals(flipped.offset(), a.offset());
    assertNotEquals(a.expected(), a.actual());
    assertEquals(1, damaged.counter(ValidationCounters.CHECKSUM_MISMATCH));
    assertEquals(1, damaged.counter(ValidationCounters.PARTS_RECORD_LEVEL));
  }

  @Test
  void modifiedSourceOnHdfsNamesTheRecordsFromItsChangedChunk() {
    SourceEntry s = source(MODIFIED);
    List<Alert> changed = damaged.ofType(AlertType.SOURCE_MISMATCH).stream()
        .filter(a -> a.output().equals(grep)).toList();
    assertFalse(changed.isEmpty());
    for (Alert a : changed) {
      assertEquals(s.uri(), a.dataId().uri());
      assertEquals("content_changed", a.reason());
      assertEquals(Alert.SCOPE_RECORD, a.scope());
      assertTrue(a.dataId().offset() < ValidationFixtures.CHUNK, a.toString());
    }
    assertTrue(damaged.ofType(AlertType.SOURCE_MISMATCH).stream()
        .anyMatch(a -> a.output().equals(wordcount)));
    assertEquals(damaged.ofType(AlertType.SOURCE_MISMATCH).size(),
        damaged.counter(ValidationCounters.SOURCE_MISMATCH));
  }

  @Test
  void deletedSourceOnHdfsIsMissingForItsParts() {
    SourceEntry s = source(DELETED);
    List<Alert> missing = damaged.ofType(AlertType.SOURCE_MISSING);
    assertTrue(missing.stream().allMatch(a -> a.dataId().uri().equals(s.uri())));
    assertTrue(missing.stream().anyMatch(a -> a.output().equals(grep)
        && a.part().equals(String.format("part-m-%05d", s.id()))));
    assertTrue(missing.stream().anyMatch(a -> a.output().equals(wordcount)));
    assertEquals(missing.size(), damaged.counter(ValidationCounters.SOURCE_MISSING));
    assertEquals(ExitCodes.FINDINGS, damaged.exitCode());
    assertEquals(damaged.alerts().size(), damaged.counter(ValidationCounters.FINDINGS));
  }
}
