package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.FileAlreadyExistsException;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.examples.Grep;
import org.provmr.store.LineageStore;
import org.provmr.testing.TestData;

/**
 * The output check claims a capture job's new output directory (_provenance/claim) before the
 * job is submitted. A submission that fails after the check, here because the input does not
 * exist, must not leave that directory behind: a plain job leaves none, and the user's next
 * attempt with the same output would be refused.
 */
class FailedSubmissionLeavesNoOutputTest {
  @TempDir
  Path tmp;

  private Job grep(Configuration conf, Path in, Path out) throws Exception {
    return Grep.createJob(conf, new org.apache.hadoop.fs.Path(in.toUri()),
        new org.apache.hadoop.fs.Path(out.toUri()), "a");
  }

  @Test
  void submitThatFailsOnItsInputRemovesTheClaimedOutputAndTheRetrySucceeds() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path out = tmp.resolve("out");
    Job first = grep(conf, tmp.resolve("no-such-input"), out);
    assertThrows(InvalidInputException.class, () -> ProvenanceJob.submit(first));
    assertFalse(Files.exists(out), "the failed submission left " + out);

    Path in = tmp.resolve("in");
    TestData.text(conf, in, 4096, 1);
    Job retry = grep(conf, in, out);
    ProvenanceJob.submit(retry);
    assertTrue(retry.waitForCompletion(false));
    assertTrue(Files.exists(out.resolve("_SUCCESS")));
    assertTrue(Files.exists(out.resolve(LineageStore.DIR).resolve("claim")),
        "the committed output keeps its claim");
  }

  @Test
  void claimLeftByAPlainSubmitIsNamedWithTheFixWhenTheNextJobIsRefused() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    Path out = tmp.resolve("out");
    Job plain = grep(conf, tmp.resolve("no-such-input"), out);
    assertThrows(InvalidInputException.class, plain::submit);
    assertTrue(Files.exists(out.resolve(LineageStore.DIR).resolve("claim")));

    Path in = tmp.resolve("in");
    TestData.text(conf, in, 4096, 1);
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class,
        () -> ProvenanceJob.submit(grep(conf, in, out)));
    assertTrue(e.getMessage().contains("holding nothing but _provenance/claim"), e.getMessage());
    assertTrue(e.getMessage().contains("--overwrite-incomplete"), e.getMessage());
    // The refused job took nothing away: the other job's claim is still there.
    try (var left = Files.list(out.resolve(LineageStore.DIR))) {
      assertEquals(1, left.count());
    }
  }
}
