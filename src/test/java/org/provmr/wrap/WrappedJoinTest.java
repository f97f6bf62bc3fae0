package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.Join;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.join.CompositeInputFormat;
import org.apache.hadoop.mapreduce.lib.join.TupleWritable;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Hadoop's join example (CompositeInputFormat, a map-side join of sorted SequenceFiles) is
 * refused by {@code wrap} before submission. It used to run, and its payload equalled the
 * plain join's, but every record's source was one opaque split ({@code
 * CompositeInputSplit@1a2b3c}): the joined files were neither fingerprinted nor recorded, so
 * validate stayed clean after a source changed.
 */
class WrappedJoinTest {
  @TempDir
  Path tmp;

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private void sortedSequenceFile(Configuration conf, String name, int step) throws Exception {
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf,
        SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(uri(name + "/part-00000"))),
        SequenceFile.Writer.keyClass(Text.class), SequenceFile.Writer.valueClass(Text.class))) {
      for (int i = 0; i < 200; i += step) {
        w.append(new Text(String.format("k%05d", i)), new Text(name + i));
      }
    }
  }

  @Test
  void aMapSideJoinIsRefusedNamingCompositeInputFormat() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    sortedSequenceFile(conf, "left", 1);
    sortedSequenceFile(conf, "right", 2);
    // The plain example joins them (its inner join keeps the 100 keys of both).
    assertEquals(0, ToolRunner.run(new Configuration(conf), new Join(), new String[] {"-r", "1",
        "-outKey", Text.class.getName(), uri("left"), uri("right"), uri("plain")}));
    assertTrue(Files.exists(tmp.resolve("plain/_SUCCESS")));

    String expr = CompositeInputFormat.compose("inner", SequenceFileInputFormat.class,
        new org.apache.hadoop.fs.Path(uri("left")), new org.apache.hadoop.fs.Path(uri("right")));
    Run run = TestData.provmr(conf, "wrap", "-D", CompositeInputFormat.JOIN_EXPR + "=" + expr,
        "--input-format", CompositeInputFormat.class.getName(),
        "--mapper", Mapper.class.getName(), "--reducer", Reducer.class.getName(),
        "--map-output-key-class", Text.class.getName(),
        "--map-output-value-class", TupleWritable.class.getName(),
        "--input", uri("left"), "--output", uri("wrapped"));
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("mapreduce.job.inputformat.class="
        + CompositeInputFormat.class.getName() + " (CompositeInputFormat, a map-side join)"),
        run.err());
    assertFalse(Files.exists(tmp.resolve("wrapped")), "nothing was submitted");
  }
}
