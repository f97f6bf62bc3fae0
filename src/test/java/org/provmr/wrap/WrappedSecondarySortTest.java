package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.SecondarySort;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Hadoop's SecondarySort (IntPair keys, a partitioner and a grouping comparator on the first
 * int) through {@code wrap --grouping-comparator}: the payload equals Hadoop's own job's output
 * line for line, in order (the order within a group is the point of the example), validates
 * clean, and a damaged part is recomputed to the same bytes of payload.
 */
class WrappedSecondarySortTest {
  private static final String PREFIX = SecondarySort.class.getName() + "$";

  @TempDir
  Path tmp;

  /** Pairs of small ints, so that groups hold many values that must come out sorted. */
  static Path pairs(Path file, int lines) throws Exception {
    Random r = new Random(11);
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < lines; i++) {
      s.append(r.nextInt(40) - 20).append(' ').append(r.nextInt(1000) - 500).append('\n');
    }
    return Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
  }

  /** The job SecondarySort.main builds (its main exits the JVM, so it is rebuilt here). */
  static Job plainSecondarySort(Configuration conf, Path in, Path out, int reduces)
      throws Exception {
    Job job = Job.getInstance(conf, "secondary sort");
    job.setMapperClass(SecondarySort.MapClass.class);
    job.setReducerClass(SecondarySort.Reduce.class);
    job.setPartitionerClass(SecondarySort.FirstPartitioner.class);
    job.setGroupingComparatorClass(SecondarySort.FirstGroupingComparator.class);
    job.setMapOutputKeyClass(SecondarySort.IntPair.class);
    job.setMapOutputValueClass(IntWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setNumReduceTasks(reduces);
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(in.toUri()));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out.toUri()));
    return job;
  }

  /** Every part's lines, parts in order, lines in file order. */
  static List<String> partsInOrder(Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    try (var parts = Files.list(dir)) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  static List<String> lines(String out) {
    return Arrays.stream(out.split("\n")).filter(l -> !l.isEmpty())
        .collect(Collectors.toList());
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  @Test
  void secondarySortWithItsGroupingComparatorMatchesHadoopsJobAndRecomputes() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 8 * 1024); // several sources
    Path in = Files.createDirectories(tmp.resolve("in"));
    pairs(in.resolve("pairs.txt"), 4000);
    assertTrue(plainSecondarySort(conf, in, tmp.resolve("plain"), 2).waitForCompletion(false));
    List<String> expected = partsInOrder(tmp.resolve("plain"));

    Run run = TestData.provmr(conf, "wrap", "--mapper", PREFIX + "MapClass",
        "--reducer", PREFIX + "Reduce", "--partitioner", PREFIX + "FirstPartitioner",
        "--grouping-comparator", PREFIX + "FirstGroupingComparator", "--reduces", "2",
        "--input", in.toString(), "--output", uri("wrapped"));
    assertEquals(0, run.exitCode(), run.err());
    Run payload = TestData.provmr(conf, "inspect", uri("wrapped"), "--payload");
    assertTrue(expected.size() > 4000, "groups and separators: " + expected.size());
    assertEquals(expected, lines(payload.out()));

    Step reduce = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wrapped"))).job()
        .lineage(0).lineage().steps().get(1);
    assertEquals(PREFIX + "FirstGroupingComparator", reduce.params().get("grouping.comparator"));
    assertEquals(PREFIX + "FirstPartitioner", reduce.params().get("partitioner"));

    Run clean = TestData.provmr(conf, "validate", "--alerts", uri("a0"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.OK, clean.exitCode(), clean.out() + clean.err());

    Outputs.corrupt(tmp.resolve("wrapped/part-r-00001"));
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    Run rc = TestData.provmr(conf, "recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = TestData.provmr(conf, "validate", "--alerts", uri("a2"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, lines(TestData.provmr(conf, "inspect", uri("wrapped"), "--payload")
        .out()));
  }
}
