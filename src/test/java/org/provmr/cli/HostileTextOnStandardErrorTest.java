package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.io.SequenceFileHeader;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Text an output's owner wrote (a lock file, a part's metadata) that reaches standard error
 * through a message: the terminal controls in it are escaped, as everywhere else.
 */
class HostileTextOnStandardErrorTest {
  /** A window-title OSC, an 8-bit CSI that clears the screen, a bidi override. */
  private static final String HOSTILE = "etl\u001b]0;owned\u0007 \u009b2J \u202etxt.exe";

  @TempDir
  Path tmp;
  Configuration conf;
  Path in;

  @BeforeEach
  void input() throws Exception {
    conf = TestData.localConf(tmp);
    in = Files.createDirectories(tmp.resolve("in"));
    Files.writeString(in.resolve("a.txt"), "one two two\nthree\n", StandardCharsets.UTF_8);
  }

  private Path run(String job, Path input, String name) throws Exception {
    Path out = tmp.resolve(name);
    Run r = TestData.provmr(conf, "run", job, "--input", input.toUri().toString(),
        "--output", out.toUri().toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return out;
  }

  private static void assertNoRawControls(String printed) {
    assertFalse(printed.contains("\u001b") || printed.contains("\u0007")
        || printed.contains("\u009b") || printed.contains("\u202e"), printed);
  }

  @Test
  void busyMessageEscapesTheLockOwnerAnOutputsOwnerWrote() throws Exception {
    Path wc = run("wordcount", in, "wc");
    // A live lock whose owner fields are the job owner's words: _provenance/ is theirs.
    Path lock = Files.createDirectories(wc.resolve("_provenance/lock"));
    Files.writeString(lock.resolve("lock-0000000001"), "{\"token\":\"t\",\"host\":\"h\","
        + "\"pid\":1,\"user\":\"" + HOSTILE.replace("\u001b", "\\u001b")
            .replace("\u0007", "\\u0007") + "\",\"command\":\"recompute\",\"started\":0,"
        + "\"released\":false}", StandardCharsets.UTF_8);

    Run sweep = TestData.provmr(conf, "sweep", "--output", wc.toUri().toString(),
        "--alerts-root", tmp.resolve("sweeps").toUri().toString());

    assertEquals(ExitCodes.BUSY, sweep.exitCode(), sweep.out() + sweep.err());
    assertNoRawControls(sweep.err());
    assertTrue(sweep.err().contains("is locked by recompute on h (pid 1, user etl\\u001B]0;owned"
        + "\\u0007 \\u009B2J \\u202Etxt.exe)"), sweep.err());
  }

  @Test
  void failedJobEscapesTheTaskErrorQuotingAnUpstreamPartsMetadata() throws Exception {
    Path wc = run("wordcount", in, "wc");
    // The part keeps its name (its store lists it); its metadata claims a hostile version.
    Path part = wc.resolve("part-r-00000");
    SequenceFile.Metadata meta;
    String keyClass;
    String valueClass;
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf,
        SequenceFile.Reader.file(new org.apache.hadoop.fs.Path(part.toUri())))) {
      meta = r.getMetadata();
      keyClass = r.getKeyClassName();
      valueClass = r.getValueClassName();
    }
    meta.set(new Text("provenance.header.version"), new Text("1" + HOSTILE));
    try (java.io.DataOutputStream o = new java.io.DataOutputStream(Files.newOutputStream(part))) {
      SequenceFileHeader.writeUncompressed(o, keyClass, valueClass, meta);
    }
    Outputs.dropCrc(part);
    FileSystem.getLocal(conf).close(); // no cached checksums of the old part

    Run topk = TestData.provmr(conf, "run", "topk", "--input", wc.toUri().toString(),
        "--output", tmp.resolve("topk").toUri().toString());

    assertEquals(ExitCodes.FAILURE, topk.exitCode(), topk.out() + topk.err());
    assertNoRawControls(topk.err());
    assertTrue(topk.err().contains("part-r-00000 has provenance format version 1etl\\u001B]0;"
        + "owned\\u0007 \\u009B2J \\u202Etxt.exe"), topk.err());
  }
}
