package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.scale.SyntheticStore;

/** The report's "source range" column, read from the store streaming ({@link ReportExtras}). */
class ReportExtrasTest {
  @TempDir
  Path tmp;

  private static Alert alert(String output, String part, String sets) throws Exception {
    return Alert.fromJson("{\"version\":1,\"type\":\"checksum_mismatch\",\"severity\":\"error\","
        + "\"scope\":\"part\",\"reason\":\"r\",\"output\":\"" + output + "\",\"part\":\"" + part
        + "\",\"record\":3,\"offset\":10,\"dataId\":null,\"sourceSets\":" + sets + ","
        + "\"lineageId\":0,\"jobId\":\"j\",\"expected\":null,\"actual\":null,\"records\":1,"
        + "\"detectedAt\":\"2026-11-27T00:00:00Z\",\"message\":\"m\"}");
  }

  @Test
  void aSummarizedSetNamesItsFirstRangesAndCountsTheRest() throws Exception {
    Configuration conf = new Configuration();
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri());
    SyntheticStore.write(FileSystem.getLocal(conf), output, 20_000, 50, 1, null);
    String o = output.toString();
    Alert summarized = alert(o, "part-r-00007", "[0]");
    Alert twice = alert(o, "part-r-00008", "[0, 0]");
    Alert outOfRange = alert(o, "part-r-00009", "[5]");
    Alert noPart = alert(o, "part-r-99999", "[0]");
    ReportExtras extras = new ReportExtras(conf, List.of(summarized, twice, outOfRange, noPart));
    long split = 128L << 20;
    assertEquals("file:/data/in/f0.txt [0+" + split + "], file:/data/in/f0.txt [" + split + "+"
        + split + "], file:/data/in/f0.txt [" + 2 * split + "+" + split + "] and 19997 more"
        + " splits", extras.sourceRange(summarized));
    assertEquals("file:/data/in/f0.txt [0+" + split + "], file:/data/in/f0.txt [" + split + "+"
        + split + "], file:/data/in/f0.txt [" + 2 * split + "+" + split + "] and 39997 more"
        + " splits", extras.sourceRange(twice));
    assertNull(extras.sourceRange(outOfRange));
    assertNull(extras.sourceRange(noPart));
    assertNull(extras.sourceRange(alert(o, "part-r-00007", "[]")));
  }
}
