package org.provmr.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Lineage;
import org.provmr.store.JobRecord;
import org.provmr.store.LineageEntry;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.SourceIds;
import org.provmr.testing.TestData;

/**
 * A store whose source URI or upstream output is not a path at all: impact and trace failed
 * with Hadoop's bare "Can not create a Path from an empty string" or a URISyntaxException,
 * naming neither the store nor the fix.
 */
class CraftedUriTest {
  @TempDir
  Path tmp;

  @Test
  void aSourceThatIsNotAPathIsAnErrorNamingStoreSourceAndValue() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    String src = Files.writeString(tmp.resolve("src.txt"), "a\nb\n").toUri().toString();
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("o").toUri());
    String[][] bad = {{"", null}, {"a:b:c", null}, {src, "hdfs://[x/y"}};
    for (String[] b : bad) {
      store(conf, out, src, b[0], b[1]);
      String value = b[1] == null ? b[0] : b[1];
      TestData.Run impact = TestData.provmr(conf, "impact", src, "--output", out.toString());
      assertEquals(1, impact.exitCode(), impact.out() + impact.err());
      assertTrue(impact.err().contains(out.toUri().getPath()) && impact.err().contains(
          "names '" + value + "', which is not a path") && impact.err().contains("validate"),
          impact.err());
      TestData.Run trace = TestData.provmr(conf, "trace", out.toString(), "--key", "x");
      assertEquals(1, trace.exitCode(), trace.out() + trace.err());
      assertTrue(trace.err().contains("names '" + value + "', which is not a path"),
          trace.err());
    }
  }

  private static void store(Configuration conf, org.apache.hadoop.fs.Path out, String src,
      String uri, String upstream) throws Exception {
    JobRecord job = new JobRecord(JobRecord.FORMAT_VERSION, "job_1_0001", "wc", "u", 1,
        "compact", "crc32c", List.of(src), List.of(new LineageEntry(0, Lineage.empty())),
        new TreeMap<>());
    SourceEntry s = new SourceEntry(0, uri, 0, 4, 4, 1, "bytes", "crc32c", "0a0b0c0d", 4,
        List.of("0a0b0c0d"), upstream);
    SourceIds one = SourceIds.of(0);
    PartEntry p = new PartEntry("part-r-00000", "attempt", 1, 100, "crc32c", "00ff00ff",
        "compact", 0, 0, 10, one, List.of(one), null, 0, "nonce", null, 0, null);
    LineageStore.write(FileSystem.getLocal(conf), out, job, List.of(s), List.of(p), null);
  }
}
