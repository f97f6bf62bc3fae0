package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.streaming.StreamJob;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * {@code provmr streaming}: a Python word count (mapper and reducer as scripts, Hadoop
 * Streaming's own option parsing) against the same command line run by hadoop-streaming's
 * StreamJob without provenance: same payload, DataIDs as the streaming protocol allows
 * (whole split on the map side, the splits fed so far on the reduce side), validated,
 * corrupted, recomputed with the commands given again.
 */
class StreamingJobTest {

  @TempDir
  Path tmp;
  private Configuration conf;
  private org.apache.hadoop.fs.Path text;
  private String mapCmd;
  private String reduceCmd;

  @BeforeEach
  void setUp() throws Exception {
    conf = TestData.localConf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32 * 1024);
    text = TestData.text(conf, tmp.resolve("text"), 96 * 1024, 2);
    Path mapper = Files.writeString(tmp.resolve("mapper.py"), StreamingScripts.MAPPER);
    Path reducer = Files.writeString(tmp.resolve("reducer.py"), StreamingScripts.REDUCER);
    mapCmd = "python3 " + mapper;
    reduceCmd = "python3 " + reducer;
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private String[] streaming(String output, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("-input", text.toString(), "-output",
        uri(output), "-mapper", mapCmd));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  private Run provmr(String... args) throws Exception {
    return TestData.provmr(conf, args);
  }

  private static String[] cat(String first, String[] rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void pythonWordCountMatchesPlainStreamingValidatesAndRecomputes() throws Exception {
    String[] plain = streaming("plain", "-reducer", reduceCmd, "-numReduceTasks", "2");
    assertEquals(0, ToolRunner.run(new Configuration(conf), new StreamJob(), plain));
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));
    assertTrue(expected.size() > 1000, "a real vocabulary: " + expected.size());

    Run run = provmr(cat("streaming", streaming("prov", "-reducer", reduceCmd,
        "-numReduceTasks", "2")));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("prov")));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("prov")));
    assertTrue(store.sources().size() > 1, "one source per split: " + store.sources());
    List<Step> steps = store.job().lineage(0).lineage().steps();
    assertEquals(StreamingTasks.PIPE_MAPPER, steps.get(0).className());
    assertEquals(StreamingTasks.PIPE_REDUCER, steps.get(1).className());
    assertEquals(URLEncoder.encode(mapCmd, "UTF-8"),
        steps.get(0).params().get("stream.map.streamprocessor"), steps.get(0).toString());

    assertEquals(ExitCodes.OK, provmr("validate", "--alerts", uri("a0"), "--output",
        uri("prov")).exitCode());
    Outputs.corrupt(tmp.resolve("prov/part-r-00001"));
    Run found = provmr("validate", "--alerts", uri("a1"), "--output", uri("prov"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    // Commands are code: never replayed from the store, the operator gives them again.
    Run rc = provmr("recompute", "--alerts", uri("a1"),
        "-D", "stream.map.streamprocessor=" + URLEncoder.encode(mapCmd, "UTF-8"),
        "-D", "stream.reduce.streamprocessor=" + URLEncoder.encode(reduceCmd, "UTF-8"));
    assertEquals(ExitCodes.OK, rc.exitCode(), rc.out() + rc.err());
    Run again = provmr("validate", "--alerts", uri("a2"), "--output", uri("prov"));
    assertEquals(ExitCodes.OK, again.exitCode(), again.out() + again.err());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("prov")));
  }

  @Test
  void aMapOnlyStreamingRecordNamesItsWholeSplit() throws Exception {
    Run run = provmr(cat("streaming", streaming("lines", "-numReduceTasks", "0")));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    assertEquals(0, ToolRunner.run(new Configuration(conf), new StreamJob(),
        streaming("plain", "-numReduceTasks", "0")));
    assertEquals(Outputs.sortedTextParts(tmp.resolve("plain")),
        Outputs.payload(conf, tmp.resolve("lines")));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("lines")));
    String records = provmr("inspect", uri("lines"), "--limit", "100000").out();
    Matcher m = Pattern.compile("data-id (\\S+) \\(source (\\d+)\\) bytes \\[(\\d+)\\+(\\d+)]")
        .matcher(records);
    int checked = 0;
    while (m.find()) {
      int id = Integer.parseInt(m.group(2));
      SourceEntry split = store.sources().stream().filter(s -> s.id() == id).findFirst()
          .orElseThrow();
      assertEquals(split.start(), Long.parseLong(m.group(3)), m.group());
      assertEquals(split.length(), Long.parseLong(m.group(4)), "the whole split: " + m.group());
      checked++;
    }
    assertTrue(checked > 1000, "records checked: " + checked);
    assertEquals(ExitCodes.OK, provmr("validate", "--alerts", uri("a0"), "--output",
        uri("lines")).exitCode());
  }

  @Test
  void aStreamingCombinerCommandIsRefusedBeforeSubmission() throws Exception {
    Run run = provmr(cat("streaming", streaming("refused", "-reducer", reduceCmd,
        "-combiner", reduceCmd)));
    assertEquals(ExitCodes.USAGE, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("-combiner (a command)"), run.err());
    assertTrue(Files.notExists(tmp.resolve("refused")));
  }

  @Test
  void aRecomputeWithoutTheCommandsFailsNamingTheKey() throws Exception {
    Run run = provmr(cat("streaming", streaming("prov", "-reducer", reduceCmd)));
    assertEquals(ExitCodes.OK, run.exitCode(), run.out() + run.err());
    Outputs.corrupt(tmp.resolve("prov/part-r-00000"));
    assertEquals(ExitCodes.FINDINGS, provmr("validate", "--alerts", uri("a1"), "--output",
        uri("prov")).exitCode());
    Run rc = provmr("recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.FAILURE, rc.exitCode(), rc.out() + rc.err());
    assertTrue((rc.out() + rc.err()).contains("stream.reduce.streamprocessor")
        || (rc.out() + rc.err()).contains("stream.map.streamprocessor"), rc.out() + rc.err());
  }
}
