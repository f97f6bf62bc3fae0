package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.RecordingFileSystem;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData.Run;

/**
 * What validate opens is decided by the operator's source roots, never by the lineage store:
 * a store claiming {@code inputs=["file:/"]}, a symbolic link below a root, or a part named
 * {@code ../victim.txt} makes it open nothing outside, as the recording file system shows.
 */
class SourceConfinementTest {
  @TempDir
  Path tmp;
  Configuration conf;
  Path in;
  Path grep;
  Path victim;

  /** The operator names the data directory as the only root; the victim lies outside it. */
  @BeforeEach
  void grepOverOwnInput() throws Exception {
    in = tmp.resolve("in");
    grep = tmp.resolve("grep");
    conf = ValidationFixtures.conf(tmp);
    conf.set("provenance.validate.source.roots", uri(in));
    RecordingFileSystem.install(conf);
    ValidationFixtures.generate(conf, in.toString());
    ValidationFixtures.grep(conf, in.toString(), grep.toString());
    Files.createDirectories(tmp.resolve("secret"));
    victim = tmp.resolve("secret/victim.txt");
    Files.writeString(victim, "root:x:0:0:the service user can read this\n");
    RecordingFileSystem.clear();
  }

  /** How Hadoop writes a local path as a URI (file:/a/b). */
  static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  private ValidationFixtures.Validation validate() throws Exception {
    return ValidationFixtures.validate(conf, tmp.resolve("alerts").toString(), "--output",
        grep.toString());
  }

  private void assertNeverOpened(Path... files) {
    for (Path f : files) {
      assertFalse(RecordingFileSystem.opened().contains(f.toString()),
          f + " must never be opened; opened: " + RecordingFileSystem.opened());
    }
  }

  /** Source 0 of the manifest, pointed at {@code uri}, a 1-byte range (the byte oracle). */
  private void pointSourceZeroAt(String uri) throws Exception {
    StoreEdits.edit(grep.resolve("_provenance/sources.json"), tree -> {
      ObjectNode s = (ObjectNode) tree.get(0);
      s.put("uri", uri);
      s.put("start", 0);
      s.put("length", 1);
      // A consistent entry (one chunk for one byte), so that only the confinement is at issue.
      ArrayNode chunks = (ArrayNode) s.get("chunkFingerprints");
      while (chunks.size() > 1) {
        chunks.remove(chunks.size() - 1);
      }
    });
  }

  private static void assertForbiddenWithoutChecksums(ValidationFixtures.Validation v,
      String uri, String reason) {
    List<Alert> about = v.alerts().stream()
        .filter(a -> a.dataId() != null && uri.equals(a.dataId().uri())).toList();
    assertFalse(about.isEmpty(), "alerts name " + uri + ": " + v.alerts());
    for (Alert a : about) {
      assertEquals(AlertType.FORBIDDEN_SOURCE, a.type(), a.toString());
      assertEquals(reason, a.reason(), a.toString());
      assertNull(a.expected(), "no checksum of what was not read: " + a);
      assertNull(a.actual(), "no checksum of what was not read: " + a);
      assertTrue(a.message().contains("was not opened"), a.message());
    }
  }

  @Test
  void storeClaimingTheWholeFileSystemAsInputStillCannotReachOutsideTheRoots()
      throws Exception {
    StoreEdits.edit(grep.resolve("_provenance/job.json"), tree -> {
      ArrayNode inputs = ((ObjectNode) tree).putArray("inputs");
      inputs.add("file:/");
    });
    String uri = uri(victim);
    pointSourceZeroAt(uri);

    ValidationFixtures.Validation v = validate();
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    assertForbiddenWithoutChecksums(v, uri, "outside_roots");
    assertTrue(v.ofType(AlertType.FORBIDDEN_SOURCE).get(0).message()
        .contains("it is outside the source roots [" + uri(in) + "]"), v.ofType(AlertType.FORBIDDEN_SOURCE).get(0).message());
    assertNeverOpened(victim);
    assertTrue(RecordingFileSystem.opened().stream().anyMatch(p -> p.startsWith(in + "/")),
        "the untouched source is read as usual: " + RecordingFileSystem.opened());
  }

  @Test
  void symbolicLinkToAFileOutsideTheRootIsNotFollowed() throws Exception {
    Path link = in.resolve("text-00000.txt");
    Files.delete(link);
    Files.createSymbolicLink(link, victim);

    ValidationFixtures.Validation v = validate();
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    assertForbiddenWithoutChecksums(v, uri(link), "symlink");
    assertTrue(v.ofType(AlertType.FORBIDDEN_SOURCE).get(0).message()
        .contains("is a symbolic link; links below a source root are not followed"),
        v.ofType(AlertType.FORBIDDEN_SOURCE).get(0).message());
    assertNeverOpened(link, victim);
  }

  @Test
  void symbolicLinkToADirectoryOutsideTheRootIsNotFollowed() throws Exception {
    Path dirLink = in.resolve("more");
    Files.createSymbolicLink(dirLink, victim.getParent());
    Path through = dirLink.resolve("victim.txt");
    pointSourceZeroAt(uri(through));

    ValidationFixtures.Validation v = validate();
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
    assertForbiddenWithoutChecksums(v, uri(through), "symlink");
    assertNeverOpened(through, victim);
  }

  @Test
  void withoutOperatorRootsValidateRefusesToStart() throws Exception {
    conf.unset("provenance.validate.source.roots");
    Run r = ValidationFixtures.provmr(conf, "validate", "--output", grep.toString(),
        "--alerts", tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.USAGE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("provmr validate: provenance.validate.source.roots is not set."
        + " Name the directories sources may be read from"), r.err());
    assertFalse(Files.exists(tmp.resolve("alerts")), "nothing was started");
    assertTrue(RecordingFileSystem.opened().isEmpty(), RecordingFileSystem.opened().toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"../victim.txt", "part/../../victim.txt", "VICTIM_URI"})
  void partNameReachingOutOfTheOutputIsRefusedBeforeAnythingIsOpened(String name)
      throws Exception {
    Path outside = tmp.resolve("victim.txt");
    Files.writeString(outside, "not part of any output\n");
    String given = name.equals("VICTIM_URI") ? uri(outside) : name;
    StoreEdits.edit(grep.resolve("_provenance/parts.json"),
        tree -> ((ObjectNode) tree.get(0)).put("name", given));

    Run r = ValidationFixtures.provmr(conf, "validate", "--output", grep.toString(),
        "--alerts", tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.FAILURE, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("Malformed lineage store file " + uri(grep)
        + "/_provenance/parts.json: part name '" + given
        + "' is not a plain file name of the output"), r.err());
    assertNeverOpened(outside);
    assertFalse(Files.exists(tmp.resolve("alerts")));
  }
}
