package org.provmr.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.provmr.lineage.Lineage;

/** Each kind of store edit is found by the consistency check, naming the file and the entry. */
class StoreConsistencyTest {
  private static final String CRC = "0badcafe";

  private static JobRecord job() {
    return new JobRecord(1, "job_1_0001", "wc", "u", 0, "compact", "crc32c",
        List.of("file:/in"), List.of(new LineageEntry(0, Lineage.empty())), null);
  }

  private static SourceEntry source(int id) {
    return new SourceEntry(id, "file:/in/a.txt", 100L * id, 100, 1000, 1, "bytes", "crc32c", CRC,
        64, List.of(CRC, CRC), null);
  }

  private static PartEntry part(String name) {
    return new PartEntry(name, "attempt_1_0001_r_000000_0", 10, 500, "crc32c", CRC, "compact",
        0, 0, 90, SourceIds.of(0, 1), List.of(SourceIds.of(0), SourceIds.of(0, 1)), null, 0,
        "nonce", null, 0, null);
  }

  private static StoredJob store(List<SourceEntry> sources, List<PartEntry> parts) {
    return new StoredJob(new Path("file:/out"), job(), sources, parts);
  }

  private static StoredJob clean() {
    return store(List.of(source(0), source(1)), List.of(part("part-r-00000")));
  }

  private static List<StoreConsistency.Problem> withPart(UnaryOperator<PartEntry> edit) {
    PartEntry p = edit.apply(part("part-r-00000"));
    return StoreConsistency.check(store(List.of(source(0), source(1)), List.of(p)));
  }

  private static StoreConsistency.Problem only(List<StoreConsistency.Problem> problems) {
    assertEquals(1, problems.size(), problems::toString);
    return problems.get(0);
  }

  private static PartEntry copy(PartEntry p, long records, long bytes, SourceIds sources,
      List<SourceIds> sets) {
    return new PartEntry(p.name(), p.task(), records, bytes, p.checksumAlgorithm(), p.checksum(),
        p.headerMode(), p.timestampBase(), p.lineageId(), p.headerBytes(), sources, sets,
        null, 0, p.identity(), p.macKeyId(), p.macChunkBytes(), p.macs());
  }

  @Test
  void storeAsWrittenHasNoProblems() {
    assertEquals(List.of(), StoreConsistency.check(clean()));
  }

  @Test
  void negativeRecordCountIsAnInvalidEntryNamingThePart() {
    StoreConsistency.Problem p = only(withPart(e -> copy(e, -5, e.bytes(), e.sources(),
        e.sourceSets())));
    assertEquals(StoreConsistency.INVALID, p.reason());
    assertEquals(LineageStore.PARTS_FILE, p.file());
    assertEquals("part-r-00000", p.part());
    assertEquals("part part-r-00000: records -5, bytes 500, headerBytes 90: counts cannot be"
        + " negative", p.message());
  }

  @Test
  void duplicatePartEntryIsReported() {
    StoreConsistency.Problem p = only(StoreConsistency.check(store(List.of(source(0),
        source(1)), List.of(part("part-r-00000"), part("part-r-00000")))));
    assertEquals(StoreConsistency.DUPLICATE, p.reason());
    assertEquals("part part-r-00000: the name appears twice", p.message());
  }

  @Test
  void duplicateSourceIdIsReported() {
    StoreConsistency.Problem p = only(StoreConsistency.check(store(List.of(source(0), source(1),
        source(1)), List.of(part("part-r-00000")))));
    assertEquals(StoreConsistency.DUPLICATE, p.reason());
    assertEquals(LineageStore.SOURCES_FILE, p.file());
    assertEquals(1, p.sourceId());
  }

  @Test
  void sourceSetNamingASourceThePartDoesNotReadIsAnUnknownReference() {
    StoreConsistency.Problem p = only(withPart(e -> copy(e, e.records(), e.bytes(), e.sources(),
        List.of(SourceIds.of(0), SourceIds.of(0, 7)))));
    assertEquals(StoreConsistency.UNKNOWN_REFERENCE, p.reason());
    assertEquals(7, p.sourceId());
    assertEquals("part part-r-00000: source set 1 names source 7, which is not among the"
        + " part's sources", p.message());
  }

  @Test
  void partListingASourceTheManifestLacksIsAnUnknownReference() {
    StoreConsistency.Problem p = only(withPart(e -> copy(e, e.records(), e.bytes(),
        SourceIds.of(0, 1, 9), e.sourceSets())));
    assertEquals(StoreConsistency.UNKNOWN_REFERENCE, p.reason());
    assertTrue(p.message().contains("lists source 9, which the source manifest (sources."),
        p.message());
  }

