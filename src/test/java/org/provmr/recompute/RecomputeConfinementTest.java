package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.cli.ExitCodes;
import org.provmr.store.LineageStore;
import org.provmr.store.StoreJson;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.RecordingFileSystem;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Recompute reads sources by the URIs a lineage store records and resumes commits by the
 * journals it finds in the output: neither may make it read a file outside the operator's
 * source roots, follow a link out of them, or move a file that is not a part of the output.
 */
class RecomputeConfinementTest {
  @TempDir
  Path tmp;
  Configuration conf;
  Path in;
  Path grep;
  Path victim;
  String victimText = "root:x:0:0:only the service user can read this\n";

  @BeforeEach
  void damagedGrepOverOwnInput() throws Exception {
    in = tmp.resolve("in");
    grep = tmp.resolve("grep");
    conf = TestData.localConf(tmp);
    conf.set("provenance.validate.source.roots", uri(in));
    RecordingFileSystem.install(conf);
    TestData.text(conf, in, 64 * 1024, 2);
    ok("run", "grep", "--input", in.toString(), "--output", grep.toString(), "--regex", "ka");
    Files.createDirectories(tmp.resolve("secret"));
    victim = tmp.resolve("secret/victim.txt");
    Files.writeString(victim, victimText);
    Outputs.corrupt(grep.resolve("part-m-00000"));
  }

  private static String uri(Path p) {
    return "file:" + p.toAbsolutePath();
  }

  private Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return r;
  }

  private void validate() throws Exception {
    Run v = TestData.provmr(conf, "validate", "--output", grep.toString(), "--alerts",
        tmp.resolve("alerts").toString());
    assertEquals(ExitCodes.FINDINGS, v.exitCode(), v.out() + v.err());
  }

  private Run recompute() throws Exception {
    RecordingFileSystem.clear();
    return TestData.provmr(conf, "recompute", "--alerts", tmp.resolve("alerts").toString());
  }

  private String sourceZero() throws Exception {
    return LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri(grep))).source(0).uri();
  }

  private void assertNeverOpened(Path... files) {
    for (Path f : files) {
      assertFalse(RecordingFileSystem.opened().contains(f.toString()),
          f + " must never be opened; opened: " + RecordingFileSystem.opened());
    }
  }

  @Test
  void storePointingASourceOutsideTheRootsIsRefusedAndNeverRead() throws Exception {
    StoreEdits.edit(grep.resolve("_provenance/job.json"),
        tree -> ((ObjectNode) tree).putArray("inputs").add("file:/"));
    StoreEdits.edit(grep.resolve("_provenance/sources.json"), tree -> {
      for (com.fasterxml.jackson.databind.JsonNode s : tree) {
        if (s.get("id").asInt() == 0) {
          ((ObjectNode) s).put("uri", uri(victim));
        }
      }
    });
    validate();
    Map<String, Integer> before = Outputs.snapshot(grep);

    Run rc = recompute();
    assertEquals(ExitCodes.REFUSED, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.err().startsWith("provmr recompute: Refused: the lineage store of " + uri(grep)
        + " would have stage " + uri(grep) + " read " + uri(victim) + ", but it is outside the"
        + " source roots [" + uri(in) + "]. Recompute reads sources only under"
        + " provenance.validate.source.roots"), rc.err());
    assertNeverOpened(victim);
    assertEquals(before, Outputs.snapshot(grep), "nothing staged or swapped");
    assertFalse(Files.readString(grep.resolve("part-m-00000"), java.nio.charset.StandardCharsets
        .ISO_8859_1).contains("only the service user"));
  }

  @Test
  void sourceReplacedByASymbolicLinkIsRefusedAndNeitherLinkNorTargetRead() throws Exception {
    validate();
    Path source = Path.of(new org.apache.hadoop.fs.Path(sourceZero()).toUri().getPath());
    Files.delete(source);
    Files.createSymbolicLink(source, victim);
    Map<String, Integer> before = Outputs.snapshot(grep);

    Run rc = recompute();
    assertEquals(ExitCodes.REFUSED, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.err().contains("read " + uri(source) + ", but " + uri(source) + " is a"
        + " symbolic link; links below a source root are not followed"), rc.err());
    assertNeverOpened(source, victim);
    assertEquals(before, Outputs.snapshot(grep));
  }

  @ParameterizedTest
  @ValueSource(strings = {"staged-outside", "other-output", "live-climbs-out"})
  void forgedJournalIsNotResumedAndMovesNothing(String forgery) throws Exception {
    validate();
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri(grep)));
    String runId = "r20200101T000000Z-0001";
    Path runDir = grep.resolve("_provenance/recompute/" + runId);
    Journal.Move move = switch (forgery) {
      case "staged-outside" -> new Journal.Move("replace", "part-m-00000", uri(victim), true,
          false);
      case "live-climbs-out" -> new Journal.Move("remove", "../secret/victim.txt", null, true,
          false);
      default -> new Journal.Move("replace", "part-m-00000",
          uri(runDir.resolve("staged/part-m-00000")), true, false);
    };
    String output = forgery.equals("other-output") ? uri(tmp.resolve("secret")) : uri(grep);
    Journal forged = new Journal(1, runId, output, "committing", List.of(move),
        new Journal.NewStore(store.job(), store.sources(), store.parts()));
    Files.createDirectories(runDir);
    Files.writeString(runDir.resolve("journal.json"),
        StoreJson.mapper().writeValueAsString(forged));
    Map<String, Integer> before = Outputs.snapshot(tmp.resolve("secret"));
    Map<String, Integer> output0 = Outputs.snapshot(grep);

    Run rc = recompute();
    assertEquals(ExitCodes.FAILURE, rc.exitCode(), rc.out() + rc.err());
    assertTrue(rc.err().contains("Refusing to resume from " + uri(runDir.resolve(
        "journal.json"))), rc.err());
    assertTrue(rc.err().contains(switch (forgery) {
      case "staged-outside" -> "staged file " + uri(victim) + " is not in " + uri(runDir)
          + "/staged";
      case "live-climbs-out" -> "part name '../secret/victim.txt': it contains '..'";
      default -> "it is about output " + uri(tmp.resolve("secret")) + ", not " + uri(grep);
    }), rc.err());
    assertEquals(victimText, Files.readString(victim), "the victim is where it was");
    assertEquals(before, Outputs.snapshot(tmp.resolve("secret")));
    assertEquals(output0, Outputs.snapshot(grep), "nothing moved in the output either");
  }
}
