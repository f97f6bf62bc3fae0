package org.provmr.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards the v2 byte layout. A v2 header may depend on the one before it, so each golden is a
 * sync block: a sequence of headers written by one codec from a block start, one hex line
 * each, under {@code src/test/resources/golden/header-v2/}; decoding the lines in order with
 * a fresh codec must give the headers back. Regenerate as the v1 goldens
 * ({@code -Dprovmr.golden.regenerate=true}) only for an intended format change.
 */
class GoldenVectorsV2Test {

  private static final String DIR = "golden/header-v2";

  record Block(String name, HeaderContext ctx, List<ProvenanceHeader> headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Block> blocks() {
    HeaderContext crc32c = new HeaderContext(ChecksumAlgorithm.CRC32C, Fixtures.BASE, 0);
    byte[] crc = Fixtures.checksumOf(ChecksumAlgorithm.CRC32C, "123456789");
    return List.of(
        new Block("map-block-crc32c", crc32c, List.of(
            // absolute: the v1 example with version bits 10
            Fixtures.mapRecord(crc32c),
            // the next 80 bytes, same millisecond: both deltas 0
            Fixtures.mapRecord(crc32c).setOffset(1_000_080),
            // 200 bytes skipped, 1 ms later, explicit lineage 5, MEDIUM
            Fixtures.mapRecord(crc32c).setOffset(1_000_360).setLength(48)
                .setTimestampMillis(Fixtures.BASE + 4001).setLineageId(5)
                .setConfidence(Confidence.MEDIUM),
            // back 60 bytes (a mapper may emit out of order)
            Fixtures.mapRecord(crc32c).setOffset(1_000_348).setLength(12)
                .setTimestampMillis(Fixtures.BASE + 4001),
            // another source: absolute again
            Fixtures.mapRecord(crc32c).setSourceId(4).setOffset(0).setLength(48)
                .setTimestampMillis(Fixtures.BASE + 4002))),
        new Block("set-block-crc32c-recomputed", crc32c, List.of(
            new ProvenanceHeader().setChecksum(crc, 0).setConfidence(Confidence.LOW)
                .setRecomputed(true).setTimestampMillis(Fixtures.BASE + 4000)
                .setSourceSet(true).setSourceSetId(7),
            // 1.5 s earlier, source set 300
            new ProvenanceHeader().setChecksum(Fixtures.hex("0badcafe"), 0)
                .setConfidence(Confidence.LOW).setRecomputed(true)
                .setTimestampMillis(Fixtures.BASE + 2500).setSourceSet(true)
                .setSourceSetId(300))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void encodingMatchesTheGoldenBytes(Block b) throws IOException {
    assertEquals(golden(b), encode(b), "v2 encoding of " + b.name()
        + " changed; if the format change is intended, see docs/header-format.md");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void goldenBytesDecodeToTheHeadersInOrder(Block b) throws IOException {
    List<String> lines = golden(b);
    assertEquals(b.headers().size(), lines.size());
    HeaderCodec codec = new HeaderCodec(b.ctx());
    for (int i = 0; i < lines.size(); i++) {
      byte[] bytes = Fixtures.hex(lines.get(i));
      assertEquals(bytes.length, HeaderCodec.totalLength(bytes, 0, bytes.length));
      ProvenanceHeader decoded = new ProvenanceHeader();
      codec.decode(bytes, 0, bytes.length, decoded);
      ProvenanceHeader expected = new ProvenanceHeader().copyFrom(b.headers().get(i));
      if (expected.lineageId() == b.ctx().defaultLineageId()) {
        expected.setLineageId(-1);
      }
      assertEquals(expected, decoded, b.name() + " header " + i);
    }
  }

  @Test
  void everyGoldenFileHasADefinition() throws IOException {
    Path dir = regenerating() ? sourceDir() : Paths.get(sourceDirOrResource());
    Set<String> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.map(p -> p.getFileName().toString().replaceFirst("\\.hex$", ""))
          .collect(Collectors.toCollection(TreeSet::new));
    }
    assertEquals(blocks().stream().map(Block::name)
        .collect(Collectors.toCollection(TreeSet::new)), files);
  }

  private static java.net.URI sourceDirOrResource() throws IOException {
    try {
      java.net.URL url = GoldenVectorsV2Test.class.getClassLoader().getResource(DIR);
      assertNotNull(url, DIR + " is missing from the test class path");
      return url.toURI();
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static List<String> encode(Block b) {
    HeaderCodec codec = new HeaderCodec(b.ctx(), HeaderCodec.VERSION_2);
    List<String> lines = new ArrayList<>();
    for (ProvenanceHeader h : b.headers()) {
      int n = codec.encode(h);
      lines.add(Fixtures.hex(codec.buffer(), 0, n));
    }
    return lines;
  }

  private static boolean regenerating() {
    return Boolean.getBoolean("provmr.golden.regenerate");
  }

  private static List<String> golden(Block b) throws IOException {
    if (regenerating()) {
      List<String> fresh = encode(b);
      Path file = sourceDir().resolve(b.name() + ".hex");
      Files.createDirectories(file.getParent());
      Files.writeString(file, String.join("\n", fresh) + "\n", StandardCharsets.US_ASCII);
      return fresh;
    }
    String resource = DIR + "/" + b.name() + ".hex";
    try (InputStream in = GoldenVectorsV2Test.class.getClassLoader()
        .getResourceAsStream(resource)) {
      assertNotNull(in, resource + " is missing; create it with -Dprovmr.golden.regenerate=true");
      List<String> lines = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!l.isBlank()) {
          lines.add(l.trim());
        }
      }
      return lines;
    }
  }

  private static Path sourceDir() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    return Paths.get(basedir, "src", "test", "resources", DIR);
  }
}
