package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.CountsMapper;

/**
 * MultipleInputs in YARN containers, on HDFS: a text input and a SequenceFile input, each with
 * its own format and mapper, wrapped; the sources are the HDFS file ranges inside Hadoop's
 * tagged splits; a damaged part is found and recomputed by sub-jobs in containers that re-tag
 * the replayed ranges; the payload equals Hadoop's plain MultipleInputs job over the same files.
 */
class MultipleInputsOnYarnIT {
  static MiniClusters clusters;

  @BeforeAll
  static void start() throws Exception {
    clusters = MiniClusters.shared(MultipleInputsOnYarnIT.class);
  }

  @AfterAll
  static void stop() throws Exception {
    clusters.close();
  }

  @Test
  void twoInputsAreCapturedValidatedAndRecomputedInContainers() throws Exception {
    Configuration conf = clusters.conf();
    FileSystem fs = clusters.fs();
    String text = clusters.path("text");
    assertEquals(0, TestData.provmr(conf, "generate", "--output", text, "--size", "64k",
        "--files", "2").exitCode());
    Path seq = new Path(clusters.path("seq"), "counts.seq");
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf,
        SequenceFile.Writer.file(fs.makeQualified(seq)), SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(IntWritable.class))) {
      String[] words = {"Alpha", "beta", "GAMMA", "the"};
      for (int i = 0; i < 2000; i++) {
        w.append(new Text(words[i % words.length]), new IntWritable(1 + i % 3));
      }
    }

    // The oracle: Hadoop's own MultipleInputs job over the same HDFS files (in this JVM).
    Configuration local = new Configuration(conf);
    local.set(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME);
    Job plain = Job.getInstance(local, "plain multiple inputs");
    MultipleInputs.addInputPath(plain, new Path(text), TextInputFormat.class,
        WordCount.TokenizerMapper.class);
    MultipleInputs.addInputPath(plain, seq.getParent(), SequenceFileInputFormat.class,
        CountsMapper.class);
    plain.setReducerClass(WordCount.IntSumReducer.class);
    plain.setNumReduceTasks(2);
    plain.setOutputKeyClass(Text.class);
    plain.setOutputValueClass(IntWritable.class);
    FileOutputFormat.setOutputPath(plain, new Path(clusters.path("plain")));
    assertTrue(plain.waitForCompletion(false));
    List<String> expected = textLines(fs, clusters.path("plain"));
    assertTrue(expected.size() > 300, "a real vocabulary: " + expected.size());

    String out = clusters.path("wrapped");
    Run run = TestData.provmr(conf, "wrap",
        "--multiple-input", text + "," + TextInputFormat.class.getName() + ","
            + WordCount.TokenizerMapper.class.getName(),
        "--multiple-input", seq.getParent() + "," + SequenceFileInputFormat.class.getName()
            + "," + CountsMapper.class.getName(),
        "--reducer", WordCount.IntSumReducer.class.getName(), "--reduces", "2",
        "--output", out);
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertEquals(expected, payload(conf, out));
    StoredJob store = LineageStore.read(conf, new Path(out));
    for (SourceEntry s : store.sources()) {
      assertTrue(s.uri().startsWith("hdfs:") && s.fingerprint() != null, s.toString());
    }
    assertTrue(store.sources().stream().anyMatch(s -> s.uri().endsWith("counts.seq")),
        store.sources().toString());

    Path part = new Path(out, "part-r-00000");
    byte[] bytes = new byte[(int) fs.getFileStatus(part).getLen()];
    try (FSDataInputStream in = fs.open(part)) {
      in.readFully(bytes);
    }
    bytes[bytes.length / 2] ^= 0x5A;
    try (FSDataOutputStream o = fs.create(part, true)) {
      o.write(bytes);
    }
    String alerts = clusters.path("alerts-1");
    Run found = TestData.provmr(conf, "validate", "--output", out, "--alerts", alerts);
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    Run recompute = TestData.provmr(conf, "recompute", "--alerts", alerts);
    assertEquals(ExitCodes.OK, recompute.exitCode(), recompute.out() + recompute.err());
    assertTrue(recompute.out().matches("(?s).*ran reduce \\[0\\] job_(?!local).*"),
        "the sub-job ran in YARN: " + recompute.out());
    assertEquals(expected, payload(conf, out));
  }

  private static List<String> payload(Configuration conf, String out) throws Exception {
    Run payload = TestData.provmr(conf, "inspect", out, "--payload");
    assertEquals(ExitCodes.OK, payload.exitCode(), payload.err());
    List<String> lines = new ArrayList<>(payload.out().lines().toList());
    lines.sort(null);
    return lines;
  }

  private static List<String> textLines(FileSystem fs, String dir) throws Exception {
    List<String> lines = new ArrayList<>();
    for (FileStatus st : fs.listStatus(new Path(dir))) {
      if (st.getPath().getName().startsWith("part-")) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
            fs.open(st.getPath()), java.nio.charset.StandardCharsets.UTF_8))) {
          r.lines().forEach(lines::add);
        }
      }
    }
    lines.sort(null);
    return lines;
  }
}
