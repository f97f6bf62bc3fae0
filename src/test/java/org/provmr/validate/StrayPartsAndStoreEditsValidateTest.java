package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.provmr.validate.ValidationFixtures.conf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.mapreduce.ProvenanceInputFormat;
import org.provmr.store.LineageStore;
import org.provmr.testing.TestData.Run;

/**
 * Files in an output that its lineage store does not describe (a stray copy of a part, another
 * output's part, an older copy of a part) and edits of the store itself are findings, each
 * named for what it is; readers refuse stray files instead of reading them.
 */
class StrayPartsAndStoreEditsValidateTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path dir;
  static Configuration conf;
  static String text;
  static String wordcount;
  static ValidationFixtures.Validation sweep;
  static final List<String> OUTPUTS = new ArrayList<>();

  @BeforeAll
  static void injectAndSweep() throws Exception {
    conf = conf(dir);
    text = uri("text");
    wordcount = uri("wordcount");
    ValidationFixtures.generate(conf, text);
    ValidationFixtures.wordcount(conf, text, wordcount);
    String other = uri("other-wordcount");
    ValidationFixtures.wordcount(conf, text, other);
    OUTPUTS.add(wordcount);

    String copied = copyOf("copied-part");
    ValidationFixtures.copy(conf, copied + "/part-r-00001", copied + "/part-r-00002");

    String foreign = copyOf("foreign-part");
    ValidationFixtures.write(conf, part(foreign, "part-r-00000"),
        ValidationFixtures.read(conf, part(other, "part-r-00000")));

    editParts(copyOf("negative-records"), parts -> ((ObjectNode) parts.get(0))
        .put("records", -5));
    editParts(copyOf("duplicate-entry"), parts -> parts.add(parts.get(0).deepCopy()));
    editParts(copyOf("unknown-source-set"), parts -> ((ArrayNode) parts.get(1)
        .get("sourceSets").get(0)).add(99));
    ValidationFixtures.editManifest(conf, copyOf("bogus-positions"), 0, "positions", "lines");

    List<String> args = new ArrayList<>();
    for (String o : OUTPUTS) {
      args.add("--output");
      args.add(o);
    }
    sweep = ValidationFixtures.validate(conf, uri("alerts"), args.toArray(new String[0]));
  }

  private static String uri(String name) {
    String u = dir.resolve(name).toUri().toString();
    return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
  }

  private static org.apache.hadoop.fs.Path part(String output, String name) {
    return new org.apache.hadoop.fs.Path(output, name);
  }

  private static String copyOf(String name) throws Exception {
    String to = uri(name);
    ValidationFixtures.copy(conf, wordcount, to);
    OUTPUTS.add(to);
    return to;
  }

  private static void editParts(String output, Consumer<ArrayNode> change) throws IOException {
    org.provmr.testing.StoreEdits.toVersion1(new java.io.File(java.net.URI.create(output).getPath()).toPath());
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(
        new org.apache.hadoop.fs.Path(output, LineageStore.DIR), LineageStore.PARTS_FILE);
    JsonNode parts = JSON.readTree(ValidationFixtures.read(conf, file));
    change.accept((ArrayNode) parts);
    ValidationFixtures.write(conf, file, JSON.writeValueAsBytes(parts));
  }

  private static Alert only(String name) {
    String out = new org.apache.hadoop.fs.Path(uri(name)).toString();
    List<Alert> a = sweep.alerts().stream().filter(x -> x.output().equals(out)).toList();
    assertEquals(1, a.size(), () -> name + ": " + a);
    return a.get(0);
  }

  @Test
  void copyOfAPartUnderANewNameIsAnUnlistedPartNamedAsACopy() {
    Alert a = only("copied-part");
    assertEquals(AlertType.UNLISTED_PART, a.type());
    assertEquals("not_in_store", a.reason());
    assertEquals("part-r-00002", a.part());
    assertEquals(2, a.version());
    assertTrue(a.message().startsWith("part-r-00002 in " + new org.apache.hadoop.fs.Path(
        uri("copied-part")) + " is a file of "), a.message());
    assertTrue(a.message().contains("that the lineage store does not list; it is a copy of"
        + " part-r-00001 (same length and checksum)"), a.message());
  }

  @Test
  void downstreamJobRefusesToReadTheStrayPartInsteadOfDoublingItsCounts() throws Exception {
    Run r = ValidationFixtures.provmr(conf, "run", "topk", "--input", uri("copied-part"),
        "--output", uri("topk-of-copied"), "--k", "5");
    assertEquals(ExitCodes.FAILURE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(part(uri("copied-part"), "part-r-00002")
        + " is not a part of the output"), r.err());
    assertTrue(r.err().contains("does not list it"), r.err());
    Run inspect = ValidationFixtures.provmr(conf, "inspect", uri("copied-part"), "--payload");
    assertEquals(ExitCodes.FAILURE, inspect.exitCode());
    assertTrue(inspect.err().contains("part-r-00002 is not a part of the output"),
        inspect.err());
    assertEquals("", inspect.out());
  }

  @Test
  void provenanceInputFormatFailsTheJobNamingTheStrayPartAndReadsCleanOutputs()
      throws Exception {
    org.apache.hadoop.mapreduce.Job job = org.apache.hadoop.mapreduce.Job.getInstance(conf);
    org.apache.hadoop.mapreduce.lib.input.FileInputFormat.addInputPath(job,
        new org.apache.hadoop.fs.Path(uri("copied-part")));
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> new ProvenanceInputFormat<>().getSplits(job));
    assertTrue(e.getMessage().startsWith(part(uri("copied-part"), "part-r-00002")
        + " is not a part of the output "), e.getMessage());
    org.apache.hadoop.mapreduce.Job clean = org.apache.hadoop.mapreduce.Job.getInstance(conf);
    org.apache.hadoop.mapreduce.lib.input.FileInputFormat.addInputPath(clean,
        new org.apache.hadoop.fs.Path(wordcount));
    assertEquals(2, new ProvenanceInputFormat<>().getSplits(clean).size());
  }

  @Test
  void recomputePlanDefersStrayPartsAndRefusesInconsistentStores() throws Exception {
    Run r = ValidationFixtures.provmr(conf, "recompute", "--alerts", uri("alerts"),
        "--dry-run");
    assertEquals(ExitCodes.OK, r.exitCode(), r.out() + r.err());
    String copied = new org.apache.hadoop.fs.Path(uri("copied-part")).toString();
    assertTrue(r.out().contains("deferred " + copied + " part-r-00002: the file is not part of"
        + " the output (the lineage store does not list it), so recomputing cannot fix it"),
        r.out());
    String negative = new org.apache.hadoop.fs.Path(uri("negative-records")).toString();
    assertTrue(r.out().contains("deferred " + negative + " all findings: refused: alert "),
        r.out());
    assertTrue(r.out().contains("says the lineage store itself is not trustworthy"
        + " (store_inconsistent invalid_entry)"), r.out());
    // The replaced part is recomputed like any damaged part.
    assertTrue(r.out().contains(new org.apache.hadoop.fs.Path(uri("foreign-part")).toString()),
        r.out());
  }

  @Test
  void anotherOutputsPartInAPartsPlaceIsReportedReplacedNotTruncated() {
    Alert a = only("foreign-part");
    assertEquals(AlertType.CHECKSUM_MISMATCH, a.type());
    assertEquals(Alert.PART_REPLACED, a.reason());
    assertEquals("part-r-00000", a.part());
    assertEquals(2, a.version());
    assertTrue(a.message().contains("is not the part the lineage store records: it was"
        + " written by task attempt_"), a.message());
    assertTrue(a.message().endsWith("it is another output's part, or an earlier version of"
        + " this one from a recompute run"), a.message());
    assertNotEquals(a.expected(), a.actual());
  }

  @Test
  void olderCopyOfAPartPutBackAfterARecomputeIsReportedReplaced() throws Exception {
    String restored = uri("restored");
    ValidationFixtures.copy(conf, wordcount, restored);
    org.apache.hadoop.fs.Path part = part(restored, "part-r-00000");
    byte[] original = ValidationFixtures.read(conf, part);
    ValidationFixtures.RecordAt r = ValidationFixtures.records(conf, part).get(2);
    ValidationFixtures.edit(conf, part, b -> b[(int) r.offset() + 9] ^= 0x01);
    assertEquals(ExitCodes.FINDINGS, ValidationFixtures.validate(conf, uri("restored-1"),
        "--output", restored).exitCode());
    ValidationFixtures.ok(conf, "recompute", "--alerts", uri("restored-1"));
    ValidationFixtures.write(conf, part, original); // someone puts the old copy back

    ValidationFixtures.Validation v = ValidationFixtures.validate(conf, uri("restored-2"),
        "--output", restored);
    assertEquals(ExitCodes.FINDINGS, v.exitCode());
    assertEquals(1, v.alerts().size(), v.alerts().toString());
    Alert a = v.alerts().get(0);
    assertEquals(Alert.PART_REPLACED, a.reason());
    assertEquals("part-r-00000", a.part());
    assertTrue(a.message().endsWith("it is an older copy of this part from the job that wrote"
        + " the output (the store's copy was written later, by task "
        + ValidationFixtures.store(conf, restored).part("part-r-00000").task() + ")"),
        a.message());
  }

  @Test
  void negativeRecordCountIsAStoreInconsistencyNamingFileAndEntry() {
    Alert a = only("negative-records");
    assertEquals(AlertType.STORE_INCONSISTENT, a.type());
    assertEquals("invalid_entry", a.reason());
    assertEquals(Alert.SCOPE_STORE, a.scope());
    assertEquals("part-r-00000", a.part());
    assertTrue(a.message().startsWith("_provenance/parts.json: part part-r-00000: records -5,"),
        a.message());
  }

  @Test
  void duplicatePartEntryIsAStoreInconsistency() {
    Alert a = only("duplicate-entry");
    assertEquals(AlertType.STORE_INCONSISTENT, a.type());
    assertEquals("duplicate_entry", a.reason());
    assertEquals("_provenance/parts.json: part part-r-00000: the name appears twice",
        a.message());
  }

  @Test
  void sourceSetNamingAnUnknownSourceIsAStoreInconsistency() {
    Alert a = only("unknown-source-set");
    assertEquals(AlertType.STORE_INCONSISTENT, a.type());
    assertEquals("unknown_reference", a.reason());
    assertEquals("part-r-00001", a.part());
    assertNull(a.dataId(), "source 99 does not exist: no DataID to name");
    assertTrue(a.message().endsWith("source set 0 names source 99, which is not among the"
        + " part's sources"), a.message());
  }

  @Test
  void bogusPositionsAreAStoreInconsistency() {
    Alert a = only("bogus-positions");
    assertEquals(AlertType.STORE_INCONSISTENT, a.type());
    assertEquals(0, a.dataId().sourceId());
    assertEquals("_provenance/sources.json: source 0: positions 'lines' is neither bytes nor"
        + " ordinal", a.message());
  }

  @Test
  void untouchedOutputHasNoFindingsAndTheSweepExitsThreeWithMatchingCounters() {
    String clean = new org.apache.hadoop.fs.Path(wordcount).toString();
    assertEquals(List.of(), sweep.alerts().stream().filter(a -> a.output().equals(clean))
        .toList());
    assertEquals(ExitCodes.FINDINGS, sweep.exitCode(), sweep.out() + sweep.err());
    assertEquals(6, sweep.alerts().size(), sweep.alerts().toString());
    assertEquals(1, sweep.counter(ValidationCounters.UNLISTED_PART));
    assertEquals(4, sweep.counter(ValidationCounters.STORE_INCONSISTENT));
    assertEquals(1, sweep.counter(ValidationCounters.CHECKSUM_MISMATCH));
    assertEquals(OUTPUTS.size(), sweep.counter(ValidationCounters.STORES_CHECKED));
    assertTrue(sweep.out().contains("6 findings: "), sweep.out());
    assertTrue(sweep.out().contains("unlisted_part 1"), sweep.out());
  }
}
