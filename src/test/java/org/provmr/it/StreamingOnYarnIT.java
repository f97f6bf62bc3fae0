package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.streaming.StreamJob;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.StreamingScripts;

/**
 * {@code provmr streaming} on the real engine: a Python word count whose mapper and reducer
 * scripts are shipped with {@code -files} (so the containers run them from their working
 * directories, as on a cluster), inputs and outputs on HDFS, tasks in YARN containers. The
 * payload equals the same command line run by hadoop-streaming's StreamJob without
 * provenance on the same cluster, and the output validates clean.
 */
class StreamingOnYarnIT {

  static MiniClusters clusters;

  @TempDir
  static Path scripts;

  @BeforeAll
  static void start() throws Exception {
    clusters = MiniClusters.shared(StreamingOnYarnIT.class);
  }

  @AfterAll
  static void stop() throws Exception {
    clusters.close();
  }

  /** The streaming options of the job, writing to {@code output}; the scripts are shipped. */
  private static String[] streaming(String text, String output) {
    // -files is a generic option: the scripts land in each task's working directory.
    String files = scripts.resolve("mapper.py").toUri() + "," + scripts.resolve("reducer.py")
        .toUri();
    return new String[] {"-files", files, "-input", text, "-output", output,
        "-mapper", "python3 mapper.py", "-reducer", "python3 reducer.py",
        "-numReduceTasks", "2"};
  }

  @Test
  void aShippedPythonWordCountMatchesPlainStreamingAndValidates() throws Exception {
    Files.writeString(scripts.resolve("mapper.py"), StreamingScripts.MAPPER);
    Files.writeString(scripts.resolve("reducer.py"), StreamingScripts.REDUCER);
    Configuration conf = clusters.conf();
    String text = clusters.path("text");
    Run gen = TestData.provmr(conf, "generate", "--output", text, "--size", "96k", "--files",
        "2");
    assertEquals(0, gen.exitCode(), gen.err());

    assertEquals(0, ToolRunner.run(new Configuration(conf), new StreamJob(),
        streaming(text, clusters.path("plain"))), "plain StreamJob failed on YARN");
    List<String> expected = textLines(clusters.fs(), clusters.path("plain"));
    assertTrue(expected.size() > 500, "a real vocabulary: " + expected.size());

    String[] options = streaming(text, clusters.path("prov"));
    String[] args = new String[options.length + 1];
    args[0] = "streaming";
    System.arraycopy(options, 0, args, 1, options.length);
    Run run = TestData.provmr(conf, args);
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());

    Run payload = TestData.provmr(conf, "inspect", "--payload", clusters.path("prov"));
    assertEquals(ExitCodes.OK, payload.exitCode(), payload.err());
    List<String> actual = new ArrayList<>(payload.out().lines().toList());
    actual.sort(null);
    assertEquals(expected, actual);

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(
        clusters.path("prov")));
    assertTrue(store.sources().size() >= 2, "a source per split: " + store.sources());
    List<Step> steps = store.job().lineage(0).lineage().steps();
    assertTrue(steps.get(0).className().endsWith("PipeMapper"), steps.toString());
    assertTrue(steps.get(1).className().endsWith("PipeReducer"), steps.toString());

    Run validate = TestData.provmr(conf, "validate", "--alerts", clusters.path("a0"),
        "--output", clusters.path("prov"));
    assertEquals(ExitCodes.OK, validate.exitCode(), validate.out() + validate.err());
  }

  private static List<String> textLines(FileSystem fs, String dir) throws Exception {
    List<String> lines = new ArrayList<>();
    for (FileStatus st : fs.listStatus(new org.apache.hadoop.fs.Path(dir))) {
      if (!st.getPath().getName().startsWith("part-")) {
        continue;
      }
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
          StandardCharsets.UTF_8))) {
        r.lines().forEach(lines::add);
      }
    }
    lines.sort(null);
    return lines;
  }
}
