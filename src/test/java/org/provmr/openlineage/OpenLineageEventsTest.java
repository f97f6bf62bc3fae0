package org.provmr.openlineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * OpenLineage RunEvents from capture, validate and a failed job, received by a real HTTP
 * server on loopback (or read from the file transport) and validated against the official
 * OpenLineage JSON schema (spec 2-0-2, copied into test resources) and ProvMR's own facet
 * schema (docs/openlineage/ProvMRFacets.json), offline.
 */
class OpenLineageEventsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path shared;
  static Configuration conf;
  static org.apache.hadoop.fs.Path text;
  static JsonSchema runEvent;
  static JsonSchema provmrRunFacet;
  static JsonSchema provmrLineageFacet;
  static JsonSchema jobTypeFacet;
  static JsonSchema errorFacet;
  static JsonSchema parentFacet;

  @TempDir
  Path tmp;
  HttpServer receiver;
  final List<String> received = Collections.synchronizedList(new ArrayList<>());

  @BeforeAll
  static void setUp() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 64 * 1024);
    text = TestData.text(conf, shared.resolve("text"), 150 * 1024, 2);
    String facets = Path.of("docs/openlineage").toAbsolutePath().toUri().toString();
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
        b -> b.schemaMappers(m -> m
            .mapPrefix("https://openlineage.io/spec/2-0-2/", "classpath:openlineage/")
            .mapPrefix("https://openlineage.io/spec/facets/2-0-4/", "classpath:openlineage/")
            .mapPrefix("https://openlineage.io/spec/facets/1-0-1/", "classpath:openlineage/")
            .mapPrefix("https://openlineage.io/spec/facets/1-2-0/", "classpath:openlineage/")
            .mapPrefix("https://github.com/provmr/provmr/blob/0.1.0/docs/openlineage/",
                facets)));
    SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
        .formatAssertionsEnabled(true).build();
    runEvent = factory.getSchema(SchemaLocation.of(LineageEvent.SCHEMA_URL), config);
    provmrRunFacet = factory.getSchema(
        SchemaLocation.of(LineageEvent.FACETS_SCHEMA + "#/$defs/ProvMRRunFacet"), config);
    provmrLineageFacet = factory.getSchema(
        SchemaLocation.of(LineageEvent.FACETS_SCHEMA + "#/$defs/ProvMRLineageJobFacet"), config);
    jobTypeFacet = factory.getSchema(SchemaLocation.of(LineageEvent.JOB_TYPE_SCHEMA), config);
    errorFacet = factory.getSchema(SchemaLocation.of(LineageEvent.ERROR_SCHEMA), config);
    parentFacet = factory.getSchema(SchemaLocation.of(LineageEvent.PARENT_SCHEMA), config);
  }

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext("/api/v1/lineage", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(201, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterEach
  void stopReceiver() {
    receiver.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort();
  }

  @Test
  void runEmitsStartAndCompleteWithDatasetsLineageAndFiguresOverHttp() throws Exception {
    String out = tmp.resolve("wc").toUri().toString();
    Run run = TestData.provmr(conf, "run", "-q", "-D", "provenance.openlineage.url=" + url(),
        "wordcount", "--input", text.toString(), "--output", out);
    assertEquals(0, run.exitCode(), run.err());
    List<JsonNode> events = valid(received);
    assertEquals(List.of("START", "COMPLETE"), types(events));
    JsonNode start = events.get(0);
    JsonNode complete = events.get(1);
    assertEquals(start.at("/run/runId"), complete.at("/run/runId"));
    assertEquals("provmr", complete.at("/job/namespace").asText());
    assertEquals("provmr wordcount", complete.at("/job/name").asText());
    assertEquals("file", complete.at("/inputs/0/namespace").asText());
    assertEquals(new org.apache.hadoop.fs.Path(text.toUri()).toUri().getPath(),
        complete.at("/inputs/0/name").asText());
    assertEquals(tmp.resolve("wc").toString(), complete.at("/outputs/0/name").asText());
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out));
    assertEquals(store.job().jobId(), complete.at("/run/facets/provmr/hadoopJobId").asText());
    assertEquals(store.parts().stream().mapToLong(PartEntry::records).sum(),
        complete.at("/run/facets/provmr/figures/records").asLong());
    assertEquals(store.sources().size(),
        complete.at("/run/facets/provmr/figures/sources").asInt());
    JsonNode steps = complete.at("/job/facets/provmr_lineage/steps");
    assertEquals("org.provmr.examples.WordCount$TokenizerMapper",
        steps.get(0).path("className").asText());
    assertEquals("MAP", steps.get(0).path("stage").asText());
  }

  /** The API key goes as a bearer token, and the body as JSON. */
  @Test
  void theApiKeyIsSentAsABearerToken() throws Exception {
    List<String> auth = Collections.synchronizedList(new ArrayList<>());
    receiver.createContext("/auth/api/v1/lineage", exchange -> {
      auth.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
          + exchange.getRequestHeaders().getFirst("Content-Type"));
      try (InputStream in = exchange.getRequestBody()) {
        received.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    Configuration c = new Configuration(false);
    c.set("provenance.openlineage.url", url() + "/auth");
    c.set(LineageEmitter.API_KEY, "k3y");
    assertTrue(LineageEmitter.of(c).emit(new LineageEvent(LineageEvent.Type.START,
        LineageEvent.runIdOf("job_1_0003"), "j", "capture")));
    assertEquals(List.of("Bearer k3y application/json"), auth);
    valid(received);
  }

  @Test
  void aFailedDriverJobEmitsFailWithItsError() throws Exception {
    Configuration c = new Configuration(conf);
    c.set("provenance.openlineage.url", url());
    Job job = Job.getInstance(c, "failing");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, text);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("f").toUri()));
    ProvenanceJob.configure(job);
    assertFalse(job.waitForCompletion(false));
    List<JsonNode> events = valid(received);
    assertEquals(List.of("START", "FAIL"), types(events));
    JsonNode fail = events.get(1);
    assertEquals("failing", fail.at("/job/name").asText());
    assertTrue(fail.at("/run/facets/errorMessage/message").asText().contains("failed"),
        fail.toString());
  }

  @Test
  void anUnreachableEndpointNeverFailsTheJob() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Run run = TestData.provmr(conf, "run", "-q", "-D",
        "provenance.openlineage.url=http://127.0.0.1:" + closed, "-D",
        "provenance.openlineage.timeout=500ms", "wordcount", "--input", text.toString(),
        "--output", tmp.resolve("wc").toUri().toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(Files.exists(tmp.resolve("wc").resolve("_SUCCESS")));
  }

  @Test
  void validateWritesStartAndCompleteWithFindingsToTheFileTransport() throws Exception {
    String out = tmp.resolve("wc").toUri().toString();
    assertEquals(0, TestData.provmr(conf, "run", "-q", "wordcount", "--input",
        text.toString(), "--output", out).exitCode());
    Path file = tmp.resolve("events.jsonl");
    Run run = TestData.provmr(conf, "validate", "-q", "-D",
        "provenance.openlineage.transport=file", "-D", "provenance.openlineage.file=" + file,
        "--output", out, "--alerts", tmp.resolve("alerts").toUri().toString());
    assertEquals(0, run.exitCode(), run.err());
    List<JsonNode> events = valid(Files.readAllLines(file));
    assertEquals(List.of("START", "COMPLETE"), types(events));
    JsonNode complete = events.get(1);
    assertEquals("validate", complete.at("/run/facets/provmr/command").asText());
    assertEquals(0, complete.at("/run/facets/provmr/figures/findings").asLong());
    assertTrue(complete.at("/run/facets/provmr/figures/RECORDS_CHECKED").asLong() > 0);
    assertEquals(tmp.resolve("wc").toString(), complete.at("/inputs/0/name").asText());
    assertEquals(tmp.resolve("alerts").toString(), complete.at("/outputs/0/name").asText());
  }

  @Test
  void recomputeSubJobsNameTheRecomputeRunAsTheirParent() throws Exception {
    String out = tmp.resolve("wc").toUri().toString();
    assertEquals(0, TestData.provmr(conf, "run", "-q", "wordcount", "--input",
        text.toString(), "--output", out).exitCode());
    org.provmr.testing.Outputs.corrupt(tmp.resolve("wc").resolve("part-r-00000"));
    String alerts = tmp.resolve("alerts").toUri().toString();
    assertEquals(3, TestData.provmr(conf, "validate", "-q", "--output", out, "--alerts",
        alerts).exitCode());
    Path file = tmp.resolve("events.jsonl");
    Run run = TestData.provmr(conf, "recompute", "-q", "-D",
        "provenance.openlineage.transport=file", "-D", "provenance.openlineage.file=" + file,
        "--alerts", alerts);
    assertEquals(0, run.exitCode(), run.err());
    List<JsonNode> events = valid(Files.readAllLines(file));
    JsonNode recompute = events.get(0);
    assertEquals("START", recompute.at("/eventType").asText());
    assertEquals("recompute", recompute.at("/run/facets/provmr/command").asText());
    assertTrue(recompute.at("/run/facets/parent").isMissingNode(), recompute.toString());
    String parentId = recompute.at("/run/runId").asText();
    List<JsonNode> subJobs = events.stream()
        .filter(e -> e.at("/run/facets/provmr/command").asText().equals("capture")).toList();
    assertEquals(List.of("START", "COMPLETE"), types(subJobs));
    for (JsonNode e : subJobs) {
      assertEquals(parentId, e.at("/run/facets/parent/run/runId").asText(), e.toString());
      assertEquals("provmr recompute", e.at("/run/facets/parent/job/name").asText());
      assertEquals("provmr", e.at("/run/facets/parent/job/namespace").asText());
    }
    JsonNode last = events.get(events.size() - 1);
    assertEquals("COMPLETE", last.at("/eventType").asText());
    assertEquals(parentId, last.at("/run/runId").asText());
  }

  @Test
  void aBadTransportIsAUsageErrorBeforeAnythingRuns() throws Exception {
    Run run = TestData.provmr(conf, "run", "-D", "provenance.openlineage.transport=kafka",
        "wordcount", "--input", text.toString(), "--output", tmp.resolve("x").toUri()
            .toString());
    assertEquals(2, run.exitCode(), run.err());
    assertTrue(run.err().contains("provenance.openlineage.transport='kafka'"), run.err());
    assertFalse(Files.exists(tmp.resolve("x")));
  }

  /**
   * Names and parameters come from the job's owner and from upstream stores: controls, bidi
   * overrides, a lone surrogate and quotes still give one valid event, sent as UTF-8.
   */
  @Test
  void hostileStringsStillGiveAValidEvent() throws Exception {
    String odd = "a\u0000\n\u001b[31m\u202e\"}\\\ud800z";
    java.util.TreeMap<String, String> params = new java.util.TreeMap<>();
    params.put(odd, odd);
    org.provmr.lineage.Lineage up = org.provmr.lineage.Lineage.of(List.of(
        new org.provmr.lineage.Step(odd, org.provmr.lineage.Stage.MAP, odd, odd, params)),
        List.of());
    LineageEvent e = new LineageEvent(LineageEvent.Type.FAIL, LineageEvent.runIdOf(odd), odd,
        "capture").hadoopJob(odd).figure(odd, odd).error(odd)
        .lineage(org.provmr.lineage.Lineage.of(List.of(), List.of(up)))
        .input(java.net.URI.create("hdfs://nn_1/d%0A%22x")).output(new java.io.File(odd
            .replace("\u0000", "")).toURI());
    Path events = tmp.resolve("events.jsonl");
    Configuration c = new Configuration(false);
    c.set("provenance.openlineage.transport", "file");
    c.set("provenance.openlineage.file", events.toString());
    assertTrue(LineageEmitter.of(c).emit(e));
    List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
    assertEquals(1, lines.size(), lines.toString());
    valid(lines);
  }

  /**
   * A job reading 5,000 paths, with a recorded parameter of 200,000 characters and 300
   * upstream steps: its event was sent whole, however large. Past
   * provenance.openlineage.max.event.bytes the datasets and steps that do not fit are left out
   * (this job's own steps kept first) and long values cut, all counted in the facet and a WARN;
   * the event is still one valid JSON object within the limit.
   */
  @Test
  void anEventOverTheSizeLimitLeavesOutDatasetsAndStepsAndSaysHowMany() throws Exception {
    java.util.TreeMap<String, String> params = new java.util.TreeMap<>();
    params.put("inputs", "x".repeat(200_000));
    List<org.provmr.lineage.Step> upSteps = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      upSteps.add(org.provmr.lineage.Step.of("job_up_" + i, org.provmr.lineage.Stage.MAP, null,
          "org.example.Upstream" + i, new java.util.TreeMap<>(java.util.Map.of("k", "v" + i))));
    }
    org.provmr.lineage.Lineage lineage = org.provmr.lineage.Lineage.of(List.of(
        org.provmr.lineage.Step.of("job_1_0001", org.provmr.lineage.Stage.MAP, null,
            "org.example.OwnMapper", params)),
        List.of(org.provmr.lineage.Lineage.of(upSteps, List.of())));
    LineageEvent e = new LineageEvent(LineageEvent.Type.COMPLETE,
        LineageEvent.runIdOf("job_1_0001"), "big", "capture").hadoopJob("job_1_0001")
        .lineage(lineage).output(java.net.URI.create("hdfs://nn:8020/out"));
    for (int i = 0; i < 5000; i++) {
      e.input(java.net.URI.create(String.format("hdfs://nn:8020/data/in/file-%05d", i)));
    }
    Path events = tmp.resolve("events.jsonl");
    Configuration c = new Configuration(false);
    c.set("provenance.openlineage.transport", "file");
    c.set("provenance.openlineage.file", events.toString());
    c.set("provenance.openlineage.max.event.bytes", "64k");
    List<String> warned;
    try (org.provmr.testing.LogLines warn = org.provmr.testing.LogLines.of(
        LineageEmitter.class, org.apache.log4j.Level.WARN, "OpenLineage COMPLETE event cut")) {
      assertTrue(LineageEmitter.of(c).emit(e));
      warned = warn.lines();
    }
    List<String> lines = Files.readAllLines(events, StandardCharsets.UTF_8);
    assertEquals(1, lines.size());
    assertTrue(lines.get(0).getBytes(StandardCharsets.UTF_8).length <= 64 * 1024,
        lines.get(0).length() + " characters");
    JsonNode sent = valid(lines).get(0);
    JsonNode cut = sent.at("/run/facets/provmr/truncated");
    int inputs = sent.path("inputs").size();
    JsonNode steps = sent.at("/job/facets/provmr_lineage/steps");
    assertTrue(inputs > 0 && inputs < 5000, inputs + " inputs");
    assertEquals(5000 - inputs, cut.path("inputsOmitted").asLong(), cut::toString);
    assertEquals(0, cut.path("outputsOmitted").asLong(), cut::toString);
    assertEquals(1, sent.path("outputs").size());
    assertEquals(301 - steps.size(), cut.path("stepsOmitted").asLong(), cut::toString);
    assertTrue(cut.path("stepsOmitted").asLong() > 0, cut::toString);
    assertEquals(65536, cut.path("maxEventBytes").asLong());
    // this job's own step is kept, last as before, its long value cut and saying so
    JsonNode own = steps.get(steps.size() - 1);
    assertEquals("org.example.OwnMapper", own.path("className").asText());
    assertTrue(own.at("/params/inputs").asText().endsWith(" more characters cut:"
        + " provenance.openlineage.max.event.bytes)"), own.toString());
    assertEquals(1, warned.size(), warned::toString);
    assertTrue(warned.get(0).contains((5000 - inputs) + " inputs"), warned.get(0));
  }

  /** An event that even without datasets and steps is over the limit is not sent at all. */
  @Test
  void anEventThatCannotBeMadeToFitIsNotSentAndATooSmallLimitIsRefused() throws Exception {
    LineageEvent e = new LineageEvent(LineageEvent.Type.COMPLETE,
        LineageEvent.runIdOf("job_1_0002"), "figures", "validate");
    for (int i = 0; i < 300; i++) {
      e.figure("FINDING_" + i, "y".repeat(100));
    }
    Path events = tmp.resolve("events.jsonl");
    Configuration c = new Configuration(false);
    c.set("provenance.openlineage.transport", "file");
    c.set("provenance.openlineage.file", events.toString());
    c.set("provenance.openlineage.max.event.bytes", "4k");
    assertFalse(LineageEmitter.of(c).emit(e));
    assertFalse(Files.exists(events), "nothing written, not even part of the event");
    c.set("provenance.openlineage.max.event.bytes", "1k");
    IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(
        org.provmr.conf.BadConfigurationException.class, () -> LineageEmitter.of(c));
    assertTrue(bad.getMessage().contains("provenance.openlineage.max.event.bytes"),
        bad.getMessage());
  }

  @Test
  void theSchemaCheckRejectsABrokenEvent() {
    com.fasterxml.jackson.databind.node.ObjectNode e = new LineageEvent(
        LineageEvent.Type.START, LineageEvent.runIdOf("job_1_0001"), "j", "capture")
        .toJson("provmr");
    assertTrue(runEvent.validate(e).isEmpty(), runEvent.validate(e).toString());
    ((com.fasterxml.jackson.databind.node.ObjectNode) e.get("run")).remove("runId");
    e.put("eventTime", "yesterday");
    assertEquals(2, runEvent.validate(e).size(), runEvent.validate(e).toString());
    JsonNode parent = new LineageEvent(LineageEvent.Type.START,
        LineageEvent.runIdOf("job_1_0002"), "j", "capture")
        .parent(LineageEvent.runIdOf("job_1_0001"), "provmr recompute").toJson("provmr")
        .at("/run/facets/parent");
    assertTrue(parentFacet.validate(parent).isEmpty(), parentFacet.validate(parent).toString());
    ((com.fasterxml.jackson.databind.node.ObjectNode) parent.get("job")).remove("name");
    assertEquals(1, parentFacet.validate(parent).size(), parentFacet.validate(parent).toString());
  }

  @Test
  void datasetNamesFollowOpenLineageNaming() {
    assertEquals("hdfs://nn:8020", DatasetNames.namespace(java.net.URI.create("hdfs://nn/d/x")));
    assertEquals("hdfs://nn:9000",
        DatasetNames.namespace(java.net.URI.create("hdfs://nn:9000/d/x/")));
    assertEquals("/d/x", DatasetNames.name(java.net.URI.create("hdfs://nn:9000/d/x/")));
    assertEquals("file", DatasetNames.namespace(java.net.URI.create("file:/tmp/a")));
    assertEquals("s3a://bucket", DatasetNames.namespace(java.net.URI.create("s3a://bucket/k")));
  }

  /** Parses and validates every event and its facets; fails with the schema's messages. */
  private static List<JsonNode> valid(List<String> bodies) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String body : new ArrayList<>(bodies)) {
      JsonNode e = JSON.readTree(body);
      check(runEvent, e, body);
      check(provmrRunFacet, e.at("/run/facets/provmr"), body);
      check(jobTypeFacet, e.at("/job/facets/jobType"), body);
      if (e.at("/job/facets/provmr_lineage").isObject()) {
        check(provmrLineageFacet, e.at("/job/facets/provmr_lineage"), body);
      }
      if (e.at("/run/facets/errorMessage").isObject()) {
        check(errorFacet, e.at("/run/facets/errorMessage"), body);
      }
      if (e.at("/run/facets/parent").isObject()) {
        check(parentFacet, e.at("/run/facets/parent"), body);
      }
      events.add(e);
    }
    return events;
  }

  private static void check(JsonSchema schema, JsonNode node, String body) {
    assertFalse(node.isMissingNode(), "missing facet in " + body);
    Set<ValidationMessage> errors = schema.validate(node);
    assertTrue(errors.isEmpty(), errors + " in " + body);
  }

  private static List<String> types(List<JsonNode> events) {
    return events.stream().map(e -> e.path("eventType").asText()).toList();
  }

  /** Fails its task after 100 records. */
  public static class FailingMapper
      extends org.provmr.mapreduce.ProvenanceMapper<Object, Text, Text, NullWritable> {
    private int seen;

    @Override
    public void map(Object key, Text value, Context context)
        throws IOException, InterruptedException {
      context.write(value, NullWritable.get());
      if (++seen == 100) {
        throw new IOException("injected failure");
      }
    }
  }
}