  @Test
  void bogusSourcePositionsAreInvalid() {
    SourceEntry s = source(1);
    SourceEntry past = new SourceEntry(1, s.uri(), 950, 100, 1000, 1, "bytes", "crc32c", CRC, 64,
        List.of(CRC, CRC), null);
    SourceEntry unit = new SourceEntry(1, s.uri(), 100, 100, 1000, 1, "lines", "crc32c", CRC, 64,
        List.of(CRC, CRC), null);
    StoreConsistency.Problem a = only(StoreConsistency.check(store(List.of(source(0), past),
        List.of(part("part-r-00000")))));
    assertEquals("source 1: range [950+100] ends after the file's recorded length 1000",
        a.message());
    StoreConsistency.Problem b = only(StoreConsistency.check(store(List.of(source(0), unit),
        List.of(part("part-r-00000")))));
    assertEquals("source 1: positions 'lines' is neither bytes nor ordinal", b.message());
    assertEquals(StoreConsistency.INVALID, b.reason());
  }

  @Test
  void partNameLeavingTheOutputIsInvalid() {
    StoreConsistency.Problem p = only(StoreConsistency.check(store(List.of(source(0),
        source(1)), List.of(part("../victim.txt")))));
    assertEquals(StoreConsistency.INVALID, p.reason());
    assertTrue(p.message().startsWith("part name '../victim.txt' is not a plain file name"),
        p.message());
  }

  @Test
  void malformedChecksumAndUnknownLineageAreReported() {
    PartEntry e = part("part-r-00000");
    PartEntry bad = new PartEntry(e.name(), e.task(), 10, 500, "crc32c", "xyz", "compact", 0, 4,
        90, e.sources(), e.sourceSets(), null, 0, "nonce", null, 0, null);
    List<StoreConsistency.Problem> problems = StoreConsistency.check(store(List.of(source(0),
        source(1)), List.of(bad)));
    List<String> messages = new ArrayList<>();
    problems.forEach(p -> messages.add(p.message()));
    assertEquals(List.of("part part-r-00000: checksum 'xyz' is not 4 bytes of lower-case hex",
        "part part-r-00000: lineage 4 is not in job.json"), messages);
  }

  @Test
  void signedPartWithTooFewMacsIsInvalid() {
    PartEntry e = part("part-r-00000");
    PartEntry signed = new PartEntry(e.name(), e.task(), 10, 500, "crc32c", CRC, "compact", 0, 0,
        90, e.sources(), e.sourceSets(), null, 0, "nonce", "k:000000000000", 256,
        List.of("00".repeat(32)));
    StoreConsistency.Problem p = only(StoreConsistency.check(store(List.of(source(0),
        source(1)), List.of(signed))));
    assertEquals("part part-r-00000: 1 MACs for 500 bytes in chunks of 256", p.message());
  }

  @Test
  void partListingTwoBillionSourcesInADozenBytesIsOneProblemNotOnePerId() {
    // A single run [0, 2^31 - 1): 12 bytes in parts.bin. Checked id by id, it made a problem
    // per id (OutOfMemoryError); its source set then decoded it into an 8 GiB array.
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    List<StoreConsistency.Problem> problems = assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> withPart(e -> copy(e, e.records(), e.bytes(), huge, List.of(SourceIds.of(0)))));
    StoreConsistency.Problem p = only(problems);
    assertEquals(StoreConsistency.UNKNOWN_REFERENCE, p.reason());
    assertEquals("part part-r-00000: lists " + Integer.MAX_VALUE + " sources, more than the 2"
        + " the source manifest (sources.json) has", p.message());
  }

  @Test
  void sourceSetNamingMoreSourcesThanItsPartIsOneProblem() {
    SourceIds huge = SourceIds.range(0, Integer.MAX_VALUE);
    StoreConsistency.Problem p = only(assertTimeoutPreemptively(Duration.ofSeconds(60),
        () -> withPart(e -> copy(e, e.records(), e.bytes(), e.sources(), List.of(huge)))));
    assertEquals("part part-r-00000: source set 0 names " + Integer.MAX_VALUE
        + " sources, more than the part's 2", p.message());
  }

  @Test
  void unknownSourcesOfOnePartAreReportedUpToACapThenCounted() {
    List<SourceEntry> sources = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      sources.add(source(i));
    }
    PartEntry p = part("part-r-00000");
    PartEntry unknown = copy(p, p.records(), p.bytes(), SourceIds.range(5000, 6000),
        List.of());
    List<StoreConsistency.Problem> problems = StoreConsistency.check(store(sources,
        List.of(unknown))).stream().filter(x -> x.part() != null).toList();
    assertTrue(problems.size() <= 20, problems.size() + " problems");
    assertTrue(problems.get(0).message().contains("lists source 5000, which the source"
        + " manifest"), problems.get(0).message());
    assertEquals("part part-r-00000: and " + (1000 - problems.size() + 1)
        + " more unknown source ids", problems.get(problems.size() - 1).message());
  }
}
