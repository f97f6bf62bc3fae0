package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.StoreJson;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * The source-fingerprint cache: a second validation within the re-verification period trusts
 * ranges whose file kept its length, time and checksum instead of reading them; --deep reads
 * anyway; a changed time makes it read; and the documented trade-off: a byte changed under a
 * reset time is found by --deep, not by the trusting validation.
 */
class SourceFingerprintCacheTest {
  @TempDir
  Path tmp;
  private int sweeps;

  private JsonNode validate(Configuration c, int expectedExit, String... extra) throws Exception {
    String alerts = tmp.resolve("alerts-" + sweeps++).toUri().toString();
    String[] args = new String[5 + extra.length];
    args[0] = "validate";
    args[1] = "--alerts";
    args[2] = alerts;
    args[3] = "--output";
    args[4] = tmp.resolve("wc").toUri().toString();
    System.arraycopy(extra, 0, args, 5, extra.length);
    Run r = TestData.provmr(c, args);
    assertEquals(expectedExit, r.exitCode(), r.out() + r.err());
    return StoreJson.mapper().readTree(tmp.resolve("alerts-" + (sweeps - 1))
        .resolve("report.json").toFile()).path("counters");
  }

  @Test
  void unchangedSourcesAreTrustedWithinThePeriodAndDeepAlwaysReads() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = tmp.resolve("in");
    TestData.text(conf, in, 2 * 32 * 1024, 2);
    Configuration c = new Configuration(conf);
    c.set(ProvenanceKeys.CACHE_DIR, tmp.resolve("cache").toUri().toString());
    c.set(ProvenanceKeys.VALIDATE_REVERIFY_PERIOD, "1h");
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", in.toString(),
        "--output", tmp.resolve("wc").toUri().toString()).exitCode());

    JsonNode first = validate(c, 0);
    assertEquals(0, first.path("SOURCES_REVERIFY_SKIPPED").asLong());
    long bytes = first.path("SOURCE_BYTES_CHECKED").asLong();
    assertTrue(bytes >= 2 * 32 * 1024, first.toString());

    JsonNode second = validate(c, 0);
    assertEquals(2, second.path("SOURCES_REVERIFY_SKIPPED").asLong(), second.toString());
    assertEquals(0, second.path("SOURCE_BYTES_CHECKED").asLong(), "nothing read again");
    assertEquals(2, second.path("SOURCES_VALID").asLong());

    JsonNode deep = validate(c, 0, "--deep");
    assertEquals(0, deep.path("SOURCES_REVERIFY_SKIPPED").asLong());
    assertEquals(bytes, deep.path("SOURCE_BYTES_CHECKED").asLong(), "--deep reads everything");

    // The trade-off: one byte changed, length and time as before, no checksum on this file
    // system. The trusting validation does not see it; --deep does.
    Path file = in.resolve("text-00001.txt");
    FileTime time = Files.getLastModifiedTime(file);
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(100);
      int b = f.read();
      f.seek(100);
      f.write(b == 'x' ? 'y' : 'x');
    }
    Outputs.dropCrc(file);
    Files.setLastModifiedTime(file, time);
    assertEquals(2, validate(c, 0).path("SOURCES_REVERIFY_SKIPPED").asLong());
    JsonNode found = validate(c, ExitCodes.FINDINGS, "--deep");
    assertTrue(found.path("SOURCE_MISMATCH").asLong() > 0, found.toString());

    // A new modification time is a change: the range is read and the change found.
    Files.setLastModifiedTime(file, FileTime.fromMillis(time.toMillis() + 60_000));
    JsonNode touched = validate(c, ExitCodes.FINDINGS);
    assertEquals(1, touched.path("SOURCES_REVERIFY_SKIPPED").asLong(), touched.toString());
    assertTrue(touched.path("SOURCE_MISMATCH").asLong() > 0, touched.toString());

    // Without the period (the default), every validation reads.
    assertEquals(0, validate(new Configuration(conf), ExitCodes.FINDINGS)
        .path("SOURCES_REVERIFY_SKIPPED").asLong());
  }
}
