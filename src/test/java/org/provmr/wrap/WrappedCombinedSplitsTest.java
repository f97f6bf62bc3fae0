package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.MultiFileWordCount;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.examples.SampleText;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * CombineFileInputFormat splits (many files in one split) under provenance: every file range
 * of a combined split is a source of its own, so a record's DataID names its file and range;
 * Hadoop's MultiFileWordCount runs wrapped with the payload of its own driver, validates clean
 * and recomputes a damaged part.
 */
class WrappedCombinedSplitsTest {
  private static final int FILES = 9;
  private static final String MFWC = MultiFileWordCount.class.getName() + "$";
  private static final String INT_SUM = "org.apache.hadoop.mapreduce.lib.reduce.IntSumReducer";

  @TempDir
  Path tmp;
  Configuration conf;
  Path in;

  @BeforeEach
  void smallFiles() throws Exception {
    conf = TestData.localConf(tmp);
    // Three files of about 8 KiB to a split: several combined splits of several files each.
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 24 * 1024);
    in = tmp.resolve("in");
    SampleText.write(org.apache.hadoop.fs.FileSystem.getLocal(conf),
        new org.apache.hadoop.fs.Path(in.toUri()), FILES * 8 * 1024, FILES, 3);
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(0, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  @Test
  void multiFileWordCountMatchesHadoopsDriverAndEachFileIsASource() throws Exception {
    assertEquals(0, ToolRunner.run(new Configuration(conf), new MultiFileWordCount(),
        new String[] {in.toString(), tmp.resolve("plain").toString()}));
    List<String> expected = Outputs.sortedTextParts(tmp.resolve("plain"));

    Run run = ok("wrap", "--input-format", MFWC + "MyInputFormat", "--mapper",
        MFWC + "MapClass", "--combiner", INT_SUM, "--reducer", INT_SUM,
        "--output-key-class", "org.apache.hadoop.io.Text",
        "--output-value-class", "org.apache.hadoop.io.IntWritable",
        "--input", in.toString(), "--output", uri("wrapped"));
    assertTrue(expected.size() > 500, "a real vocabulary: " + expected.size());
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wrapped")));
    assertEquals(FILES, store.sources().size(), "one source per file: " + store.sources());
    for (SourceEntry s : store.sources()) {
      assertTrue(s.uri().endsWith(".txt") && s.start() == 0 && s.length() == s.fileLength()
          && s.fingerprint() != null, s.toString());
    }
    assertTrue(store.sources().stream().anyMatch(s -> s.id() >= 1024),
        "ids of the second map task's files start at 1024: " + store.sources());

    ok("validate", "--alerts", uri("a0"), "--output", uri("wrapped"));
    Outputs.corrupt(tmp.resolve("wrapped/part-r-00000"));
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    ok("recompute", "--alerts", uri("a1"));
    ok("validate", "--alerts", uri("a2"), "--output", uri("wrapped"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
  }

  @Test
  void aMapOnlyRecordOfACombinedSplitNamesItsFileAndByteRange() throws Exception {
    ok("wrap", "--input-format",
        "org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat",
        "--mapper", "org.apache.hadoop.mapreduce.Mapper",
        "--map-output-key-class", "org.apache.hadoop.io.LongWritable",
        "--map-output-value-class", "org.apache.hadoop.io.Text",
        "--input", in.toString(), "--output", uri("lines"));
    String records = ok("inspect", uri("lines"), "--limit", "100000").out();
    // "part-m-00000 #3 @... 123<TAB>the line\n    ...\n    data-id file:/.../f.txt (source
    // 1025) bytes [123+40]"
    Matcher m = Pattern.compile("#\\d+ @\\d+  (\\d+)\t([^\n]*)\n[^\n]*\n    data-id (\\S+)"
        + " \\(source \\d+\\) bytes \\[(\\d+)\\+(\\d+)]").matcher(records);
    int checked = 0;
    java.util.Set<String> files = new java.util.HashSet<>();
    while (m.find()) {
      long offset = Long.parseLong(m.group(4));
      assertEquals(m.group(1), Long.toString(offset), "the key is the line's offset in its file");
      byte[] bytes = new byte[Integer.parseInt(m.group(5))];
      try (RandomAccessFile f = new RandomAccessFile(Paths.get(URI.create(m.group(3))).toFile(),
          "r")) {
        f.seek(offset);
        f.readFully(bytes);
      }
      assertEquals(m.group(2), new String(bytes, StandardCharsets.UTF_8), m.group());
      files.add(m.group(3));
      checked++;
    }
    assertTrue(checked > 1000, "records checked: " + checked);
    assertEquals(FILES, files.size(), "every file is named by some DataID");

    Run deep = TestData.provmr(conf, "validate", "--deep", "--alerts", uri("a0"), "--output",
        uri("lines"));
    assertEquals(ExitCodes.OK, deep.exitCode(), deep.out() + deep.err());
    List<String> before = Outputs.payload(conf, tmp.resolve("lines"));
    long parts = partCount(tmp.resolve("lines"));
    assertTrue(parts > 1, "several combined splits: " + parts);
    Files.list(tmp.resolve("lines")).filter(p -> p.getFileName().toString().startsWith(
        "part-m-00001")).findFirst().ifPresent(p -> {
          try {
            Outputs.corrupt(p);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("lines"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    ok("recompute", "--alerts", uri("a1"));
    ok("validate", "--deep", "--alerts", uri("a2"), "--output", uri("lines"));
    // The part of the damaged combined split is rebuilt whole, from all its file ranges.
    assertEquals(parts, partCount(tmp.resolve("lines")));
    assertEquals(before, Outputs.payload(conf, tmp.resolve("lines")));
  }

  private static long partCount(Path dir) throws java.io.IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("part-m-")).count();
    }
  }
}
