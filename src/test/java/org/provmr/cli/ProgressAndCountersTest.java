package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormatCounter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.examples.Grep;
import org.provmr.examples.WordCount;
import org.provmr.mapreduce.ProvenanceCounter;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/** Job id, progress and counter summary on standard error; capture's own counters. */
class ProgressAndCountersTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static org.apache.hadoop.fs.Path text;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generateInput() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 64 * 1024);
    text = TestData.text(conf, shared.resolve("text"), 200 * 1024, 2);
  }

  @Test
  void captureCountersAgreeWithTheLineageStore() throws Exception {
    org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    Job job = WordCount.createJob(new Configuration(conf), text, out, 2);
    assertTrue(job.waitForCompletion(false));
    Counters c = job.getCounters();
    StoredJob store = LineageStore.read(conf, out);
    long records = store.parts().stream().mapToLong(PartEntry::records).sum();
    assertTrue(records > 1000, "records " + records);
    assertEquals(records, c.findCounter(ProvenanceCounter.RECORDS_STAMPED).getValue());
    assertEquals(store.parts().stream().mapToLong(PartEntry::headerBytes).sum(),
        c.findCounter(ProvenanceCounter.HEADER_BYTES).getValue());
    assertEquals(store.sources().size(), c.findCounter(ProvenanceCounter.SOURCES).getValue());
    assertTrue(store.sources().size() >= 4, "several splits: " + store.sources().size());
    assertEquals(store.parts().stream().mapToLong(p -> p.sourceSets().size()).sum(),
        c.findCounter(ProvenanceCounter.SOURCE_SETS).getValue());
    assertEquals("ProvMR capture",
        c.getGroup(ProvenanceCounter.class.getName()).getDisplayName());
  }

  /**
   * "Bytes Written" is what the parts hold, counted by ProvMR's writer when each part closes:
   * Hadoop counts it only for a FileOutputFormat, by walking the file system statistics around
   * every record, which ProvenanceOutputFormat avoids by not being one. Those statistics would
   * also have counted the .crc files and the store fragments beside the parts.
   */
  @Test
  void bytesWrittenCounterIsTheSizeOfThePartsOfMapOnlyAndReduceJobs() throws Exception {
    org.apache.hadoop.fs.Path wc = new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri());
    Job reduce = WordCount.createJob(new Configuration(conf), text, wc, 2);
    assertTrue(reduce.waitForCompletion(false));
    org.apache.hadoop.fs.Path grep = new org.apache.hadoop.fs.Path(tmp.resolve("grep").toUri());
    Job mapOnly = Grep.createJob(new Configuration(conf), text, grep, "a");
    assertTrue(mapOnly.waitForCompletion(false));
    for (Job job : new Job[] {reduce, mapOnly}) {
      org.apache.hadoop.fs.Path out = FileOutputFormat.getOutputPath(job);
      FileStatus[] parts = out.getFileSystem(conf).listStatus(out,
          p -> p.getName().startsWith("part-"));
      assertTrue(parts.length >= 2, out + ": " + parts.length + " parts");
      long bytes = 0;
      for (FileStatus part : parts) {
        bytes += part.getLen();
      }
      assertTrue(bytes > 10_000, out + ": " + bytes);
      assertEquals(bytes, job.getCounters().findCounter(FileOutputFormatCounter.BYTES_WRITTEN)
          .getValue(), out.toString());
    }
  }

  @Test
  void runShowsJobIdProgressAndACounterSummaryOnStandardError() throws Exception {
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", text.toString(),
        "--output", tmp.resolve("wc").toUri().toString());
    assertEquals(0, run.exitCode(), run.err());
    StoredJob store = LineageStore.read(conf,
        new org.apache.hadoop.fs.Path(tmp.resolve("wc").toUri()));
    String err = run.err();
    assertTrue(err.matches("(?s)Submitted job_local\\d+_\\d+ \\(provmr wordcount\\), tracking"
        + " URL: \\S+\n.*"), err);
    assertTrue(err.contains(": map 100% reduce 100%\n"), err);
    assertTrue(err.contains("Completed job_"), err);
    long records = store.parts().stream().mapToLong(PartEntry::records).sum();
    assertTrue(err.contains("\n  ProvMR capture\n"), err);
    assertTrue(err.contains("\n    Records stamped=" + records + "\n"), err);
    assertTrue(err.contains("    Sources=" + store.sources().size() + "\n"), err);
    assertTrue(err.contains("  Map input records="), err);
    // Standard out keeps the command's own lines only.
    assertFalse(run.out().contains("Submitted"), run.out());
  }

  @Test
  void quietRunPrintsNoProgress() throws Exception {
    Run run = TestData.provmr(conf, "run", "-q", "wordcount", "--input", text.toString(),
        "--output", tmp.resolve("quiet").toUri().toString());
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(run.err().contains("Submitted"), run.err());
    assertFalse(run.err().contains("Counters:"), run.err());
  }

  @Test
  void validateShowsItsJobAndItsCounters() throws Exception {
    String wc = tmp.resolve("wc").toUri().toString();
    assertEquals(0, TestData.provmr(conf, "run", "-q", "wordcount", "--input",
        text.toString(), "--output", wc).exitCode());
    // A job by force: small outputs are validated in process (provenance.validate.mode auto).
    Run run = TestData.provmr(conf, "validate", "--mode", "job", "--output", wc, "--alerts",
        tmp.resolve("alerts").toUri().toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.err().contains("Submitted job_local"), run.err());
    assertTrue(run.err().contains("Completed job_"), run.err());
    assertTrue(run.err().matches("(?s).*\n  \\S.*\n    \\S.*=\\d+\n.*"), run.err());
  }

  @Test
  void recomputeShowsEachSubJobWithItsProgressAndCounters() throws Exception {
    String wc = damagedWordCount("rc");
    String alerts = findings(wc, "rc-alerts");
    Run run = TestData.provmr(conf, "recompute", "--alerts", alerts);
    assertEquals(0, run.exitCode(), run.err());
    String err = run.err();
    // A damaged reduce part of wordcount is rebuilt by a sub-job: its id, tracking URL,
    // progress and counter summary appear as for `run`, named after the stage it recomputes.
    assertTrue(err.matches("(?s).*Submitted job_local\\d+_\\d+ \\([^)]*\\), tracking URL: \\S+\n.*"),
        err);
    assertTrue(err.contains(": map 100% reduce 100%\n"), err);
    assertTrue(err.contains("Completed job_"), err);
    assertTrue(err.contains("\n  ProvMR capture\n"), err);
    assertTrue(err.matches("(?s).*\n    Records stamped=[1-9]\\d*\n.*"), err);
    assertFalse(run.out().contains("Submitted"), run.out());
    assertEquals(0, TestData.provmr(conf, "validate", "-q", "--output", wc, "--alerts",
        tmp.resolve("rc-after").toUri().toString()).exitCode());
  }

  @Test
  void quietRecomputePrintsNoProgress() throws Exception {
    String alerts = findings(damagedWordCount("rq"), "rq-alerts");
    Run run = TestData.provmr(conf, "recompute", "-q", "--alerts", alerts);
    assertEquals(0, run.exitCode(), run.err());
    assertFalse(run.err().contains("Submitted"), run.err());
    assertFalse(run.err().contains("Counters:"), run.err());
    assertTrue(run.out().contains("\nReport: "), run.out());
  }

  /** Validates {@code wc}, which must have findings; returns the alerts directory. */
  private String findings(String wc, String name) throws Exception {
    String alerts = tmp.resolve(name).toUri().toString();
    assertEquals(3, TestData.provmr(conf, "validate", "-q", "--output", wc, "--alerts", alerts)
        .exitCode());
    return alerts;
  }

  /** A wordcount output whose first reduce part has one flipped byte. */
  private String damagedWordCount(String name) throws Exception {
    String wc = tmp.resolve(name).toUri().toString();
    assertEquals(0, TestData.provmr(conf, "run", "-q", "wordcount", "--input",
        text.toString(), "--output", wc).exitCode());
    Outputs.corrupt(tmp.resolve(name).resolve("part-r-00000"));
    return wc;
  }
}
