package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.RandomTextWriter;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Hadoop's randomtextwriter, a map-only generator: its input format (RandomWriter's) makes a
 * FileSplit of a file that never exists for each map. Under provenance that split would be a
 * source, so the job fails, and says why; it used to fail with Hadoop's bare "File
 * .../dummy-split-0 does not exist".
 */
class WrappedRandomTextWriterTest {
  private static final String BYTES = "mapreduce.randomtextwriter.bytespermap";

  @TempDir
  Path tmp;

  @Test
  void aGeneratorsSplitsOfNoFileFailTheJobNamingTheSplitAndTheWayOut() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Configuration plain = new Configuration(conf);
    plain.setLong(BYTES, 10_000);
    plain.setInt("mapreduce.randomtextwriter.mapsperhost", 1);
    assertEquals(0, ToolRunner.run(plain, new RandomTextWriter(),
        new String[] {tmp.resolve("plain").toUri().toString()}));
    assertTrue(Files.exists(tmp.resolve("plain/_SUCCESS")), "the plain generator ran");

    Files.createDirectories(tmp.resolve("nothing")); // wrap wants an input; the format ignores it
    Run run = TestData.provmr(conf, "wrap", "-D", BYTES + "=10000",
        "-D", "mapreduce.randomtextwriter.mapsperhost=1",
        "--input-format", "org.apache.hadoop.examples.RandomWriter$RandomInputFormat",
        "--mapper", "org.apache.hadoop.examples.RandomTextWriter$RandomTextMapper",
        "--input", tmp.resolve("nothing").toUri().toString(),
        "--output", tmp.resolve("wrapped").toUri().toString());
    assertEquals(ExitCodes.FAILURE, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("/wrapped/dummy-split-0 [0, +1) names a file that does not"
        + " exist"), run.err());
    assertTrue(run.err().contains("(a generator such as RandomWriter's RandomInputFormat) is"
        + " not supported"), run.err());
    assertFalse(Files.exists(tmp.resolve("wrapped/_SUCCESS")), "no committed output");
  }
}
