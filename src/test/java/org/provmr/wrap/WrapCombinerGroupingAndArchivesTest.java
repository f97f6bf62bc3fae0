package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Two driver settings proved on whole jobs: a combiner key grouping comparator (the
 * combiner's reduce() calls span keys the comparator calls equal, which changes the result),
 * and {@code -archives} (an archive unpacked for the wrapped mapper).
 */
class WrapCombinerGroupingAndArchivesTest {
  private static final String INT_SUM = WordCount.IntSumReducer.class.getName();

  @TempDir
  Path tmp;

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private List<String> plainWordCount(Configuration conf, String output, boolean grouping)
      throws Exception {
    Job job = Job.getInstance(new Configuration(conf));
    job.setMapperClass(WordCount.TokenizerMapper.class);
    job.setCombinerClass(WordCount.IntSumReducer.class);
    job.setReducerClass(WordCount.IntSumReducer.class);
    if (grouping) {
      job.setCombinerKeyGroupingComparatorClass(FirstLetterComparator.class);
    }
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(uri("text")));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri(output)));
    assertTrue(job.waitForCompletion(false));
    return Outputs.sortedTextParts(tmp.resolve(output));
  }

  @Test
  void aCombinerGroupingComparatorIsHonouredAsInThePlainJob() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    TestData.text(conf, tmp.resolve("text"), 32 * 1024, 1);
    List<String> expected = plainWordCount(conf, "plain", true);
    assertNotEquals(plainWordCount(conf, "ungrouped", false), expected,
        "the comparator changes what the combiner sums");

    Run run = TestData.provmr(conf, "wrap", "--mapper", WordCount.TokenizerMapper.class
        .getName(), "--combiner", INT_SUM, "--reducer", INT_SUM,
        "--combiner-grouping-comparator", FirstLetterComparator.class.getName(),
        "--input", tmp.resolve("text").toString(), "--output", uri("wrapped"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
    Run clean = TestData.provmr(conf, "validate", "--alerts", uri("a0"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.OK, clean.exitCode(), clean.out() + clean.err());
  }

  @Test
  void anArchiveGivenWithArchivesIsUnpackedForTheWrappedMapper() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path in = Files.writeString(tmp.resolve("in.txt"),
        "the cat and the dog\nand a bird\nthe end\n");
    Path zip = tmp.resolve("stop.zip");
    try (OutputStream f = Files.newOutputStream(zip);
         ZipOutputStream z = new ZipOutputStream(f)) {
      z.putNextEntry(new ZipEntry("stop.txt"));
      z.write("the\nand\na\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    Run run = TestData.provmr(conf, "wrap", "-archives", zip.toUri() + "#dict",
        "--mapper", ArchiveStopWordMapper.class.getName(), "--reducer", INT_SUM,
        "--input", in.toString(), "--output", uri("out"));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    Run payload = TestData.provmr(conf, "inspect", uri("out"), "--payload");
    assertEquals(List.of("bird\t1", "cat\t1", "dog\t1", "end\t1"),
        new ArrayList<>(WrappedWordCountTest.sortedLines(payload.out())));
  }
}
