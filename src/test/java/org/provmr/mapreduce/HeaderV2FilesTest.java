package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile.CompressionType;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
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
import org.provmr.header.HeaderFormatException;
import org.provmr.header.ProvenanceHeader;
import org.provmr.header.TypeMark;
import org.provmr.io.BoundedSequenceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;

/**
 * Map-side parts written with header format v2 (deltas within a sync block), many sync blocks
 * each: read from the start, from any split, from any sync point and in every container
 * compression, each record's header decodes to the DataID it was written with; v1 parts still
 * read; a part whose sync block starts with a delta fails naming the file and the record.
 */
class HeaderV2FilesTest {
  private static final int RECORDS = 20_000;
  private static final long BASE_OFFSET = 5_000_000_000L; // multi-GB offsets: 5 bytes in v1

  @TempDir
  Path tmp;

  private Configuration conf(String name) throws IOException {
    Configuration conf = org.provmr.testing.TestData.localConf(tmp);
    Job job = Job.getInstance(conf);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(0);
    if (name.equals("v1")) {
      job.getConfiguration().set(ProvenanceKeys.HEADER_VERSION, "1");
    } else if (!name.equals("default")) {
      job.getConfiguration().set(ProvenanceKeys.HEADER_VERSION, "2");
    }
    ProvenanceJob.configure(job);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri()));
    return job.getConfiguration();
  }

  /** The DataID record {@code i} is written with: grep-like gaps, a source switch per 5,000. */
  private static long offsetOf(int i) {
    return BASE_OFFSET + i * 240L + (i % 7 == 0 ? 100 : 0);
  }

  private static int sourceOf(int i) {
    return (i / 5000) % 2;
  }

  private org.apache.hadoop.fs.Path write(Configuration conf) throws Exception {
    JobID jobId = new JobID("test", 1);
    TaskAttemptID attempt = new TaskAttemptID("test", 1, TaskType.MAP, 0, 0);
    TaskAttemptContext task = new TaskAttemptContextImpl(conf, attempt);
    ProvenanceOutputFormat<Text, TracedValue> format = new ProvenanceOutputFormat<>();
    format.checkOutputSpecs(new JobContextImpl(conf, jobId));
    FileOutputCommitter committer = (FileOutputCommitter) format.getOutputCommitter(task);
    committer.setupJob(new JobContextImpl(conf, jobId));
    committer.setupTask(task);
    RecordWriter<Text, TracedValue> writer = format.getRecordWriter(task);
    TracedValue traced = new TracedValue();
    for (int i = 0; i < RECORDS; i++) {
      writer.write(new Text("key-" + i), traced.setRange(new IntWritable(i), sourceOf(i),
          offsetOf(i), 48));
    }
    writer.close(task);
    committer.commitTask(task);
    committer.commitJob(new JobContextImpl(conf, jobId));
    return FileOutputFormat.getOutputPath(new JobContextImpl(conf, jobId));
  }

  private static void assertHeaderOf(int i, ProvenanceHeader h) {
    assertEquals(offsetOf(i), h.offset(), "offset of record " + i);
    assertEquals(sourceOf(i), h.sourceId(), "source of record " + i);
    assertEquals(48, h.length(), "length of record " + i);
  }

  private static int keyIndex(Text key) {
    return Integer.parseInt(key.toString().substring(4));
  }

  @Test
  void v2TheDefaultTakesAboutTenBytesAndV1PartsWrittenWhenTheKeySays1StillRead()
      throws Exception {
    Configuration v2 = conf("default");
    Configuration v1 = conf("v1");
    PartEntry p2 = LineageStore.read(v2, write(v2)).part("part-m-00000");
    PartEntry p1 = LineageStore.read(v1, write(v1)).part("part-m-00000");
    double perRecord2 = p2.headerBytes() / (double) p2.records();
    double perRecord1 = p1.headerBytes() / (double) p1.records();
    // v1: prefix 1, flags 1, crc 4, timestamp 1-3, source 1, offset 5, length 1
    assertTrue(perRecord1 >= 14, "v1 " + perRecord1);
    // v2: the offset is the gap from the previous line's end (92 to 292: 2 bytes), and an
    // absolute header (15 bytes) every 64
    assertTrue(perRecord2 <= 10.3, "v2 " + perRecord2);
    for (String name : List.of("default", "v1")) {
      int n = 0;
      try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(
          name.equals("v1") ? v1 : v2, part(name))) {
        while (r.next()) {
          assertEquals(n, keyIndex(r.key()));
          assertHeaderOf(n, r.value().header());
          n++;
        }
      }
      assertEquals(RECORDS, n, name);
    }
  }

  @ParameterizedTest
  @EnumSource(CompressionType.class)
  void everySplitDecodesEachHeaderAsWritten(CompressionType type) throws Exception {
    Configuration conf = conf("c");
    Job job = Job.getInstance(conf);
    if (type != CompressionType.NONE) {
      FileOutputFormat.setCompressOutput(job, true);
      SequenceFileOutputFormat.setOutputCompressionType(job, type);
      job.getConfiguration().setInt("io.seqfile.compress.blocksize", 4096);
    }
    write(job.getConfiguration());
    org.apache.hadoop.fs.Path file = part("c");
    long len = FileSystem.getLocal(conf).getFileStatus(file).getLen();
    List<Integer> seen = new ArrayList<>();
    long step = len / 13 + 1;
    for (long start = 0; start < len; start += step) {
      TaskAttemptContext ctx = new TaskAttemptContextImpl(job.getConfiguration(),
          new TaskAttemptID("test", 2, TaskType.MAP, 0, 0));
      try (RecordReader<Text, ProvenanceWritable<IntWritable>> reader =
               new ProvenanceInputFormat<Text, IntWritable>().createRecordReader(null, ctx)) {
        reader.initialize(new FileSplit(file, start, Math.min(step, len - start), null), ctx);
        while (reader.nextKeyValue()) {
          int i = keyIndex(reader.getCurrentKey());
          if (i % 5 == 0) { // a consumer may look at some headers only
            assertHeaderOf(i, reader.getCurrentValue().header());
          }
          seen.add(i);
        }
      }
    }
    assertEquals(RECORDS, seen.size(), type + ": no record lost or read twice");
    for (int i = 0; i < RECORDS; i++) {
      assertEquals(i, seen.get(i));
    }
  }

  @Test
  void aReaderThatSyncsAnywhereDecodesFromThatSyncBlock() throws Exception {
    Configuration conf = conf("s");
    write(conf);
    org.apache.hadoop.fs.Path file = part("s");
    long len = FileSystem.getLocal(conf).getFileStatus(file).getLen();
    int checked = 0;
    try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(conf, file)) {
      for (long pos = len - 1; pos > 0; pos -= len / 97) { // backwards: every jump is a seek
        r.sync(pos);
        for (int k = 0; k < 3 && r.next(); k++) {
          assertHeaderOf(keyIndex(r.key()), r.value().header());
          checked++;
        }
      }
    }
    assertTrue(checked > 200, checked + " records checked");
  }

  @Test
  void aSyncBlockThatStartsWithADeltaFailsNamingTheFileAndRecord() throws Exception {
    Configuration conf = conf("bad");
    write(conf);
    org.apache.hadoop.fs.Path file = part("bad");
    // The third record that starts a sync block (it carries the type mark): set DELTA.
    long recordAt = -1;
    long flagsAt = -1;
    try (BoundedSequenceFileReader in = new BoundedSequenceFileReader(conf, file)) {
      int blocks = 0;
      long pos = in.position();
      while (in.next()) {
        int mark = TypeMark.length(in.value(), 0, in.valueLength());
        if (mark > 0 && ++blocks == 3) {
          recordAt = pos;
          // Uncompressed: the value is the record's last bytes; prefix 1 byte.
          flagsAt = in.position() - in.valueLength() + mark + 1;
          assertEquals(0x80, in.value()[mark + 1] & 0xE0, "absolute v2");
          break;
        }
        pos = in.position();
      }
    }
    assertTrue(recordAt > 0);
    Path local = Path.of(file.toUri());
    try (RandomAccessFile f = new RandomAccessFile(local.toFile(), "rw")) {
      f.seek(flagsAt);
      int flags = f.read();
      f.seek(flagsAt);
      f.write(flags | 0x20);
    }
    Files.deleteIfExists(local.resolveSibling("." + local.getFileName() + ".crc"));
    long at = recordAt;
    HeaderFormatException e = assertThrows(HeaderFormatException.class, () -> {
      try (ProvenanceFileReader<Text, IntWritable> r = new ProvenanceFileReader<>(conf, file)) {
        while (r.next()) {
          r.value().header();
        }
      }
    });
    assertTrue(e.getMessage().contains(file.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("record at byte " + at + ":"), e.getMessage());
    assertTrue(e.getMessage().contains("no header precedes it in its sync block"),
        e.getMessage());
  }

  private org.apache.hadoop.fs.Path part(String name) {
    return new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri().toString(), "part-m-00000");
  }
}
