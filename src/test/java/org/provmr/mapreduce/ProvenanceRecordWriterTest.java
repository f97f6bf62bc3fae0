package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.HeaderCodec;
import org.provmr.header.TypeMark;
import org.provmr.testing.Allocations;
import org.provmr.testing.TestData;

/**
 * The record writer's uncompressed path writes each record itself, in one write, instead of
 * through SequenceFile.Writer.appendRaw: Hadoop's own reader must frame what it wrote exactly
 * as appendRaw's output ({@code [key][type mark at a block start][header][value]}), with sync
 * markers in between, and the loop must stay allocation-free.
 */
class ProvenanceRecordWriterTest {
  @TempDir
  Path tmp;

  private TaskAttemptContext task(int headerVersion) throws IOException {
    Configuration conf = TestData.localConf(tmp);
    Job job = Job.getInstance(conf);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(IntWritable.class);
    job.setMapperClass(ProvenanceMapper.class);
    job.setNumReduceTasks(1);
    job.getConfiguration().set(ProvenanceKeys.HEADER_VERSION, Integer.toString(headerVersion));
    ProvenanceJob.configure(job);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve("out").toUri()));
    TaskAttemptContext task = new TaskAttemptContextImpl(job.getConfiguration(),
        new TaskAttemptID("test", 1, TaskType.REDUCE, 0, 0));
    FileOutputCommitter committer =
        (FileOutputCommitter) new ProvenanceOutputFormat<>().getOutputCommitter(task);
    committer.setupJob(task);
    committer.setupTask(task);
    return task;
  }

  private static org.apache.hadoop.fs.Path part(TaskAttemptContext task) throws IOException {
    return new org.apache.hadoop.fs.Path(((FileOutputCommitter)
        new ProvenanceOutputFormat<>().getOutputCommitter(task)).getWorkPath(), "part-r-00000");
  }

  /** A raw record value's bytes, as stored (uncompressed files). */
  private static byte[] bytesOf(SequenceFile.ValueBytes value) throws IOException {
    DataOutputBuffer b = new DataOutputBuffer();
    value.writeUncompressedBytes(b);
    return Arrays.copyOf(b.getData(), b.getLength());
  }

  /** The bytes {@code w.write} produces. */
  private static byte[] bytesOf(org.apache.hadoop.io.Writable w) throws IOException {
    DataOutputBuffer b = new DataOutputBuffer();
    w.write(b);
    return Arrays.copyOf(b.getData(), b.getLength());
  }

  private static Text key(int i) {
    // 0 to 299 bytes: Text's length varint takes one byte below 128, two above.
    char[] c = new char[(i * 37) % 300];
    Arrays.fill(c, (char) ('a' + i % 26));
    return new Text(new String(c));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void hadoopsReaderFramesEveryRecordAsKeyThenMarkHeaderAndValue(int headerVersion)
      throws Exception {
    TaskAttemptContext task = task(headerVersion);
    ProvenanceOutputFormat<Text, TracedValue> format = new ProvenanceOutputFormat<>();
    RecordWriter<Text, TracedValue> writer = format.getRecordWriter(task);
    TracedValue traced = new TracedValue();
    int records = 4000; // about 700 KB: several sync blocks
    for (int i = 0; i < records; i++) {
      writer.write(key(i), traced.setRange(new IntWritable(i), 1, i * 100L, 100));
    }
    writer.close(task);

    org.apache.hadoop.fs.Path part = part(task);
    DataOutputBuffer rawKey = new DataOutputBuffer();
    int n = 0;
    int marks = 0;
    try (SequenceFile.Reader r = new SequenceFile.Reader(task.getConfiguration(),
        SequenceFile.Reader.file(part))) {
      SequenceFile.ValueBytes value = r.createValueBytes();
      while (r.nextRaw(rawKey, value) >= 0) {
        boolean blockStart = n == 0 || r.syncSeen();
        assertArrayEquals(bytesOf(key(n)),
            Arrays.copyOf(rawKey.getData(), rawKey.getLength()), "key of record " + n);
        byte[] v = bytesOf(value);
        int len = v.length;
        int mark = TypeMark.length(v, 0, len);
        assertEquals(blockStart, mark > 0, "a type mark exactly at block starts, record " + n);
        marks += mark > 0 ? 1 : 0;
        int header = HeaderCodec.totalLength(v, mark, len - mark);
        assertEquals(4, len - mark - header, "one IntWritable after the header, record " + n);
        assertEquals(n, ((v[len - 4] & 0xFF) << 24) | ((v[len - 3] & 0xFF) << 16)
            | ((v[len - 2] & 0xFF) << 8) | (v[len - 1] & 0xFF));
        rawKey.reset();
        n++;
      }
    }
    assertEquals(records, n);
    assertTrue(marks >= 4, "several sync blocks expected, got " + marks);
  }

  /** A Text that writes itself differently: the writer must not take it for a plain Text. */
  static final class ShoutingText extends Text {
    ShoutingText(String s) {
      super(s);
    }

    @Override
    public void write(java.io.DataOutput out) throws IOException {
      out.writeByte('!');
      super.write(out);
    }
  }

  @Test
  void textKeysAndValuesAreWrittenAsTheirOwnWriteWouldAroundTheOneByteLengthLimit()
      throws Exception {
    TaskAttemptContext task = task(2);
    task.getConfiguration().setClass("mapreduce.job.output.value.class", Text.class,
        Object.class);
    RecordWriter<Text, TracedValue> writer =
        new ProvenanceOutputFormat<Text, TracedValue>().getRecordWriter(task);
    int[] lengths = {0, 1, 127, 128, 129, 300, 70_000};
    Text[] keys = new Text[lengths.length];
    Text[] values = new Text[lengths.length];
    for (int i = 0; i < lengths.length; i++) {
      char[] c = new char[lengths[i]];
      Arrays.fill(c, (char) ('a' + i));
      keys[i] = new Text(new String(c));
      values[i] = new Text(new String(c, 0, lengths[i] / 2));
    }
    TracedValue traced = new TracedValue();
    for (int i = 0; i < keys.length; i++) {
      writer.write(keys[i], traced.setRange(values[i], 1, i * 10L, 10));
    }
    IOException e = assertThrows(IOException.class, () -> writer.write(
        new ShoutingText("key of a subclass"), traced.setRange(new Text("v"), 1, 0, 1)));
    assertTrue(e.getMessage().startsWith("wrong key class: " + ShoutingText.class.getName()
        + " is not class org.apache.hadoop.io.Text in "), e.getMessage());
    e = assertThrows(IOException.class, () -> writer.write(new Text("k"),
        traced.setRange(new ShoutingText("value of a subclass"), 1, 0, 1)));
    assertTrue(e.getMessage().startsWith("wrong value class: " + ShoutingText.class.getName()
        + " is not class org.apache.hadoop.io.Text in "), e.getMessage());
    writer.close(task);

    DataOutputBuffer rawKey = new DataOutputBuffer();
    int n = 0;
    try (SequenceFile.Reader r = new SequenceFile.Reader(task.getConfiguration(),
        SequenceFile.Reader.file(part(task)))) {
      SequenceFile.ValueBytes value = r.createValueBytes();
      while (r.nextRaw(rawKey, value) >= 0) {
        assertArrayEquals(bytesOf(keys[n]),
            Arrays.copyOf(rawKey.getData(), rawKey.getLength()), "key bytes of record " + n);
        byte[] v = bytesOf(value);
        int len = v.length;
        int mark = TypeMark.length(v, 0, len);
        int header = HeaderCodec.totalLength(v, mark, len - mark);
        assertArrayEquals(bytesOf(values[n]), Arrays.copyOfRange(v, mark + header, len),
            "value bytes of record " + n);
        rawKey.reset();
        n++;
      }
    }
    assertEquals(keys.length, n);
  }

  @Test
  void aSubclassOfTextThatTheJobDeclaresIsWrittenByItsOwnWrite() throws Exception {
    TaskAttemptContext task = task(2);
    task.getConfiguration().setClass("mapreduce.job.output.key.class", ShoutingText.class,
        Object.class);
    task.getConfiguration().setClass("mapreduce.job.output.value.class", ShoutingText.class,
        Object.class);
    RecordWriter<Text, TracedValue> writer =
        new ProvenanceOutputFormat<Text, TracedValue>().getRecordWriter(task);
    Text key = new ShoutingText("key of a subclass");
    Text value = new ShoutingText("value of a subclass");
    writer.write(key, new TracedValue().setRange(value, 1, 0, 10));
    writer.close(task);
    DataOutputBuffer rawKey = new DataOutputBuffer();
    try (SequenceFile.Reader r = new SequenceFile.Reader(task.getConfiguration(),
        SequenceFile.Reader.file(part(task)))) {
      SequenceFile.ValueBytes raw = r.createValueBytes();
      assertTrue(r.nextRaw(rawKey, raw) >= 0);
      assertArrayEquals(bytesOf(key), Arrays.copyOf(rawKey.getData(), rawKey.getLength()),
          "not the plain Text fast path: the subclass's own bytes, '!' first");
      byte[] v = bytesOf(raw);
      int mark = TypeMark.length(v, 0, v.length);
      int header = HeaderCodec.totalLength(v, mark, v.length - mark);
      assertArrayEquals(bytesOf(value), Arrays.copyOfRange(v, mark + header, v.length));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void writingRecordsDoesNotAllocate(int headerVersion) throws Exception {
    TaskAttemptContext task = task(headerVersion);
    RecordWriter<Text, TracedValue> writer =
        new ProvenanceOutputFormat<Text, TracedValue>().getRecordWriter(task);
    Text[] keys = {new Text("short"), new Text("a somewhat longer key of a record")};
    IntWritable value = new IntWritable();
    TracedValue traced = new TracedValue();
    SourceSet sources = new SourceSet();
    sources.add(0);
    sources.add(3);
    for (int i = 0; i < 20_000; i++) { // warm-up: buffers grown, classes loaded, JIT
      value.set(i);
      writer.write(keys[i & 1], i % 3 == 0 ? traced.setSources(value, sources)
          : traced.setRange(value, 2, i * 50L, 50));
    }
    // The least of three rounds: on a loaded machine (CI) the first round may still run code
    // the JIT has not finished compiling, which allocates what compiled code does not.
    long allocated = Long.MAX_VALUE;
    for (int round = 0; round < 3; round++) {
      long before = Allocations.now();
      for (int i = 0; i < 200_000; i++) { // about 8 MB: many drains of the hashing buffer, syncs
        value.set(i);
        writer.write(keys[i & 1], i % 3 == 0 ? traced.setSources(value, sources)
            : traced.setRange(value, 2, i * 50L, 50));
      }
      allocated = Math.min(allocated, Allocations.now() - before);
    }
    writer.close(task);
    org.apache.hadoop.fs.Path part = part(task);
    // The bytes of one round: every record is about the same size.
    long written = part.getFileSystem(task.getConfiguration()).getFileStatus(part).getLen()
        * 200_000 / (20_000 + 3 * 200_000);
    // Hadoop's local file system allocates a little per buffer it writes (about 1 KB per
    // 64 KiB): measured on the same number of bytes, written in the hashing buffer's chunks.
    long fileSystem = fileSystemAllocation(task.getConfiguration(), written);
    // What Hadoop's stream allocates depends on what the JIT made of it (boxing in its I/O
    // statistics, removed or not by escape analysis): 100-170 KB per round measured here. So
    // the bound is that plus 2 bytes a record, where one object a record would be 3.2 MB.
    assertTrue(allocated < fileSystem + 2 * 200_000, allocated + " bytes allocated for 200,000"
        + " records; the file system alone allocated " + fileSystem + " for the same bytes");
  }

  private long fileSystemAllocation(Configuration conf, long bytes) throws IOException {
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(tmp.resolve("fs").toUri());
    byte[] chunk = new byte[HashingOutputStream.BUFFER];
    try (org.apache.hadoop.fs.FSDataOutputStream out =
             file.getFileSystem(conf).create(file, true)) {
      for (int i = 0; i < 16; i++) { // warm-up
        out.write(chunk);
      }
      long before = Allocations.now();
      for (long n = 0; n < bytes; n += chunk.length) {
        out.write(chunk);
      }
      return Allocations.now() - before;
    }
  }
}
