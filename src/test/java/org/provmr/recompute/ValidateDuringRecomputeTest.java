package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * A validation that started while the output was free and a recompute that took its lock and
 * committed while the validation was reading it: the validation read part of the output before
 * the commit and part after, and must not report what it saw as the output's state.
 */
class ValidateDuringRecomputeTest {
  @TempDir
  Path tmp;

  /** Runs {@link #beforeOpen} once, in the reader's thread, before it opens {@link #part}. */
  public static class OpenHookFs extends LocalFileSystem {
    static volatile String part;
    static volatile Runnable beforeOpen;

    @Override
    public FSDataInputStream open(org.apache.hadoop.fs.Path f, int bufferSize)
        throws IOException {
      Runnable hook = beforeOpen;
      if (hook != null && f.getName().equals(part)) {
        beforeOpen = null;
        hook.run();
      }
      return super.open(f, bufferSize);
    }
  }

  @AfterEach
  void unhook() {
    OpenHookFs.beforeOpen = null;
  }

  @Test
  void recomputeCommittingWhileAValidationReadsMakesTheValidationBusyAndReportNothing()
      throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path clean = DamagedWordCount.capture(conf, tmp.resolve("clean"));
    Path wc = DamagedWordCount.damagedCopy(conf, clean, tmp); // alerts in tmp/alerts
    Configuration hooked = new Configuration(conf);
    hooked.setClass("fs.file.impl", OpenHookFs.class, FileSystem.class);
    hooked.setBoolean("fs.file.impl.disable.cache", true);
    List<Run> recomputes = new ArrayList<>();
    OpenHookFs.part = DamagedWordCount.PART;
    OpenHookFs.beforeOpen = () -> { // the validation has planned; the recompute commits now
      try {
        recomputes.add(TestData.provmr(conf, "recompute", "--alerts",
            tmp.resolve("alerts").toString()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    };
    Run v = TestData.provmr(hooked, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("during").toString());
    assertEquals(1, recomputes.size(), "the recompute ran during the validation");
    assertEquals(0, recomputes.get(0).exitCode(), recomputes.get(0).err());
    // Before: exit 3, a checksum_mismatch on the part the recompute had just swapped in (read
    // against the store as it was before the commit), in an alerts directory left for the next
    // recompute or promote, while the output was valid.
    assertEquals(ExitCodes.BUSY, v.exitCode(), v.out() + v.err());
    assertTrue(v.err().contains("provmr validate: busy: " + new org.apache.hadoop.fs.Path(
        wc.toUri()).toString().replaceAll("/$", "")) && v.err().contains("was locked by"
        + " recompute ") && v.err().contains("while it was being read"), v.err());
    assertTrue(v.err().contains("removed file:" + tmp.resolve("during")), v.err());
    assertFalse(Files.exists(tmp.resolve("during")), "no alerts of a half-read output");
    Run after = TestData.provmr(conf, "validate", "--output", wc.toString(), "--alerts",
        tmp.resolve("after").toString());
    assertEquals(ExitCodes.OK, after.exitCode(), "the output is valid: " + after.out());
  }
}
