package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.io.Writable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.provmr.header.HeaderCodec;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.testing.TestData;

/**
 * Every trace and impact test of {@link TracePipelineTest} again, on the same pipeline written
 * with header format v2 ({@code provenance.header.version=2}): downstream jobs read v2 parts
 * split by split, and trace finds records by their offsets in v2 parts. (The inherited v1
 * pipeline is built first and left unused: JUnit runs the superclass's {@code @BeforeAll} too.)
 */
class TracePipelineV2Test extends TracePipelineTest {

  @BeforeAll
  static void pipelineV2() throws Exception { // runs after TracePipelineTest's, replacing it
    java.nio.file.Path dir = java.nio.file.Files.createDirectories(tmp.resolve("v2"));
    conf = TestData.localConf(dir);
    conf.set("provenance.header.version", "2");
    p = Pipeline.run(conf, dir);
  }

  @Test
  @Order(0)
  void theGrepPartsAreV2AndSmaller() throws Exception {
    long records = 0;
    long bytes = 0;
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(p.grep.toUri());
    for (PartEntry part : LineageStore.read(conf, out).parts()) {
      records += part.records();
      bytes += part.headerBytes();
      try (ProvenanceFileReader<Writable, Writable> r = new ProvenanceFileReader<>(conf,
          new org.apache.hadoop.fs.Path(out, part.name()))) {
        while (r.next()) {
          byte[] raw = r.value().rawHeader();
          assertTrue(HeaderCodec.isVersion2(raw, 0, r.value().rawHeaderLength()));
        }
      }
    }
    assertTrue(records > 100, records + " records");
    assertTrue(bytes / (double) records < 10.5, bytes / (double) records + " B per record");
    assertEquals(0, TestData.provmr(conf, "validate", "--output", p.grep.toString(),
        "--alerts", tmp.resolve("v2-alerts").toString()).exitCode(), "a clean v2 output");
    assertTrue(p.grep.startsWith(tmp.resolve("v2")), "the v2 pipeline is the one tested");
  }
}
