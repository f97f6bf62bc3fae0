package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.RandomWriter;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.lib.partition.InputSampler;
import org.apache.hadoop.mapreduce.lib.partition.TotalOrderPartitioner;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;
import org.provmr.validate.ValidationReport;

/**
 * Hadoop's sort example with {@code -totalOrder} over RandomWriter's SequenceFiles: identity
 * Mapper and Reducer, BytesWritable records, three reduces partitioned by Hadoop's
 * TotalOrderPartitioner from split points InputSampler wrote. The plain job is built as Sort
 * builds it (Sort's own driver cannot run -totalOrder in local mode: its partition file is a
 * cache file with a #link). Each case recomputes: a damaged part, a changed source byte.
 */
class WrappedTotalOrderSortTest {
  @TempDir
  static Path tmp;
  static Configuration conf;
  static String partitions;

  @BeforeAll
  static void generate() throws Exception {
    conf = TestData.localConf(tmp);
    Configuration rw = new Configuration(conf);
    rw.setLong("mapreduce.randomwriter.bytespermap", 40_000);
    rw.setInt("mapreduce.randomwriter.mapsperhost", 2);
    rw.setInt("mapreduce.randomwriter.minkey", 5);
    rw.setInt("mapreduce.randomwriter.maxkey", 10);
    rw.setInt("mapreduce.randomwriter.minvalue", 20);
    rw.setInt("mapreduce.randomwriter.maxvalue", 40);
    assertEquals(0, ToolRunner.run(rw, new RandomWriter(), new String[] {uri("random")}));
    // Where Sort keeps them: in its input directory, which FileInputFormat lists without them
    // ("_" names are hidden) and which is inside the sources' fence, as a recompute requires.
    partitions = uri("random/_sortPartitioning");
    Job sampled = plainSort("random", "unused");
    InputSampler.writePartitionFile(sampled, new InputSampler.RandomSampler<>(0.5, 200, 2));
  }

  private static String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  /** The job Hadoop's Sort builds for {@code -r 3 -totalOrder}. */
  private static Job plainSort(String input, String output) throws Exception {
    return plainSort(input, output, partitions);
  }

