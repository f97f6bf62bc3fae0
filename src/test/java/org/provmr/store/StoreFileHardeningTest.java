package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.type.TypeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;

/**
 * Lineage-store files are written by whoever owns the output: each is read only if it is a
 * regular file within its size limit, with nesting and number lengths bounded, and every
 * refusal names the file.
 */
class StoreFileHardeningTest {
  @TempDir
  Path tmp;
  Configuration conf;
  FileSystem fs;

  @BeforeEach
  void setUp() throws IOException {
    conf = new Configuration(false);
    fs = FileSystem.getLocal(conf);
  }

  private IOException readFails(Path file) {
    return assertThrows(IOException.class, () -> LineageStore.readJson(conf, fs,
        new org.apache.hadoop.fs.Path(file.toUri()), new TypeReference<JsonNode>() { }));
  }

  @Test
  void deepNestingIsAnErrorNamingTheFileNotAStackOverflow() throws IOException {
    Path f = Files.writeString(tmp.resolve("job.json"), "[".repeat(100_000));
    IOException e = readFails(f);
    assertTrue(e.getMessage().startsWith("Malformed lineage store file file:" + f),
        e.getMessage());
    assertTrue(e.getMessage().contains("JSON nested deeper than 300 levels"), e.getMessage());
  }

  @Test
  void hugeNumberIsRefusedBeforeItIsConverted() throws IOException {
    Path f = Files.writeString(tmp.resolve("parts.json"),
        "[{\"records\": " + "9".repeat(100_000) + "}]");
    IOException e = readFails(f);
    assertTrue(e.getMessage().contains("parts.json") && e.getMessage().contains(
        "number of 100000 characters; at most 64 are accepted"), e.getMessage());
  }

  @Test
  void fileOverTheLimitIsRefusedWithItsSizeAndTheKey() throws IOException {
    conf.set(ProvenanceKeys.READ_MAX_METADATA_BYTES, "1k");
    Path f = Files.writeString(tmp.resolve("sources.json"), "[" + " ".repeat(2000) + "]");
    IOException e = readFails(f);
    assertEquals(f.toUri().getPath() + " is 2002 bytes, more than the 1024 bytes a file of its"
        + " kind may have (provenance.read.max.metadata.bytes); if it is genuine, raise"
        + " provenance.read.max.metadata.bytes", e.getMessage().replace("file:", ""));
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void fifoIsRefusedWithoutOpeningIt() throws Exception {
    Path fifo = tmp.resolve("job.json");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    IOException e = readFails(fifo);
    assertTrue(e.getMessage().endsWith("job.json is a FIFO, socket or device, not a regular"
        + " file; it was not opened. Only regular files are read from output, store, alert"
        + " and policy locations."), e.getMessage());
  }

  @Test
  void symbolicLinkIsRefused() throws IOException {
    Path target = Files.writeString(tmp.resolve("elsewhere.json"), "[]");
    Path link = Files.createSymbolicLink(tmp.resolve("parts.json"), target);
    IOException e = readFails(link);
    assertTrue(e.getMessage().contains("parts.json is a symbolic link, not a regular file"),
        e.getMessage());
  }

  // A hang guard, not a timing assertion: opening a FIFO blocks forever, uninterruptibly.
  @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  @Test
  void aFifoChecksumFileIsRefusedToo() throws Exception {
    Path f = Files.writeString(tmp.resolve("job.json"), "{}");
    assertEquals(0, new ProcessBuilder("mkfifo", tmp.resolve(".job.json.crc").toString())
        .start().waitFor());
    IOException e = readFails(f);
    assertTrue(e.getMessage().contains(".job.json.crc is a FIFO"), e.getMessage());
  }

  @Test
  void theMapperNeverLetsDataNameAClass() throws IOException {
    assertNull(StoreJson.mapper().getDeserializationConfig()
        .getDefaultTyper(TypeFactory.defaultInstance().constructType(Object.class)));
    // A default-typing payload stays data.
    List<Object> v = StoreJson.read(
        "[\"java.net.URL\", \"http://example.invalid/\"]".getBytes(),
        new TypeReference<List<Object>>() { });
    assertEquals(List.of("java.net.URL", "http://example.invalid/"), v);
  }

  /**
   * A null where a record needs a value (a null entry of a part's sourceSets or macs, of a
   * job's lineages) used to surface as Jackson's "problem: `java.lang.NullPointerException`"
   * (found by OutputMutationTest in parts.json, job.json and a recompute journal).
   */
  @Test
  void aNullListEntryInsideAnEntryIsNamedByItsPlaceNotANullPointerException()
      throws IOException {
    Path f = Files.writeString(tmp.resolve("parts.json"),
        "[{\"name\": \"part-r-00000\"}, {\"name\": \"part-r-00001\", \"macs\": [\"ab\", null]}]");
    IOException e = assertThrows(IOException.class, () -> LineageStore.readJson(conf, fs,
        new org.apache.hadoop.fs.Path(f.toUri()), new TypeReference<List<PartEntry>>() { }));
    assertEquals("Malformed lineage store file file:" + f + ": [1] (PartEntry, line 1,"
        + " column 73) holds a null where a value is required: a list entry or a field",
        e.getMessage());
  }

  @Test
  void ordinaryStoreJsonStillReads() throws IOException {
    Path f = Files.writeString(tmp.resolve("parts.json"), "[{\"a\": [1, 2, {\"b\": -3.5}]}]");
    JsonNode n = LineageStore.readJson(conf, fs, new org.apache.hadoop.fs.Path(f.toUri()),
        new TypeReference<JsonNode>() { });
    assertEquals(-3.5, n.get(0).get("a").get(2).get("b").asDouble());
  }
}
