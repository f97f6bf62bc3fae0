package org.provmr.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.recompute.LoadedAlert;
import org.provmr.validate.Alert;

/**
 * The must-show of issue 17: a store of 1,000,000 splits and 10,000 parts, written by
 * {@link SyntheticStore}, is sweep-planned and recompute-planned (dry run) by a JVM limited to
 * 1 GiB of heap. Time and peak heap are printed (docs/scale.md quotes them).
 */
class LargeStorePlanningTest {
  // Surefire passes -D system properties through to the test JVM (argLine is not needed).
  /**
   * 100,000 splits / 1,000 parts by default (about 20 s); the 1,000,000 / 10,000
   * (about 3 minutes here) with -Dprovmr.scale.splits=1000000 -Dprovmr.scale.parts=10000.
   */
  static final int SPLITS = Integer.getInteger("provmr.scale.splits", 100_000);
  static final int PARTS = Integer.getInteger("provmr.scale.parts", 1_000);

  @TempDir
  Path tmp;

  @Test
  void millionSplitStoreIsPlannedInUnderOneGibOfHeap() throws Exception {
    Path out = tmp.resolve("out");
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out.toUri());
    long t0 = System.nanoTime();
    SyntheticStore.write(FileSystem.getLocal(conf), output, SPLITS, PARTS);
    long written = (System.nanoTime() - t0) / 1_000_000;
    long storeBytes = 0;
    try (var files = Files.list(out.resolve("_provenance"))) {
      for (Path f : files.toList()) {
        storeBytes += Files.size(f);
      }
    }
    ProcessBuilder pb = new ProcessBuilder(
        new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx1g",
        "--add-opens", "java.base/java.lang=ALL-UNNAMED",
        "-cp", System.getProperty("java.class.path"), PlanLargeStore.class.getName(),
        output.toString(), "part-r-00042", "file:/data/in/f" + (123_456 / 8) + ".txt")
        .redirectErrorStream(true);
    Process p = pb.start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    System.out.println("store of " + SPLITS + " splits, " + PARTS + " parts: " + storeBytes
        + " bytes, written in " + written + " ms\n" + log);
    assertEquals(0, exit, log);
    assertTrue(log.contains("validation units " + (1 + PARTS + SPLITS / 8) + " "), log);
    // The corrupt part's partition and every partition the changed file's splits fed (all of
    // them): a re-run of 128 TB, which the default policy budget (1 TB a run) defers.
    assertTrue(log.contains("recompute stages 0 deferred 1 (over budget: "), log);
    assertTrue(log.contains(" sub-jobs, " + SPLITS * SyntheticStore.SPLIT
        + " bytes would exceed"), log);
    assertTrue(log.matches("(?s).*peak heap \\d+ MiB of max \\d+ MiB.*"), log);
  }

  /** An alert line as a sweep writes it. */
  static LoadedAlert alert(String type, String output, String part, Integer sourceId,
      String uri) throws IOException {
    String dataId = sourceId == null ? "null" : "{\"sourceId\":" + sourceId + ",\"uri\":\""
        + uri + "\",\"offset\":0,\"length\":1000}";
    String json = "{\"version\":1,\"type\":\"" + type + "\",\"severity\":\"error\","
        + "\"scope\":\"" + (part == null ? "source" : "part") + "\",\"reason\":\"r\","
        + "\"output\":\"" + output + "\",\"part\":"
        + (part == null ? "null" : "\"" + part + "\"") + ",\"record\":null,\"offset\":null,"
        + "\"dataId\":" + dataId + ",\"sourceSets\":[],\"lineageId\":0,\"jobId\":\"j\","
        + "\"expected\":null,\"actual\":null,\"records\":1,"
        + "\"detectedAt\":\"2026-11-27T00:00:00Z\",\"message\":\"m\"}";
    return new LoadedAlert("alerts:" + json.length(), Alert.fromJson(json));
  }
}
