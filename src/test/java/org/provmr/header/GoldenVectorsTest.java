package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

/**
 * Guards the v1 byte layout: each header below, built from fixed values, must encode to the
 * bytes checked in under {@code src/test/resources/golden/header-v1/}, and those bytes must
 * decode back to it. A failure here means the wire format changed; old files would no longer
 * read. If the change is intended (a new format version), regenerate with
 * {@code mvn test -Dtest=GoldenVectorsTest -Dprovmr.golden.regenerate=true} and review the diff.
 */
class GoldenVectorsTest {

  private static final String DIR = "golden/header-v1";
  private static final String REGENERATE = "provmr.golden.regenerate";

  /** A named header and the file context it is encoded against. */
  record Golden(String name, HeaderContext ctx, ProvenanceHeader header) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Golden> goldens() {
    HeaderContext crc32c = new HeaderContext(ChecksumAlgorithm.CRC32C, Fixtures.BASE, 0);
    HeaderContext sha256 = new HeaderContext(ChecksumAlgorithm.SHA256, Fixtures.BASE, 0);
    return List.of(
        new Golden("compact-crc32c-range", crc32c, Fixtures.mapRecord(crc32c)),
        new Golden("compact-crc32c-set-explicit-lineage", crc32c, new ProvenanceHeader()
            .setChecksum(Fixtures.hex("0badcafe"), 0)
            .setConfidence(Confidence.MEDIUM)
            .setTimestampMillis(Fixtures.BASE - 1500)
            .setSourceSet(true)
            .setSourceSetId(300)
            .setLineageId(5)),
        new Golden("compact-sha256-range-low-recomputed", sha256, new ProvenanceHeader()
            .setAlgorithm(ChecksumAlgorithm.SHA256)
            .setChecksum(Fixtures.checksumOf(ChecksumAlgorithm.SHA256, "abc"), 0)
            .setConfidence(Confidence.LOW)
            .setRecomputed(true)
            .setTimestampMillis(Fixtures.BASE)
            .setRange(0, 0, 4096)),
        new Golden("selfcontained-crc32-range", crc32c, new ProvenanceHeader()
            .setSelfContained(true)
            .setAlgorithm(ChecksumAlgorithm.CRC32)
            .setChecksum(Fixtures.checksumOf(ChecksumAlgorithm.CRC32, "123456789"), 0)
            .setTimestampMillis(Fixtures.BASE + 4000)
            .setSources(List.of(new SourceRef("hdfs://nn/in/a.txt", 1_000_000, 80)))
            .setLineage(Lineage.of(List.of(
                Step.of("job_1", Stage.MAP, "m_000000", "WordCount$TokenizerMapper")),
                List.of()))),
        new Golden("selfcontained-crc32c-set-with-upstream-lineage", crc32c,
            new ProvenanceHeader()
            .setSelfContained(true)
            .setSourceSet(true)
            .setConfidence(Confidence.MEDIUM)
            .setChecksum(Fixtures.checksumOf(ChecksumAlgorithm.CRC32C, "123456789"), 0)
            .setTimestampMillis(Fixtures.BASE)
            .setSources(List.of(new SourceRef("/in/a", 0, 10), new SourceRef("/in/b", 5, 7)))
            .setLineage(Lineage.of(
                List.of(Step.of("job_2", Stage.REDUCE, "r_000000", "Join", Map.of("k", "v"))),
                List.of(Lineage.of(List.of(Step.of("job_1", Stage.MAP, null, "Clean")),
                    List.of(Lineage.of(List.of(Step.of("job_0", Stage.RECOMPUTE, "m_000001",
                        "Ingest", Map.of("b", "2", "a", "1"))), List.of()))))))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void encodingMatchesTheGoldenBytes(Golden g) throws IOException {
    assertEquals(golden(g), encode(g), "encoding of " + g.name()
        + " changed; if the format change is intended, see docs/header-format.md");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("goldens")
  void goldenBytesDecodeToTheHeader(Golden g) throws IOException {
    byte[] bytes = Fixtures.hex(golden(g));
    assertEquals(bytes.length, HeaderCodec.totalLength(bytes, 0, bytes.length));
    ProvenanceHeader decoded = new ProvenanceHeader();
    new HeaderCodec(g.ctx()).decode(bytes, 0, bytes.length, decoded);
    assertEquals(g.header(), decoded);
  }

  @Test
  void everyGoldenFileHasADefinition() throws IOException, URISyntaxException {
    Path dir;
    if (regenerating()) {
      dir = sourceDir();
    } else {
      URL url = GoldenVectorsTest.class.getClassLoader().getResource(DIR);
      assertNotNull(url, DIR + " is missing from the test class path");
      dir = Paths.get(url.toURI());
    }
    Set<String> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.map(p -> p.getFileName().toString().replaceFirst("\\.hex$", ""))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> defined = goldens().stream().map(Golden::name)
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(defined, files, "golden files and definitions in this test must match;"
        + " delete the files of removed definitions");
  }

  private static String encode(Golden g) {
    HeaderCodec codec = new HeaderCodec(g.ctx());
    int n = codec.encode(g.header());
    return Fixtures.hex(codec.buffer(), 0, n);
  }

  private static boolean regenerating() {
    return Boolean.getBoolean(REGENERATE);
  }

  /**
   * The golden text of {@code g}: read from the test class path, or, only when regeneration
   * is requested, freshly encoded and written to the checked-in directory first.
   */
  private static String golden(Golden g) throws IOException {
    if (regenerating()) {
      String fresh = encode(g);
      Path file = sourceDir().resolve(g.name() + ".hex");
      Files.createDirectories(file.getParent());
      Files.writeString(file, fresh + "\n", StandardCharsets.US_ASCII);
      return fresh;
    }
    String resource = DIR + "/" + g.name() + ".hex";
    try (InputStream in = GoldenVectorsTest.class.getClassLoader()
        .getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is missing; create it with -D" + REGENERATE + "=true");
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim();
    }
  }

  /** The checked-in directory, not the copy under target/, so a regeneration is reviewable. */
  private static Path sourceDir() {
    // Surefire sets basedir to the module directory; user.dir is the fallback in an IDE.
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Paths.get(basedir, "src", "test", "resources", DIR);
  }
}