  private static Job plainSort(String input, String output, String splitPoints)
      throws Exception {
    Job job = Job.getInstance(new Configuration(conf), "plain total order sort");
    job.setInputFormatClass(SequenceFileInputFormat.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    job.setMapperClass(Mapper.class);
    job.setReducerClass(Reducer.class);
    job.setOutputKeyClass(BytesWritable.class);
    job.setOutputValueClass(BytesWritable.class);
    job.setNumReduceTasks(3);
    job.setPartitionerClass(TotalOrderPartitioner.class);
    TotalOrderPartitioner.setPartitionFile(job.getConfiguration(),
        new org.apache.hadoop.fs.Path(splitPoints));
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(uri(input)));
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri(output)));
    return job;
  }

  /** A plain sort's records, part by part, each in its order, as key TAB value lines. */
  private static List<String> plainRun(String output) throws Exception {
    return plainRun(output, partitions);
  }

  private static List<String> plainRun(String output, String splitPoints) throws Exception {
    assertTrue(plainSort("random", output, splitPoints).waitForCompletion(false),
        "plain sort failed");
    List<String> lines = new ArrayList<>();
    for (Path p : parts(output)) {
      lines.add(p.getFileName().toString());
      try (SequenceFile.Reader r = new SequenceFile.Reader(conf,
          SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(p.toUri())))) {
        Writable k = (Writable) ReflectionUtils.newInstance(r.getKeyClass(), conf);
        Writable v = (Writable) ReflectionUtils.newInstance(r.getValueClass(), conf);
        while (r.next(k, v)) {
          lines.add(k + "\t" + v);
        }
      }
    }
    return lines;
  }

  private static Run provmr(int expected, String... args) throws Exception {
    Run run = TestData.provmr(conf, args);
    assertEquals(expected, run.exitCode(), String.join(" ", args) + "\n" + run.out() + run.err());
    return run;
  }

  private static void wrap(String output) throws Exception {
    wrap(conf, output, partitions);
  }

  private static void wrap(Configuration c, String output, String splitPoints)
      throws Exception {
    Run run = TestData.provmr(c, "wrap", "-D",
        TotalOrderPartitioner.PARTITIONER_PATH + "=" + splitPoints,
        "--input-format", SequenceFileInputFormat.class.getName(),
        "--mapper", Mapper.class.getName(), "--reducer", Reducer.class.getName(),
        "--partitioner", TotalOrderPartitioner.class.getName(), "--reduces", "3",
        "--map-output-key-class", BytesWritable.class.getName(),
        "--map-output-value-class", BytesWritable.class.getName(),
        "--input", uri("random"), "--output", uri(output));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
  }

  /**
   * The payload, part by part in record order, as {@code inspect --payload} prints it, each
   * part after a line with its name: the parts' boundaries are the partitioner's work.
   */
  private static List<String> payloadInOrder(String output) throws Exception {
    List<String> lines = new ArrayList<>();
    for (Path part : parts(output)) {
      lines.add(part.getFileName().toString());
      Arrays.stream(provmr(ExitCodes.OK, "inspect", part.toUri().toString(), "--payload").out()
          .split("\n")).filter(l -> !l.isEmpty()).forEach(lines::add);
    }
    return lines;
  }

  private static List<Path> parts(String output) throws Exception {
    try (var files = Files.list(tmp.resolve(output))) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-")).sorted()
          .toList();
    }
  }

  @Test
  void aDamagedPartitionIsReReducedWithTheOriginalSplitPoints() throws Exception {
    List<String> expected = plainRun("plain");
    assertTrue(expected.size() > 500, "records: " + expected.size());
    wrap("sorted");
    assertEquals(expected, payloadInOrder("sorted"));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("a0"), "--output", uri("sorted"));
    Outputs.corrupt(tmp.resolve("sorted/part-r-00001"));
    provmr(ExitCodes.FINDINGS, "validate", "--alerts", uri("a1"), "--output", uri("sorted"));
    // The sub-job re-reduces partition 1 alone with one reducer; TotalOrderPartitioner, set up
    // for that one reducer, and without its replayed path, failed the recompute.
    provmr(ExitCodes.OK, "recompute", "--alerts", uri("a1"));
    assertEquals(expected, payloadInOrder("sorted"));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("a2"), "--output", uri("sorted"));
  }

  @Test
  void withTheMapOutputCacheOtherSplitPointsDoNotReplayTheFirstSortsMapOutput()
      throws Exception {
    String others = uri("random/_otherPartitioning");
    Job sampled = plainSort("random", "unused", others);
    InputSampler.writePartitionFile(sampled, new InputSampler.SplitSampler<>(20, 2));
    Configuration cached = new Configuration(conf);
    cached.set("provenance.cache.dir", uri("cache"));
    // The second job replays the first's cached map output (same classes, same split): the
    // entries go through the partitioner again, so other split points cut other parts.
    wrap(cached, "cached-first", partitions);
    wrap(cached, "cached-other", others);
    List<String> expected = plainRun("plain-other", others);
    assertNotEquals(plainRun("plain-first"), expected, "other split points, other parts");
    assertEquals(expected, payloadInOrder("cached-other"));
  }

  @Test
  void aChangedSourceByteIsFoundAndTheRecomputeEqualsAFreshPlainSort() throws Exception {
    wrap("sorted-src");
    List<String> before = payloadInOrder("sorted-src");
    // The last byte of the tenth record's value: a record of the first file changes.
    Path file = tmp.resolve("random/part-m-00000");
    long end;
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(file.toUri())))) {
      BytesWritable k = new BytesWritable();
      BytesWritable v = new BytesWritable();
      for (int i = 0; i < 10; i++) {
        assertTrue(r.next(k, v));
      }
      end = r.getPosition();
    }
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(end - 1);
      int b = f.read();
      f.seek(end - 1);
      f.write(b ^ 0x01);
    }
    Outputs.dropCrc(file);
    Set<Integer> changed = LineageStore.read(conf, new org.apache.hadoop.fs.Path(
        uri("sorted-src"))).sources().stream()
        .filter(s -> s.uri().endsWith("/random/part-m-00000") && s.start() < end
            && end <= s.start() + s.length())
        .map(SourceEntry::id).collect(Collectors.toSet());
    assertEquals(1, changed.size(), "the split of the changed byte");

    provmr(ExitCodes.FINDINGS, "validate", "--alerts", uri("s1"), "--output",
        uri("sorted-src"));
    List<Alert> alerts = ValidationReport.readAlerts(conf,
        new org.apache.hadoop.fs.Path(uri("s1")));
    assertTrue(!alerts.isEmpty() && alerts.stream().allMatch(a -> a.type()
        == AlertType.SOURCE_MISMATCH && changed.contains(a.dataId().sourceId())),
        "only the changed split: " + alerts);
    provmr(ExitCodes.OK, "recompute", "--alerts", uri("s1"));
    List<String> expected = plainRun("plain-after");
    assertNotEquals(before, expected, "the changed byte changes a record");
    assertEquals(expected, payloadInOrder("sorted-src"));
    provmr(ExitCodes.OK, "validate", "--alerts", uri("s2"), "--output", uri("sorted-src"));
  }
}
