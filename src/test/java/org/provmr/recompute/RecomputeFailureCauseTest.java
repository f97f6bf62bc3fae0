package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.store.StoreJson;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.provmr.wrap.ForeignJar;

/**
 * A recompute stage that fails says why, in what it prints and in its report, instead of
 * Hadoop's "failed: NA": crafted store entries and a wrapped job's missing jar, each the way a
 * user meets them (capture, damage, validate, then recompute through the command line).
 */
class RecomputeFailureCauseTest {
  private static final String ALLOW_THIRD_PARTY = "provenance.recompute.allowed.classes="
      + "org.provmr.*,org.apache.hadoop.*,java.lang.*,com.example.thirdparty.*";

  @TempDir
  static Path shared;
  static Configuration conf;
  static Path text;

  @TempDir
  Path tmp;

  @BeforeAll
  static void input() throws IOException {
    conf = TestData.localConf(shared);
    text = shared.resolve("text");
    TestData.text(conf, text, 16 * 1024, 1);
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run provmr(String... args) throws Exception {
    return TestData.provmr(conf, args);
  }

  /** A wordcount output with one damaged part, validated into alerts {@code a1}. */
  private Path damagedWordcount() throws Exception {
    Run run = provmr("run", "wordcount", "--input", text.toString(), "--output", uri("wc"),
        "--reduces", "1");
    assertEquals(0, run.exitCode(), run.err());
    Outputs.corrupt(tmp.resolve("wc/part-r-00000"));
    assertEquals(ExitCodes.FINDINGS, provmr("validate", "--alerts", uri("a1"), "--output",
        uri("wc")).exitCode());
    return tmp.resolve("wc");
  }

  /** Rewrites one store file through {@code edit}, as a user with write access could. */
  private static void editStore(Path file, java.util.function.Consumer<JsonNode> edit)
      throws IOException {
    org.provmr.testing.StoreEdits.toVersion1(file.getParent().getParent());
    JsonNode tree = StoreJson.mapper().readTree(file.toFile());
    edit.accept(tree);
    Files.writeString(file, StoreJson.mapper().writeValueAsString(tree));
    Outputs.dropCrc(file);
  }

  private static List<String> reportedCauses(Path alerts, String output) throws IOException {
    try (Stream<Path> files = Files.list(alerts)) {
      Path json = files.filter(p -> p.getFileName().toString().matches("recompute-.*\\.json"))
          .findFirst().orElseThrow(() -> new AssertionError("no recompute report"));
      List<String> causes = new ArrayList<>();
      StoreJson.mapper().readTree(json.toFile()).path("causes").path(output)
          .forEach(c -> causes.add(c.asText()));
      return causes;
    }
  }

  private static void assertNoNa(Run run) {
    assertFalse(run.out().contains(": NA") || run.err().contains(": NA"),
        "Hadoop's cause-less answer must not be what the user sees:\n" + run.out() + run.err());
  }

  @Test
  void sourceEntryNamingAMissingFilePrintsThatEntryAndFile() throws Exception {
    Path wc = damagedWordcount();
    byte[] part = Files.readAllBytes(wc.resolve("part-r-00000"));
    // Inside the source roots (else the fence refuses it first, exit 4): a file that was there.
    String missing = text.resolve("gone.txt").toUri().toString();
    editStore(wc.resolve("_provenance/sources.json"),
        t -> ((ObjectNode) t.get(0)).put("uri", missing));

    Run rc = provmr("recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.FAILURE, rc.exitCode(), rc.out() + rc.err());
    String output = "file:" + wc;
    assertTrue(rc.out().contains("FAILED " + output + ": Cannot recompute " + output
        + ": source entry 0 of its lineage store (_provenance/sources.json) names " + missing
        + ", which does not exist"), rc.out());
    assertNoNa(rc);
    List<String> causes = reportedCauses(tmp.resolve("a1"), output);
    assertTrue(causes.get(0).startsWith("java.io.FileNotFoundException: Cannot recompute "),
        causes.toString());
    assertTrue(java.util.Arrays.equals(part, Files.readAllBytes(wc.resolve("part-r-00000"))),
        "nothing swapped in");
  }

  @Test
  void storeNamingAMapperThatIsNoMapperPrintsTheTasksErrorWithItsCauses() throws Exception {
    // Loads fine before submission, fails in the map task: the cause comes from the task.
    Path wc = damagedWordcount();
    editStore(wc.resolve("_provenance/job.json"), t -> ((ObjectNode) t.get("configuration"))
        .put("mapreduce.job.map.class", "java.lang.String"));

    Run rc = provmr("recompute", "--alerts", uri("a1"));
    assertEquals(ExitCodes.FAILURE, rc.exitCode(), rc.out() + rc.err());
    String taskError = "java.lang.ClassCastException: class java.lang.String cannot be cast to"
        + " class org.apache.hadoop.mapreduce.Mapper";
    assertTrue(rc.out().matches("(?s).*FAILED file:\\S+: Recompute sub-job job_\\S+ \\(reduce"
        + " \\[0] of file:\\S+\\) failed: " + taskError + ".*"), rc.out());
    assertTrue(rc.out().contains("    caused by: " + taskError), rc.out());
    assertNoNa(rc);
    List<String> causes = reportedCauses(tmp.resolve("a1"), "file:" + wc);
    assertEquals(2, causes.size(), causes.toString());
    assertTrue(causes.get(0).startsWith("java.io.IOException: Recompute sub-job"),
        causes.get(0));
    assertTrue(causes.get(1).startsWith(taskError), causes.get(1));
  }

  /** A map-only wrap of the foreign jar's mapper, one part damaged, validated into a1. */
  private File damagedWrappedJob() throws Exception {
    File jar = ForeignJar.build(tmp.resolve("build"));
    Run run = provmr("wrap", "--jar", jar.toString(), "--mapper", ForeignJar.MAPPER, "--input",
        text.toString(), "--output", uri("wrapped"));
    assertEquals(0, run.exitCode(), run.err());
    Outputs.corrupt(tmp.resolve("wrapped/part-m-00000"));
    assertEquals(ExitCodes.FINDINGS, provmr("validate", "--alerts", uri("a1"), "--output",
        uri("wrapped")).exitCode());
    return jar;
  }

  @Test
  void wrappedJobWhoseJarIsGonePrintsTheJarAndHowToPassIt() throws Exception {
    File jar = damagedWrappedJob();
    assertTrue(jar.delete());

    Run rc = provmr("recompute", "-D", ALLOW_THIRD_PARTY, "--alerts", uri("a1"));
    assertEquals(ExitCodes.FAILURE, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.out().contains("its job ran " + ForeignJar.MAPPER
        + " (provenance.wrap.mapper.class), which is not on the class path. The job was wrapped"
        + " with classes from file:" + jar.getPath() + " (recorded in its lineage store), and"
        + " file:" + jar.getPath() + " no longer exists: restore it, then pass it with -libjars"),
        rc.out());
    assertTrue(rc.out().contains("    caused by: java.lang.ClassNotFoundException: "
        + ForeignJar.MAPPER), rc.out());
    assertNoNa(rc);
    assertEquals(ExitCodes.FINDINGS, provmr("validate", "--alerts", uri("a2"), "--output",
        uri("wrapped")).exitCode(), "the damaged part is still there: nothing was swapped in");
  }

  @Test
  void wrappedJobRecomputesWhenItsJarIsPassedWithLibjars() throws Exception {
    File jar = damagedWrappedJob();
    Run rc = provmr("recompute", "-libjars", jar.toString(), "-D", ALLOW_THIRD_PARTY,
        "--alerts", uri("a1"));
    assertEquals(0, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.out().contains("committed "), rc.out());
    Run again = provmr("validate", "--alerts", uri("a2"), "--output", uri("wrapped"));
    assertEquals(0, again.exitCode(), again.out() + again.err());
  }
}
