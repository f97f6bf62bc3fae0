package org.provmr.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.lineage.Lineage;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.SourceRef;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.wrap.HadoopExamples;
import org.provmr.testing.TestData.Run;

/** Whole jobs through ToolRunner ({@code provmr run ...}) in local mode, checked by content. */
class CaptureJobTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static org.apache.hadoop.fs.Path text;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generateInput() throws IOException {
    conf = TestData.localConf(shared);
    // Small splits so that every job has several sources.
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 96 * 1024);
    text = TestData.text(conf, shared.resolve("text"), 600 * 1024, 3);
  }

  private String out(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private static List<String> sortedLines(String s) {
    return Arrays.stream(s.split("\n")).filter(l -> !l.isEmpty()).sorted()
        .collect(Collectors.toList());
  }


  @Test
  void wordcountPayloadEqualsHadoopsOwnWordCountByteForByte() throws Exception {
    Run run = TestData.provmr(conf, "run", "wordcount", "--input", text.toString(),
        "--output", out("wc"), "--reduces", "2");
    assertEquals(0, run.exitCode(), run.err());

    assertTrue(HadoopExamples.plainWordCount(conf, text,
        new org.apache.hadoop.fs.Path(out("plain")), 2).waitForCompletion(false));

    Run payload = TestData.provmr(conf, "inspect", out("wc"), "--payload");
    assertEquals(0, payload.exitCode(), payload.err());
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));
    assertTrue(expected.size() > 1000, "a real vocabulary, not a toy: " + expected.size());
    assertEquals(expected, sortedLines(payload.out()));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out("wc")));
    // 200 KiB files at 96 KiB a split: 96 + 104 (FileInputFormat lets the last split be 10% over).
    assertEquals(6, store.sources().size());
    assertEquals(2, store.parts().size());
    long records = store.parts().stream().mapToLong(PartEntry::records).sum();
    assertEquals(expected.size(), records);
    long headerBytes = store.parts().stream().mapToLong(PartEntry::headerBytes).sum();
    assertTrue(headerBytes / (double) records <= 12.0, "header bytes/record "
        + headerBytes / (double) records);
    for (SourceEntry s : store.sources()) {
      assertEquals(SourceEntry.POSITIONS_BYTES, s.positions());
      assertEquals((s.length() + (1 << 20) - 1) >> 20, s.chunkFingerprints().size());
    }
  }

  @Test
  void grepRecordsPointAtTheExactBytesOfTheirSourceLine() throws Exception {
    Run run = TestData.provmr(conf, "run", "grep", "--input", text.toString(),
        "--output", out("grep"), "--regex", "kalo");
    assertEquals(0, run.exitCode(), run.err());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out("grep"));
    StoredJob store = LineageStore.read(conf, dir);
    int checked = 0;
    for (PartEntry part : store.parts()) {
      try (ProvenanceFileReader<Text, NullWritable> r = new ProvenanceFileReader<>(conf,
          new org.apache.hadoop.fs.Path(dir, part.name()))) {
        while (r.next()) {
          ProvenanceHeader h = r.value().header();
          assertFalse(h.sourceSet());
          SourceEntry source = store.source(h.sourceId());
          byte[] line = new byte[(int) h.length()];
          try (RandomAccessFile f = new RandomAccessFile(
              Path.of(java.net.URI.create(source.uri())).toFile(), "r")) {
            f.seek(source.start() + h.offset());
            f.readFully(line);
          }
          assertEquals(r.key().toString(), new String(line, StandardCharsets.UTF_8));
          assertTrue(r.key().toString().contains("kalo"));
          checked++;
        }
      }
    }
    assertTrue(checked > 20, "grep found " + checked + " lines");
    Step map = store.job().lineage(0).lineage().steps().get(0);
    assertEquals("kalo", map.params().get("provmr.grep.regex"));
    assertEquals(Stage.MAP, map.stage());
  }

  @Test
  void topkLineageNestsWordcountsStepsAndItsSourcesAreWordcountParts() throws Exception {
    assertEquals(0, TestData.provmr(conf, "run", "wordcount", "--input", text.toString(),
        "--output", out("wc"), "--reduces", "3").exitCode());
    Run topk = TestData.provmr(conf, "run", "topk", "--input", out("wc"), "--output",
        out("topk"), "--k", "7");
    assertEquals(0, topk.exitCode(), topk.err());

    StoredJob wc = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out("wc")));
    StoredJob top = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out("topk")));
    Lineage lineage = top.job().lineage(0).lineage();
    assertTrue(lineage.containsJob(wc.job().jobId()), lineage.toString());
    List<String> classes = lineage.allSteps().stream().map(Step::className).toList();
    assertEquals(List.of(
        "org.provmr.examples.WordCount$TokenizerMapper",
        "org.provmr.examples.WordCount$IntSumReducer",
        "org.provmr.examples.TopK$TopKMapper",
        "org.provmr.examples.TopK$TopKReducer"), classes);
    for (SourceEntry s : top.sources()) {
      assertEquals(wc.output().toString(), s.upstream());
      assertTrue(s.uri().contains("/wc/part-r-"), s.uri());
    }

    Run payload = TestData.provmr(conf, "inspect", out("topk"), "--payload");
    String[] lines = payload.out().split("\n");
    assertEquals(7, lines.length);
    int previous = Integer.MAX_VALUE;
    for (String l : lines) {
      int count = Integer.parseInt(l.split("\t")[1]);
      assertTrue(count <= previous, "descending counts: " + payload.out());
      previous = count;
    }
    PartEntry part = top.part("part-r-00000");
    assertEquals(7, part.records());
    assertArrayEquals(top.sources().stream().mapToInt(SourceEntry::id).toArray(), part.sources().toArray(),
        "topk's reducer emits from cleanup, so every record depends on every source");
  }

  @Test
  void selfContainedSha256HeadersCarrySourceUrisAndLineageInline() throws Exception {
    Run run = TestData.provmr(conf, "-D", "provenance.header.mode=self-contained",
        "run", "grep", "--input", text.toString(), "--output", out("sc"), "--regex", "mi",
        "--checksum", "sha-256");
    // Generic options come after the command name, and the message says so.
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("generic option -D goes after the command name"), run.err());
    run = TestData.provmr(conf, "run", "-D", "provenance.header.mode=self-contained", "grep",
        "--input", text.toString(), "--output", out("sc"), "--regex", "mi", "--checksum",
        "sha-256");
    assertEquals(0, run.exitCode(), run.err());
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out("sc"));
    try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(dir, "part-m-00000"))) {
      assertTrue(r.next());
      ProvenanceHeader h = r.value().header();
      assertTrue(h.selfContained());
      assertEquals(ChecksumAlgorithm.SHA256, h.algorithm());
      SourceRef ref = h.sources().get(0);
      assertTrue(ref.uri().contains("/text/text-0000"), ref.uri());
      assertEquals(r.key().getLength(), ref.length());
      assertEquals("org.provmr.examples.Grep$GrepMapper",
          h.lineage().steps().get(0).className());
    }
  }

  @Test
  void selfContainedHeadersNameTheBytesEachRecordWasReadFromWhenSplitsAreReorderedBySize()
      throws Exception {
    // JobSubmitter sorts splits largest first: the small file, listed first, is the last map
    // task, so a source id is a task index in that order, not in the listing's.
    Path small = tmp.resolve("in/small.txt");
    Path big = tmp.resolve("in/big.txt");
    Files.createDirectories(small.getParent());
    Files.writeString(small, "mi small one\nno\nmi small two\n");
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      lines.append(i % 3 == 0 ? "mi big " : "other ").append(i).append('\n');
    }
    Files.writeString(big, lines);
    Configuration c = new Configuration(conf);
    c.set("provenance.header.mode", "self-contained");
    Job job = org.provmr.examples.Grep.createJob(c, new org.apache.hadoop.fs.Path(small.toUri()),
        new org.apache.hadoop.fs.Path(out("sc")), "mi");
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(small.toUri()),
        new org.apache.hadoop.fs.Path(big.toUri()));
    assertTrue(job.waitForCompletion(false));
    int records = 0;
    for (String part : List.of("part-m-00000", "part-m-00001")) {
      try (ProvenanceFileReader<Text, Writable> r = new ProvenanceFileReader<>(conf,
          new org.apache.hadoop.fs.Path(new org.apache.hadoop.fs.Path(out("sc")), part))) {
        while (r.next()) {
          SourceRef ref = r.value().header().sources().get(0);
          byte[] file = Files.readAllBytes(Path.of(java.net.URI.create(ref.uri())));
          String read = new String(file, (int) ref.offset(), (int) ref.length(),
              StandardCharsets.UTF_8);
          assertEquals(r.key().toString(), read, part + " names " + ref);
          records++;
        }
      }
    }
    assertEquals(2 + 134, records);
  }

  @Test
  void failedJobLeavesNoOutputDirectoryAndNoLineageStore() throws Exception {
    Job job = Job.getInstance(conf, "failing");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, text);
    org.apache.hadoop.fs.Path outDir = new org.apache.hadoop.fs.Path(out("failed"));
    FileOutputFormat.setOutputPath(job, outDir);
    org.provmr.mapreduce.ProvenanceJob.configure(job);
    assertFalse(job.waitForCompletion(false));
    assertFalse(Files.exists(tmp.resolve("failed")), "no half-written output");
  }

  /** Writes some records, then fails mid-split. */
  public static class FailingMapper
      extends org.provmr.mapreduce.ProvenanceMapper<Object, Text, Text, NullWritable> {
    private int seen;

    @Override
    public void map(Object key, Text value, Context context)
        throws IOException, InterruptedException {
      context.write(value, NullWritable.get());
      if (++seen == 100) {
        throw new IOException("injected failure");
      }
    }
  }
}
