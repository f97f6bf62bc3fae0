package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.FixedLengthInputFormat;
import org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.NLineInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileAsTextInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.PayloadHasher;
import org.provmr.header.ProvenanceHeader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.TestData;

/**
 * The output format and the readers, driven directly with a real TaskAttemptContext and the
 * real FileOutputCommitter protocol (setupJob, setupTask, write, commitTask, commitJob).
 */
class ProvenanceOutputFormatTest {
  @TempDir
  Path tmp;

  private Configuration conf() throws IOException {
    Configuration conf = TestData.localConf(tmp);
    Job job = Job.getInstance(conf);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(1);
    ProvenanceJob.configure(job);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()));
    return job.getConfiguration();
  }

  /** Writes records through one committed reduce task; returns the output directory. */
  private org.apache.hadoop.fs.Path writeCommitted(Configuration conf, int records)
      throws Exception {
    return writeCommitted(conf, records, TaskType.REDUCE);
  }

  /** Writes records through one committed task of the given type. */
  private org.apache.hadoop.fs.Path writeCommitted(Configuration conf, int records,
      TaskType type) throws Exception {
    JobID jobId = new JobID("test", 1);
    TaskAttemptID attempt = new TaskAttemptID("test", 1, type, 0, 0);
    TaskAttemptContext task = new TaskAttemptContextImpl(conf, attempt);
    ProvenanceOutputFormat<Text, TracedValue> format = new ProvenanceOutputFormat<>();
    format.checkOutputSpecs(new JobContextImpl(conf, jobId));
    FileOutputCommitter committer = (FileOutputCommitter) format.getOutputCommitter(task);
    committer.setupJob(new JobContextImpl(conf, jobId));
    committer.setupTask(task);
    RecordWriter<Text, TracedValue> writer = format.getRecordWriter(task);
    SourceSet sources = new SourceSet();
    TracedValue traced = new TracedValue();
    for (int i = 0; i < records; i++) {
      sources.clear();
      sources.add(i % 3);
      sources.add(5);
      // Every seventh value is null, as SecondarySort's reducer writes its separators.
      writer.write(new Text("key-" + i), traced.setSources(
          i % 7 == 6 ? TracingMapper.requireWritable(null) : new IntWritable(i), sources));
    }
    writer.close(task);
    committer.commitTask(task);
    committer.commitJob(new JobContextImpl(conf, jobId));
    return FileOutputFormat.getOutputPath(new JobContextImpl(conf, jobId));
  }

  @ParameterizedTest
  @EnumSource(ChecksumAlgorithm.class)
  void recordsRoundTripWithChecksumsOfTheirPayload(ChecksumAlgorithm algorithm)
      throws Exception {
    Configuration conf = conf();
    conf.set(ProvenanceKeys.CHECKSUM_ALGORITHM, algorithm.configName());
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 50);

    PayloadHasher hasher = algorithm.newHasher();
    byte[] expected = new byte[algorithm.length()];
    DataOutputBuffer bytes = new DataOutputBuffer();
    int n = 0;
    try (ProvenanceFileReader<Text, IntWritable> r =
             new ProvenanceFileReader<>(conf, new org.apache.hadoop.fs.Path(out, "part-r-00000"))) {
      while (r.next()) {
        assertEquals("key-" + n, r.key().toString());
        if (n % 7 == 6) {
          assertEquals(null, r.value().value(), "a null value is read back as null");
        } else {
          assertEquals(n, r.value().value().get());
        }
        ProvenanceHeader h = r.value().header();
        assertEquals(algorithm, h.algorithm());
        bytes.reset();
        r.key().write(bytes);
        if (r.value().value() != null) { // a null value is no bytes of payload
          r.value().value().write(bytes);
        }
        hasher.update(bytes.getData(), 0, bytes.getLength());
        hasher.finish(expected, 0);
        assertArrayEquals(expected, java.util.Arrays.copyOf(h.checksumArray(), algorithm.length()),
            "checksum of record " + n);
        assertTrue(h.sourceSet());
        n++;
      }
    }
    assertEquals(50, n);
    StoredJob store = LineageStore.read(conf, out);
    PartEntry part = store.part("part-r-00000");
    assertEquals(50, part.records());
    assertArrayEquals(new int[] {0, 1, 2, 5}, part.sources().toArray());
    assertEquals(3, part.sourceSets().size(), "three distinct sets: {0,5} {1,5} {2,5}");
    assertTrue(FileSystem.getLocal(conf).exists(new org.apache.hadoop.fs.Path(out, "_SUCCESS")));
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(ints = {1, 2})
  void eitherCommitAlgorithmBringsTheTaskFragmentIntoTheStoreAndLeavesNoFragment(int algorithm)
      throws Exception {
    Configuration conf = conf();
    conf.setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, algorithm);
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 20);
    assertEquals(20, LineageStore.read(conf, out).part("part-r-00000").records());
    java.util.List<String> top = new java.util.ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus st : FileSystem.getLocal(conf).listStatus(out)) {
      top.add(st.getPath().getName());
    }
    java.util.Collections.sort(top);
    assertEquals(java.util.List.of("_SUCCESS", "_provenance", "part-r-00000"), top,
        "the merged fragment is gone, and so is the committer's _temporary");
  }

  @Test
  void partChecksumCoversTheWholeFile() throws Exception {
    Configuration conf = conf();
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 20);
    byte[] file = Files.readAllBytes(Path.of(out.toUri()).resolve("part-r-00000"));
    PayloadHasher h = ChecksumAlgorithm.CRC32C.newHasher();
    h.update(file, 0, file.length);
    byte[] d = new byte[4];
    h.finish(d, 0);
    PartEntry part = LineageStore.read(conf, out).part("part-r-00000");
    assertEquals(HexFormat.of().formatHex(d, 0, 4), part.checksum());
    assertEquals(file.length, part.bytes());
  }

  @ParameterizedTest
  @EnumSource(value = CompressionType.class, names = {"BLOCK", "RECORD"})
  void compressedOutputReadsBackThroughTheInputFormats(CompressionType type) throws Exception {
    Configuration conf = conf();
    Job job = Job.getInstance(conf);
    FileOutputFormat.setCompressOutput(job, true);
    SequenceFileOutputFormat.setOutputCompressionType(job, type);
    org.apache.hadoop.fs.Path out = writeCommitted(job.getConfiguration(), 500);
    List<String> payload = readPayload(job.getConfiguration(),
        new org.apache.hadoop.fs.Path(out, "part-r-00000"));
    assertEquals(500, payload.size());
    assertEquals("key-499\t499", payload.get(499));
  }

  private static List<String> readPayload(Configuration conf, org.apache.hadoop.fs.Path file)
      throws Exception {
    long len = file.getFileSystem(conf).getFileStatus(file).getLen();
    TaskAttemptContext ctx = new TaskAttemptContextImpl(conf,
        new TaskAttemptID("test", 2, TaskType.MAP, 0, 0));
    List<String> lines = new ArrayList<>();
    try (RecordReader<Text, IntWritable> reader =
             new PayloadInputFormat<Text, IntWritable>().createRecordReader(null, ctx)) {
      reader.initialize(new FileSplit(file, 0, len, null), ctx);
      while (reader.nextKeyValue()) {
        lines.add(reader.getCurrentKey() + "\t" + reader.getCurrentValue());
      }
    }
    return lines;
  }

  @Test
  void payloadOnlyReadingGivesTheSameKeysValuesAndNullsAsTheFullReader() throws Exception {
    Configuration conf = conf();
    org.apache.hadoop.fs.Path part =
        new org.apache.hadoop.fs.Path(writeCommitted(conf, 3000), "part-r-00000");
    List<String> full = new ArrayList<>();
    try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(conf, part)) {
      while (r.next()) {
        full.add(r.key() + "\t" + r.value().value() + "\t" + r.position());
      }
    }
    List<String> payload = new ArrayList<>();
    try (ProvenanceFileReader<Text, IntWritable> r =
             new ProvenanceFileReader<Text, IntWritable>(conf, part).skipHeaders()) {
      while (r.next()) {
        payload.add(r.key() + "\t" + r.value().value() + "\t" + r.position());
      }
    }
    assertEquals(3000, full.size());
    assertEquals("key-6\tnull", full.get(6).substring(0, "key-6\tnull".length()));
    assertEquals(full, payload);
    assertEquals(Files.size(Path.of(part.toUri())),
        Long.parseLong(full.get(2999).substring(full.get(2999).lastIndexOf('\t') + 1)));
    assertEquals(readPayload(conf, part).size(), 3000);
  }

  @Test
  void payloadOnlyReaderSplitsAtSyncPointsWithoutLosingOrDuplicatingRecords() throws Exception {
    Configuration conf = conf();
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 5000);
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(out, "part-r-00000");
    long len = FileSystem.getLocal(conf).getFileStatus(file).getLen();
    List<String> all = new ArrayList<>();
    long step = len / 7 + 1;
    for (long start = 0; start < len; start += step) {
      TaskAttemptContext ctx = new TaskAttemptContextImpl(conf,
          new TaskAttemptID("test", 2, TaskType.MAP, 0, 0));
      try (RecordReader<Text, IntWritable> reader =
               new PayloadInputFormat<Text, IntWritable>().createRecordReader(null, ctx)) {
        reader.initialize(new FileSplit(file, start, Math.min(step, len - start), null), ctx);
        while (reader.nextKeyValue()) {
          all.add(reader.getCurrentKey().toString());
        }
      }
    }
    assertEquals(5000, all.size());
    for (int i = 0; i < 5000; i++) {
      assertEquals("key-" + i, all.get(i));
    }
  }

  @Test
  void corruptedHeaderLengthIsReportedWithFileAndByteOffset() throws Exception {
    Configuration conf = conf();
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 10);
    Path part = Path.of(out.toUri()).resolve("part-r-00000");
    long recordAt;
    try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(part.toUri()))) {
      r.next();
      r.next();
      recordAt = r.recordOffset();
    }
    // Record layout: int record length, int key length, key bytes, then the header.
    int keyLength = new Text("key-1").getLength() + 1;
    try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
      f.seek(recordAt + 8 + keyLength + 1); // the flags byte after the length prefix
      f.write(0xFF); // version bits 11: reserved
    }
    Files.deleteIfExists(part.resolveSibling(".part-r-00000.crc"));
    IOException e = assertThrows(IOException.class, () -> decodeEveryHeader(conf, part));
    assertTrue(e.getMessage().contains("part-r-00000"), e.getMessage());
    assertTrue(e.getMessage().contains("byte " + recordAt), e.getMessage());
  }

  private static void decodeEveryHeader(Configuration conf, Path part) throws IOException {
    try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(part.toUri()))) {
      while (r.next()) {
        r.value().header();
      }
    }
  }

  @Test
  void truncatedPartIsReportedWithFileAndByteOffset() throws Exception {
    Configuration conf = conf();
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 10);
    Path part = Path.of(out.toUri()).resolve("part-r-00000");
    long size = Files.size(part);
    try (RandomAccessFile f = new RandomAccessFile(part.toFile(), "rw")) {
      f.setLength(size - 5);
    }
    Files.deleteIfExists(part.resolveSibling(".part-r-00000.crc"));
    IOException e = assertThrows(IOException.class, () -> decodeEveryHeader(conf, part));
    assertTrue(e.getMessage().contains("part-r-00000") && e.getMessage().contains("at byte"),
        e.getMessage());
  }

  @Test
  void outputFormatRefusesJobsNotConfiguredForProvenance() throws Exception {
    Configuration conf = TestData.localConf(tmp);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ProvenanceOutputFormat<Text, TracedValue>()
            .checkOutputSpecs(new JobContextImpl(conf, new JobID("t", 1))));
    assertTrue(e.getMessage().contains("ProvenanceJob.configure"), e.getMessage());
    assertFalse(ProvenanceJob.isEnabled(conf));
  }

  @Test
  void codecsAreLookedUpFirstOnlyForInputFormatsWhoseReadersLookThemUp() {
    for (Class<?> reads : List.of(TextInputFormat.class, KeyValueTextInputFormat.class,
        NLineInputFormat.class, CombineTextInputFormat.class, FixedLengthInputFormat.class,
        LinesOfMyOwn.class)) {
      assertTrue(ProvenanceOutputFormat.readerLooksUpCodecs(reads), reads.getName());
    }
    for (Class<?> doesNot : List.of(SequenceFileInputFormat.class,
        SequenceFileAsTextInputFormat.class, PayloadInputFormat.class,
        ProvenanceInputFormat.class, InputFormat.class)) {
      assertFalse(ProvenanceOutputFormat.readerLooksUpCodecs(doesNot), doesNot.getName());
    }
  }

  @Test
  void mapTaskOverTextInputWritesItsPartWhenCodecsAreLookedUpFirst() throws Exception {
    Configuration conf = conf();
    conf.setClass(MRJobConfig.INPUT_FORMAT_CLASS_ATTR, TextInputFormat.class, InputFormat.class);
    conf.setInt(MRJobConfig.NUM_REDUCES, 0);
    org.apache.hadoop.fs.Path out = writeCommitted(conf, 20, TaskType.MAP);
    List<String> payload = readPayload(conf, new org.apache.hadoop.fs.Path(out, "part-m-00000"));
    assertEquals(20, payload.size());
    assertEquals("key-0\t0", payload.get(0));
  }

  /** A user's subclass of a codec-reading format. */
  static class LinesOfMyOwn extends TextInputFormat {
  }
}
