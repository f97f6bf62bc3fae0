package org.provmr.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.examples.terasort.TeraInputFormat;
import org.apache.hadoop.examples.terasort.TeraSort;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.lineage.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.ForeignJar;
import org.provmr.wrap.HadoopExamples;
import org.provmr.wrap.TeraOracle;

/**
 * Capture, validation and recompute end to end on the real engine: inputs and outputs on
 * HDFS, tasks in YARN containers that get ProvMR from the shipped job jar and Hadoop's
 * examples from the jar {@code wrap --jar} ships. Checked by content against Hadoop's own
 * WordCount on the same cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CaptureOnYarnIT {
  static MiniClusters clusters;
  static Configuration conf;
  static String text;
  static List<String> plainWordCount;
  static String wordcount;

  @BeforeAll
  static void startClustersAndRunTheReference() throws Exception {
    clusters = MiniClusters.shared(CaptureOnYarnIT.class);
    conf = clusters.conf();
    text = clusters.path("text");
    Run gen = TestData.provmr(conf, "generate", "--output", text, "--size", "192k", "--files",
        "2");
    assertEquals(0, gen.exitCode(), gen.err());

    Job plain = HadoopExamples.plainWordCount(conf, new Path(text),
        new Path(clusters.path("plain")), 2);
    plain.setJar(HadoopExamples.jar().getAbsolutePath()); // Hadoop's own job jar
    assertTrue(plain.waitForCompletion(false), "plain WordCount failed on YARN");
    plainWordCount = sortedPartLines(clusters.fs(), new Path(clusters.path("plain")));
    assertTrue(plainWordCount.size() > 1000, "a real vocabulary: " + plainWordCount.size());

    // Provenance wordcount once for the class: checked below, and the first stage of topk.
    wordcount = clusters.path("wc");
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", text, "--output", wordcount,
        "--reduces", "2");
    assertEquals(0, run.exitCode(), run.err());
  }

  @AfterAll
  static void stopClusters() throws IOException {
    if (clusters != null) {
      clusters.close();
    }
  }

  /**
   * Hadoop's MultiFileWordCount (CombineFileInputFormat: both files in one split) from its jar,
   * in YARN containers: the same counts as WordCount, each HDFS file a source of its own.
   */
  @Test
  @Order(2)
  void wrapRunsMultiFileWordCountsCombinedSplitOnYarnWithOneSourcePerFile() throws Exception {
    String out = clusters.path("multifile");
    String mfwc = "org.apache.hadoop.examples.MultiFileWordCount$";
    Run run = TestData.provmr(conf, "wrap", "--jar", HadoopExamples.jar().toString(),
        "--input-format", mfwc + "MyInputFormat", "--mapper", mfwc + "MapClass",
        "--combiner", "org.apache.hadoop.mapreduce.lib.reduce.IntSumReducer",
        "--reducer", "org.apache.hadoop.mapreduce.lib.reduce.IntSumReducer", "--reduces", "2",
        "--output-key-class", "org.apache.hadoop.io.Text",
        "--output-value-class", "org.apache.hadoop.io.IntWritable",
        "--input", text, "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    assertPayloadIsPlainWordCount(out);
    StoredJob store = LineageStore.read(conf, new Path(out));
    assertEquals(2, store.sources().size(), store.sources().toString());
    for (SourceEntry s : store.sources()) {
      assertTrue(s.uri().startsWith("hdfs://") && s.start() == 0
          && s.length() == s.fileLength() && s.fingerprint() != null, s.toString());
    }
    Run validate = TestData.provmr(conf, "validate", "--alerts", clusters.path("mf-alerts"),
        "--output", out);
    assertEquals(0, validate.exitCode(), validate.out() + validate.err());
  }

  /**
   * Runs last, so that the wordcount output was committed minutes ago and its application
   * master has long exited: on YARN, Hadoop 3.4's MRAppMaster shutdown hook calls abortJob on
   * every exit, also after a successful commit, and a committed output must survive that.
   */
  @Test
  @Order(5)
  void wordcountOnYarnMatchesHadoopsAndItsCommittedOutputSurvivesTheAmExit() throws Exception {
    String out = wordcount;
    assertPayloadIsPlainWordCount(out);

    StoredJob store = LineageStore.read(conf, new Path(out));
    assertFalse(store.job().jobId().startsWith("job_local"), "ran in YARN: "
        + store.job().jobId());
    assertEquals(2, store.parts().size());
    assertEquals(plainWordCount.size(), records(store));
    assertEquals(2, store.sources().size()); // two small files, one split each
    for (SourceEntry s : store.sources()) {
      assertTrue(s.uri().startsWith("hdfs://"), s.uri());
      assertEquals(SourceEntry.POSITIONS_BYTES, s.positions());
      assertTrue(s.fingerprint() != null && !s.fingerprint().isEmpty(), s.toString());
    }
    assertTrue(clusters.fs().exists(new Path(out, "_SUCCESS")));
  }

  @Test
  @Order(1)
  void wrapRunsHadoopsWordCountFromItsJarInYarnContainers() throws Exception {
    String out = clusters.path("wrapped");
    Run run = TestData.provmr(conf, "wrap", "--jar", HadoopExamples.jar().toString(),
        "--mapper", WordCount.TokenizerMapper.class.getName(),
        "--combiner", WordCount.IntSumReducer.class.getName(),
        "--reducer", WordCount.IntSumReducer.class.getName(), "--reduces", "2",
        "--input", text, "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    assertPayloadIsPlainWordCount(out);

    StoredJob store = LineageStore.read(conf, new Path(out));
    assertEquals(plainWordCount.size(), records(store));
    List<Step> steps = store.job().lineage(0).lineage().steps();
    assertEquals(WordCount.TokenizerMapper.class.getName(), steps.get(0).className());
    assertEquals(WordCount.IntSumReducer.class.getName(), steps.get(1).className());
  }

  /**
   * The containers' class path mirrors the test JVM's in a mini cluster, so Hadoop's examples
   * would be found without --jar; this mapper is on no class path and reaches the containers
   * only as the jar {@code wrap --jar} ships, as on a real cluster.
   */
  @Test
  @Order(2)
  void wrapShipsAJarThatIsOnNoClassPathToTheContainers(@TempDir java.nio.file.Path tmp)
      throws Exception {
    File jar = ForeignJar.build(tmp);
    String out = clusters.path("upper");
    Run run = TestData.provmr(conf, "wrap", "--jar", jar.toString(), "--mapper",
        ForeignJar.MAPPER, "--input", text, "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    Run payload = TestData.provmr(conf, "inspect", out, "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    assertEquals(ForeignJar.expected(textLines()), lines(payload.out()).stream().sorted()
        .collect(Collectors.toList()));
  }

  /**
   * On YARN the committer runs in the application master, a JVM of its own: the job's
   * OpenLineage events come from there (file transport to a local file, which the AM of a
   * mini cluster can reach), with the YARN job id, not a local one.
   */
  @Test
  @Order(2)
  void theApplicationMasterSendsTheJobsOpenLineageEvents(@TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path events = tmp.resolve("events.jsonl");
    String out = clusters.path("ol");
    Run run = TestData.provmr(conf, "wrap", "-q", "-D", "provenance.openlineage.transport=file",
        "-D", "provenance.openlineage.file=" + events, "--mapper",
        "org.apache.hadoop.mapreduce.Mapper", "--input", text, "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    List<com.fasterxml.jackson.databind.JsonNode> sent = new ArrayList<>();
    for (String line : java.nio.file.Files.readAllLines(events)) {
      sent.add(new com.fasterxml.jackson.databind.ObjectMapper().readTree(line));
    }
    assertEquals(List.of("START", "COMPLETE"), sent.stream()
        .map(e -> e.path("eventType").asText()).collect(Collectors.toList()));
    StoredJob store = LineageStore.read(conf, new Path(out));
    for (com.fasterxml.jackson.databind.JsonNode e : sent) {
      String jobId = e.at("/run/facets/provmr/hadoopJobId").asText();
      assertTrue(jobId.matches("job_\\d+_\\d+") && !jobId.contains("local"), jobId);
      assertEquals(store.job().jobId(), jobId);
      assertEquals("hdfs", java.net.URI.create(e.at("/outputs/0/namespace").asText())
          .getScheme(), e.toString());
    }
    assertEquals(records(store), sent.get(1).at("/run/facets/provmr/figures/records").asLong());
  }

  @Test
  @Order(3)
  void topkOverWordcountOnYarnNestsTheUpstreamLineage() throws Exception {
    String wc = wordcount;
    String top = clusters.path("top");
    Run run = TestData.provmr(conf, "run", "topk", "--input", wc, "--output", top, "--k", "5");
    assertEquals(0, run.exitCode(), run.err());

    Run payload = TestData.provmr(conf, "inspect", top, "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    List<String> lines = lines(payload.out());
    assertEquals(5, lines.size(), payload.out());
    List<String> expectedTop = plainWordCount.stream()
        .sorted((a, b) -> count(a) != count(b) ? Integer.compare(count(b), count(a))
            : a.compareTo(b)).limit(5)
        .map(l -> l.split("\t")[0]).sorted().collect(Collectors.toList());
    assertEquals(expectedTop, lines.stream().map(l -> l.split("\t")[0]).sorted()
        .collect(Collectors.toList()));

    StoredJob store = LineageStore.read(conf, new Path(top));
    String lineage = store.job().lineage(0).lineage().toString();
    assertTrue(lineage.contains("WordCount$TokenizerMapper"), lineage);
    assertTrue(lineage.contains("TopK"), lineage);
    assertTrue(store.sources().stream().allMatch(s -> s.uri().startsWith(wc)),
        "topk's sources are wordcount's parts on HDFS");
  }

  /**
   * TeraSort's own pieces (identity map and reduce, its input format and partitioner) sorting
   * TeraGen data under provenance in YARN containers; TeraValidate accepts the payload-only
   * view. Generation, conversion and validation run in local mode against the same HDFS: only
   * the sort needs the cluster, and each YARN job costs the suite half a minute.
   */
  @Test
  @Order(4)
  void teraSortPiecesSortUnderProvenanceOnYarnAndTeraValidateAcceptsThePayload()
      throws Exception {
    Configuration local = clusters.conf();
    local.set(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME);
    Path generated = new Path(clusters.path("teragen"));
    TeraOracle.teraGen(local, 10_000, generated);
    String checksum = TeraOracle.checksum(local, generated, new Path(clusters.path("tera-sum")));

    String sorted = clusters.path("terasort");
    Run run = TestData.provmr(conf, "wrap", "--jar", HadoopExamples.jar().toString(),
        "--mapper", Mapper.class.getName(), "--reducer", Reducer.class.getName(),
        "--partitioner", TeraSort.SimplePartitioner.class.getName(),
        "--input-format", TeraInputFormat.class.getName(), "--reduces", "2",
        "--input", generated.toString(), "--output", sorted);
    assertEquals(0, run.exitCode(), run.err());
    StoredJob store = LineageStore.read(conf, new Path(sorted));
    assertFalse(store.job().jobId().startsWith("job_local"), store.job().jobId());
    assertEquals(2, store.parts().size());
    assertEquals(10_000, records(store));

    Path view = new Path(clusters.path("terasort-view"));
    TeraOracle.toTeraFiles(local, new Path(sorted), view, null);
    assertEquals(List.of("checksum\t" + checksum),
        TeraOracle.validate(local, view, new Path(clusters.path("terasort-report"))));
  }

  /**
   * Validation and recompute on the real engine: a byte flipped in a part on HDFS is found by
   * the validator job in YARN containers, recomputed by a partition-scoped sub-job in YARN
   * containers, swapped in on HDFS, and the output then validates clean and equals Hadoop's.
   */
  @Test
  @Order(6)
  void corruptedPartOnHdfsIsValidatedAndRecomputedInYarnContainers() throws Exception {
    Path part = new Path(wordcount, "part-r-00001");
    FileSystem fs = clusters.fs();
    byte[] bytes = new byte[(int) fs.getFileStatus(part).getLen()];
    try (FSDataInputStream in = fs.open(part)) {
      in.readFully(bytes);
    }
    bytes[bytes.length / 2] ^= 0x5A;
    try (FSDataOutputStream out = fs.create(part, true)) {
      out.write(bytes);
    }

    String alerts = clusters.path("alerts-1");
    // The validation job on YARN (a small output would otherwise be validated in process);
    // the clean revalidation below takes the in-process route.
    Run validate = TestData.provmr(conf, "validate", "--mode", "job", "--output", wordcount,
        "--alerts", alerts);
    assertEquals(3, validate.exitCode(), validate.out() + validate.err());
    assertTrue(validate.out().contains("Running provmr validate"), validate.out());
    Run recompute = TestData.provmr(conf, "recompute", "--alerts", alerts);
    assertEquals(0, recompute.exitCode(), recompute.out() + recompute.err());
    assertTrue(recompute.out().contains("re-reduce partitions [1]"), recompute.out());
    assertTrue(recompute.out().matches("(?s).*ran reduce \\[1\\] job_(?!local).*"),
        "the sub-job ran in YARN: " + recompute.out());

    Run clean = TestData.provmr(conf, "validate", "--output", wordcount, "--alerts",
        clusters.path("alerts-2"));
    assertEquals(0, clean.exitCode(), clean.out() + clean.err());
    assertPayloadIsPlainWordCount(wordcount);
    assertTrue(fs.exists(new Path(wordcount, "_provenance/backup")), "the old part is kept");
  }

  private void assertPayloadIsPlainWordCount(String out) throws Exception {
    Run payload = TestData.provmr(conf, "inspect", out, "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    assertEquals(plainWordCount, lines(payload.out()).stream().sorted()
        .collect(Collectors.toList()));
  }

  private static List<String> textLines() throws IOException {
    List<String> all = new ArrayList<>();
    FileSystem fs = clusters.fs();
    for (FileStatus st : fs.listStatus(new Path(text))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (!l.isEmpty()) {
            all.add(l);
          }
        }
      }
    }
    return all;
  }

  private static long records(StoredJob store) {
    return store.parts().stream().mapToLong(PartEntry::records).sum();
  }

  private static int count(String line) {
    return Integer.parseInt(line.substring(line.lastIndexOf('\t') + 1));
  }

  private static List<String> lines(String s) {
    return Arrays.stream(s.split("\n")).filter(l -> !l.isEmpty()).collect(Collectors.toList());
  }

  static List<String> sortedPartLines(FileSystem fs, Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (FileStatus st : fs.listStatus(dir, p -> p.getName().startsWith("part-"))) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(st.getPath()),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          lines.add(l);
        }
      }
    }
    lines.sort(null);
    return lines;
  }
}
