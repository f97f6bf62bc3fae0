package org.provmr.wrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.examples.WordCount;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.MultipleInputs;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.LineageStore;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;

/**
 * Several inputs, each with its own input format and mapper (Hadoop's MultipleInputs), under
 * provenance: text lines tokenized by Hadoop's WordCount mapper and a SequenceFile of (word,
 * count) pairs mapped by another mapper, summed by one reducer. The payload equals the same
 * job run plainly with MultipleInputs; every source is a real file range of one of the inputs
 * (not Hadoop's TaggedInputSplit); validation finds a damaged part and a recompute, which
 * re-tags the replayed ranges with their input's format and mapper, rebuilds it identically.
 */
class WrappedMultipleInputsTest {
  private static final String TEXT_FORMAT = TextInputFormat.class.getName();
  private static final String SEQ_FORMAT = SequenceFileInputFormat.class.getName();
  private static final String TOKENIZER = WordCount.TokenizerMapper.class.getName();
  private static final String COUNTS = CountsMapper.class.getName();
  private static final String INT_SUM = WordCount.IntSumReducer.class.getName();

  @TempDir
  Path tmp;
  Configuration conf;
  Path text;
  Path seq;

  @BeforeEach
  void inputs() throws Exception {
    conf = TestData.localConf(tmp);
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 32 * 1024);
    text = tmp.resolve("text");
    TestData.text(conf, text, 96 * 1024, 2); // 48 KiB files: two splits each
    seq = tmp.resolve("seq");
    Files.createDirectories(seq);
    writeCounts(3000);
  }

  /** The SequenceFile input: {@code n} (word, count) pairs over a small vocabulary. */
  private void writeCounts(int n) throws IOException {
    Files.deleteIfExists(seq.resolve("counts.seq"));
    Files.deleteIfExists(seq.resolve(".counts.seq.crc"));
    try (SequenceFile.Writer w = SequenceFile.createWriter(conf,
        SequenceFile.Writer.file(new org.apache.hadoop.fs.Path(seq.resolve("counts.seq")
            .toUri())), SequenceFile.Writer.keyClass(Text.class),
        SequenceFile.Writer.valueClass(IntWritable.class))) {
      String[] words = {"Alpha", "beta", "GAMMA", "delta", "the", "and", "ka"};
      for (int i = 0; i < n; i++) {
        w.append(new Text(words[i % words.length]), new IntWritable(1 + i % 5));
      }
    }
  }

  private String uri(String name) {
    return tmp.resolve(name).toUri().toString();
  }

  private Run ok(String... args) throws Exception {
    Run r = TestData.provmr(conf, args);
    assertEquals(ExitCodes.OK, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
    return r;
  }

  /** Hadoop's own MultipleInputs job, no provenance: the oracle. */
  private List<String> plain(int reduces) throws Exception {
    return plain(reduces, "plain");
  }

  private List<String> plain(int reduces, String output) throws Exception {
    Job job = Job.getInstance(new Configuration(conf), "plain multiple inputs");
    MultipleInputs.addInputPath(job, new org.apache.hadoop.fs.Path(text.toString()),
        TextInputFormat.class, WordCount.TokenizerMapper.class);
    MultipleInputs.addInputPath(job, new org.apache.hadoop.fs.Path(seq.toString()),
        SequenceFileInputFormat.class, CountsMapper.class);
    if (reduces > 0) {
      job.setReducerClass(WordCount.IntSumReducer.class);
    }
    job.setNumReduceTasks(reduces);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri(output)));
    assertTrue(job.waitForCompletion(false));
    return Outputs.sortedTextParts(tmp.resolve(output));
  }

  private String[] wrap(String output, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("wrap",
        "--multiple-input", text + "," + TEXT_FORMAT + "," + TOKENIZER,
        "--multiple-input", seq + "," + SEQ_FORMAT + "," + COUNTS,
        "--output", uri(output)));
    args.addAll(List.of(more));
    return args.toArray(new String[0]);
  }

  @Test
  void twoInputsWithTheirOwnFormatsAndMappersMatchHadoopsMultipleInputs() throws Exception {
    List<String> expected = plain(2);
    assertTrue(expected.size() > 500, "a real vocabulary: " + expected.size());
    assertTrue(expected.stream().anyMatch(l -> l.startsWith("gamma\t")),
        "the SequenceFile's words, lower-cased by its own mapper");

    ok(wrap("wrapped", "--reducer", INT_SUM, "--reduces", "2"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));

    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("wrapped")));
    Set<String> files = new TreeSet<>();
    for (SourceEntry s : store.sources()) {
      // The real file range inside Hadoop's TaggedInputSplit, fingerprinted.
      assertTrue(s.uri().startsWith("file:") && s.fileLength() > 0 && s.fingerprint() != null
          && !s.uri().contains("Tagged"), s.toString());
      files.add(s.uri().substring(s.uri().lastIndexOf('/') + 1));
    }
    assertTrue(files.contains("counts.seq") && files.size() == 3,
        "both text files and the SequenceFile are sources: " + files);
    assertTrue(store.sources().size() > 3, "the text files are split: " + store.sources());
    String params = store.job().lineage(0).lineage().steps().get(0).params().toString();
    assertTrue(params.contains(COUNTS) && params.contains(SEQ_FORMAT), params);

    ok("validate", "--alerts", uri("a0"), "--output", uri("wrapped"));
    Outputs.corrupt(tmp.resolve("wrapped/part-r-00001"));
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    ok("recompute", "--alerts", uri("a1"));
    ok("validate", "--alerts", uri("a2"), "--output", uri("wrapped"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("wrapped")));
  }

  @Test
  void aMapOnlyRecordNamesItsOwnInputFileAndItsPartIsRecomputed() throws Exception {
    List<String> expected = plain(0);
    ok(wrap("lines"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("lines")));
    String records = ok("inspect", uri("lines"), "--limit", "1000000").out();
    Matcher m = Pattern.compile("data-id (\\S+) \\(source \\d+\\)").matcher(records);
    Set<String> named = new TreeSet<>();
    int n = 0;
    while (m.find()) {
      named.add(m.group(1).substring(m.group(1).lastIndexOf('/') + 1));
      n++;
    }
    assertEquals(expected.size(), n, "every record has a DataID");
    assertEquals(3, named.size(), "records name both text files and the SequenceFile: "
        + named);
    assertTrue(named.contains("counts.seq"), named.toString());

    // The SequenceFile's records came from one map task; damage a part of the text input's.
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("lines")));
    SourceEntry textSource = store.sources().stream().filter(s -> s.uri().endsWith(".txt"))
        .findFirst().orElseThrow();
    Path part = tmp.resolve("lines").resolve(String.format("part-m-%05d", textSource.id()));
    Outputs.corrupt(part);
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("lines"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    ok("recompute", "--alerts", uri("a1"));
    ok("validate", "--alerts", uri("a2"), "--output", uri("lines"));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("lines")));
  }

  @Test
  void aProvenanceDriverWithMultipleInputsIsCapturedAndARawMapperRefused() throws Exception {
    Job job = Job.getInstance(new Configuration(conf), "driver multiple inputs");
    MultipleInputs.addInputPath(job, new org.apache.hadoop.fs.Path(text.toString()),
        TextInputFormat.class, org.provmr.examples.WordCount.TokenizerMapper.class);
    job.setReducerClass(org.provmr.examples.WordCount.IntSumReducer.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri("driver")));
    ProvenanceJob.configure(job);
    assertTrue(job.waitForCompletion(false));
    StoredJob store = LineageStore.read(conf, new org.apache.hadoop.fs.Path(uri("driver")));
    assertTrue(store.sources().stream().allMatch(s -> s.uri().endsWith(".txt")
        && s.fingerprint() != null), store.sources().toString());
    ok("validate", "--alerts", uri("a0"), "--output", uri("driver"));

    Job raw = Job.getInstance(new Configuration(conf));
    MultipleInputs.addInputPath(raw, new org.apache.hadoop.fs.Path(text.toString()),
        TextInputFormat.class, WordCount.TokenizerMapper.class);
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> ProvenanceJob.configure(raw));
    assertTrue(e.getMessage().contains(TOKENIZER) && e.getMessage().contains("--multiple-input"),
        e.getMessage());
  }

  @Test
  void overlappingInputsAndCombinedFormatsAreRefusedBeforeSubmission() throws Exception {
    Run overlap = TestData.provmr(conf, "wrap",
        "--multiple-input", tmp + "," + TEXT_FORMAT + "," + TOKENIZER,
        "--multiple-input", seq + "," + SEQ_FORMAT + "," + COUNTS,
        "--reducer", INT_SUM, "--output", uri("refused"));
    assertEquals(ExitCodes.USAGE, overlap.exitCode(), overlap.out() + overlap.err());
    assertTrue(overlap.err().contains("lies within"), overlap.err());

    Run combined = TestData.provmr(conf, "wrap",
        "--multiple-input", text + "," + CombineTextInputFormat.class.getName() + ","
            + TOKENIZER,
        "--multiple-input", seq + "," + SEQ_FORMAT + "," + COUNTS,
        "--reducer", INT_SUM, "--output", uri("refused"));
    assertEquals(ExitCodes.USAGE, combined.exitCode(), combined.out() + combined.err());
    assertTrue(combined.err().contains("CombineFileInputFormat"), combined.err());

    Run both = TestData.provmr(conf, "wrap", "--mapper", TOKENIZER,
        "--multiple-input", seq + "," + SEQ_FORMAT + "," + COUNTS, "--output", uri("refused"));
    assertEquals(ExitCodes.USAGE, both.exitCode(), both.out() + both.err());
    assertTrue(Files.notExists(tmp.resolve("refused")));
  }

  @Test
  void aChangedSequenceFileIsResplitByItsOwnInputFormatAndRecomputed() throws Exception {
    ok(wrap("wrapped", "--reducer", INT_SUM, "--reduces", "2"));
    writeCounts(4200); // the SequenceFile input changes (and grows)
    Run found = TestData.provmr(conf, "validate", "--alerts", uri("a1"), "--output",
        uri("wrapped"));
    assertEquals(ExitCodes.FINDINGS, found.exitCode(), found.out() + found.err());
    ok("recompute", "--alerts", uri("a1"));
    ok("validate", "--alerts", uri("a2"), "--output", uri("wrapped"));
    assertEquals(plain(2, "plain-after"), Outputs.payload(conf, tmp.resolve("wrapped")));
  }

  @Test
  void aPreciseTraceReplaysEachSplitWithItsOwnInputsFormatAndMapper() throws Exception {
    ok(wrap("wrapped", "--reducer", INT_SUM, "--reduces", "2"));
    // "ka": from the text (Hadoop's TokenizerMapper) and from the SequenceFile (CountsMapper).
    Run run = ok("trace", uri("wrapped"), "--key", "ka", "--precise", "--limit", "100000");
    assertTrue(run.out().contains(": adds up"), run.out());
    assertTrue(run.out().contains("seq/counts.seq record") && run.out().contains(".txt bytes"),
        "the replay read both inputs: " + run.out());
  }

  @Test
  void aDriverThatAddsItsInputsWithMultipleInputsIsWrappedAsItIs() throws Exception {
    List<String> expected = plain(2);
    Job job = Job.getInstance(new Configuration(conf), "driver wrapped multiple inputs");
    MultipleInputs.addInputPath(job, new org.apache.hadoop.fs.Path(text.toString()),
        TextInputFormat.class, WordCount.TokenizerMapper.class);
    MultipleInputs.addInputPath(job, new org.apache.hadoop.fs.Path(seq.toString()),
        SequenceFileInputFormat.class, CountsMapper.class);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(uri("driver")));
    WrappedJob.configure(job, new WrapSpec().reducer(INT_SUM).reduces(2));
    assertEquals(DelegatingMapper.class, job.getMapperClass(), "ProvMR's tracing delegate");
    assertTrue(job.waitForCompletion(false));
    assertEquals(expected, Outputs.payload(conf, tmp.resolve("driver")));
    ok("validate", "--alerts", uri("a0"), "--output", uri("driver"));
  }
}
