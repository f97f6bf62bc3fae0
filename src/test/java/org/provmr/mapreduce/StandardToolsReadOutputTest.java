package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableComparable;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.ReflectionUtils;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * {@code hadoop fs -text} (Hadoop's FsShell, in this JVM with ProvMR on the class path) and a
 * plain {@code SequenceFile.Reader} read a provenance output's payload as
 * {@code key<TAB>value} lines, in every header mode and container compression.
 */
class StandardToolsReadOutputTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static org.apache.hadoop.fs.Path text;

  @TempDir
  Path tmp;

  @BeforeAll
  static void generateInput() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 1 << 20);
    text = TestData.text(conf, shared.resolve("text"), 600 * 1024, 3);
  }

  @Test
  void fsShellTextPrintsKeyTabPayloadOfACompactOutput() throws Exception {
    String out = run("wc", "wordcount", "--reduces", "2");
    List<String> shell = fsText(out + "/part-r-*");
    assertTrue(shell.size() > 1000, "a real vocabulary: " + shell.size());
    assertEquals(Outputs.payload(conf, tmp.resolve("wc")), shell);
  }

  @Test
  void fsShellTextPrintsKeyTabPayloadOfASelfContainedOutput() throws Exception {
    String out = run("sc", "-D", "provenance.header.mode=self-contained", "wordcount",
        "--reduces", "1", "--checksum", "sha-256");
    List<String> shell = fsText(out + "/part-r-00000");
    assertTrue(shell.size() > 1000, "a real vocabulary: " + shell.size());
    assertEquals(Outputs.payload(conf, tmp.resolve("sc")), shell);
  }

  @Test
  void fsShellTextAndReadersFromAnySyncPointReadBlockCompressedParts() throws Exception {
    // Small blocks, so the part holds many: each block's first record names the payload class.
    String out = run("block", "-D", "mapreduce.output.fileoutputformat.compress=true",
        "-D", "mapreduce.output.fileoutputformat.compress.type=BLOCK",
        "-D", "io.seqfile.compress.blocksize=4096", "wordcount", "--reduces", "1");
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(out + "/part-r-00000");
    List<String> expected = Outputs.payload(conf, tmp.resolve("block"));
    assertEquals(expected, fsText(part.toString()));
    assertTrue(plainReaderFrom(part, 0.5).size() < expected.size());
    assertTrue(expected.containsAll(plainReaderFrom(part, 0.5)));
  }

  @Test
  void aPlainReaderThatSyncsIntoTheMiddleOfAnUncompressedPartGetsThePayload()
      throws Exception {
    // Every line of 200 KiB files, one part each: several sync points per part.
    String out = run("grep", "grep", "--regex", ".");
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(out + "/part-m-00000");
    List<String> all = plainReaderFrom(part, 0);
    List<String> tail = plainReaderFrom(part, 0.6);
    assertTrue(tail.size() > 100 && tail.size() < all.size() * 0.5, tail.size() + " of "
        + all.size());
    assertEquals(all.subList(all.size() - tail.size(), all.size()), tail);
    assertTrue(all.get(0).endsWith("\t(null)"), "NullWritable prints as (null): " + all.get(0));
  }

  private String run(String name, String... args) throws Exception {
    String out = tmp.resolve(name).toUri().toString();
    List<String> line = new ArrayList<>(List.of("run"));
    line.addAll(Arrays.asList(args));
    line.addAll(List.of("--input", text.toString(), "--output", out));
    Run run = TestData.provmr(conf, line.toArray(String[]::new));
    assertEquals(0, run.exitCode(), run.err());
    return out;
  }

  /** {@code hadoop fs -text glob}, run as the shell runs it; its lines sorted. */
  private static List<String> fsText(String glob) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream saved = System.out;
    int rc;
    try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      System.setOut(capture);
      rc = ToolRunner.run(new FsShell(new Configuration(conf)), new String[] {"-text", glob});
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, rc, "fs -text " + glob);
    List<String> lines = new ArrayList<>(
        Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\n")));
    lines.removeIf(String::isEmpty);
    lines.sort(null);
    return lines;
  }

  /**
   * What {@code SequenceFileInputFormat} does for a split starting at {@code fraction} of the
   * file: build key and value from the declared classes, sync, read to the end.
   */
  private static List<String> plainReaderFrom(org.apache.hadoop.fs.Path part, double fraction)
      throws Exception {
    List<String> lines = new ArrayList<>();
    long length = FileSystem.get(part.toUri(), conf).getFileStatus(part).getLen();
    try (SequenceFile.Reader r = new SequenceFile.Reader(conf, SequenceFile.Reader.file(part))) {
      WritableComparable<?> key = ReflectionUtils.newInstance(
          r.getKeyClass().asSubclass(WritableComparable.class), conf);
      Writable value = ReflectionUtils.newInstance(
          r.getValueClass().asSubclass(Writable.class), conf);
      if (fraction > 0) {
        r.sync((long) (length * fraction));
      }
      while (r.next(key, value)) {
        lines.add(key + "\t" + value);
      }
    }
    return lines;
  }
}
