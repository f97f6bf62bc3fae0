package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.Grep;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;
import org.provmr.testing.Outputs;
import org.provmr.testing.TestData;

/**
 * A capture job's map tasks get their FileSplits inside a SelfCountingSplit, so that Hadoop's
 * MapTask does not walk the file system statistics around every record; the mapper, the
 * manifest, the recorded job and the "Bytes Read" counter see what a plain job's would.
 */
class SelfCountingInputTest {
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
    text = TestData.text(conf, shared.resolve("text"), 300 * 1024, 2);
  }

  /** Writes, for each record, the file name and start of the split its context names. */
  public static class SplitNamingMapper
      extends ProvenanceMapper<LongWritable, Text, Text, NullWritable> {
    /** Counts the class of the split MapTask was handed: Hadoop walks for a FileSplit only. */
    @Override
    public void run(Context context) throws IOException, InterruptedException {
      context.getCounter("split given to MapTask", context.getInputSplit().getClass()
          .getSimpleName()).increment(1);
      super.run(context);
    }

    @Override
    protected void map(LongWritable key, Text value, Context context)
        throws IOException, InterruptedException {
      FileSplit split = (FileSplit) context.getInputSplit(); // as user code casts it
      context.write(new Text(split.getPath().getName() + "@" + split.getStart()),
          NullWritable.get());
    }
  }

  /** The same over a plain job: Hadoop's own counting of the same reads. */
  public static class PlainMapper extends Mapper<LongWritable, Text, Text, NullWritable> {
  }

  /** A format whose reader takes its split from the context, not from its argument. */
  public static class ContextSplitFormat extends TextInputFormat {
    @Override
    public org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text> createRecordReader(
        InputSplit split, org.apache.hadoop.mapreduce.TaskAttemptContext context) {
      return new org.apache.hadoop.mapreduce.lib.input.LineRecordReader() {
        @Override
        public void initialize(InputSplit ignored,
            org.apache.hadoop.mapreduce.TaskAttemptContext c) throws IOException {
          super.initialize((FileSplit) ((org.apache.hadoop.mapreduce.MapContext<?, ?, ?, ?>) c)
              .getInputSplit(), c);
        }
      };
    }
  }

  @Test
  void readerAskingItsContextForTheSplitGetsTheFileSplit() throws Exception {
    Job job = captureJob(new Configuration(conf), "context-split");
    job.getConfiguration().set(SelfCountingInputFormat.USER_FORMAT,
        ContextSplitFormat.class.getName());
    assertTrue(job.waitForCompletion(false));
    assertEquals(job.getCounters().findCounter(
        org.apache.hadoop.mapreduce.TaskCounter.MAP_INPUT_RECORDS).getValue(),
        Outputs.payload(conf, tmp.resolve("context-split")).size());
  }

  private Job captureJob(Configuration c, String name) throws IOException {
    Job job = Job.getInstance(c, name);
    job.setMapperClass(SplitNamingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(NullWritable.class);
    FileInputFormat.addInputPath(job, text);
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(tmp.resolve(name).toUri()));
    ProvenanceJob.configure(job);
    return job;
  }

  @Test
  void bytesReadCounterEqualsAPlainJobsAndTheMapperSeesItsFileSplit() throws Exception {
    Job capture = captureJob(new Configuration(conf), "capture");
    assertEquals(SelfCountingInputFormat.class, capture.getInputFormatClass());
    assertTrue(capture.waitForCompletion(false));

    Job plain = Job.getInstance(new Configuration(conf), "plain");
    plain.setMapperClass(PlainMapper.class);
    plain.setNumReduceTasks(0);
    plain.setOutputFormatClass(NullOutputFormat.class);
    FileInputFormat.addInputPath(plain, text);
    assertTrue(plain.waitForCompletion(false));

    long read = capture.getCounters().findCounter(FileInputFormatCounter.BYTES_READ).getValue();
    assertTrue(read > 300 * 1024, "bytes read " + read);
    assertEquals(plain.getCounters().findCounter(FileInputFormatCounter.BYTES_READ).getValue(),
        read);

    // Every split, by the FileSplit each mapper was handed, and each record's DataID names it.
    org.apache.hadoop.fs.Path out = FileOutputFormat.getOutputPath(capture);
    TreeSet<String> splits = new TreeSet<>();
    for (String line : Outputs.payload(conf, tmp.resolve("capture"))) {
      splits.add(line.split("\t")[0]);
    }
    StoredJob store = LineageStore.read(conf, out);
    assertTrue(store.sources().size() >= 4, "splits " + store.sources().size());
    TreeSet<String> recorded = new TreeSet<>();
    store.sources().forEach(s -> recorded.add(
        new org.apache.hadoop.fs.Path(s.uri()).getName() + "@" + s.start()));
    assertEquals(recorded, splits);
    assertEquals(store.sources().size(), capture.getCounters().findCounter(
        "split given to MapTask", "SelfCountingSplit").getValue());
    assertEquals(0, capture.getCounters().findCounter("split given to MapTask", "FileSplit")
        .getValue());
  }

  @Test
  void recordedJobNamesTheJobsOwnInputFormat() throws Exception {
    Job job = captureJob(new Configuration(conf), "recorded");
    assertTrue(job.waitForCompletion(false));
    StoredJob store = LineageStore.read(conf, FileOutputFormat.getOutputPath(job));
    Map<String, String> recorded = store.job().configuration();
    assertEquals(TextInputFormat.class.getName(),
        recorded.get(MRJobConfig.INPUT_FORMAT_CLASS_ATTR));
    assertNull(recorded.get(SelfCountingInputFormat.USER_FORMAT));
    assertEquals(TextInputFormat.class.getName(),
        store.job().lineages().get(0).lineage().steps().get(0).params().get("input.format"));
  }

  @Test
  void operatorCanLeaveTheSplitsToHadoop() throws Exception {
    Configuration off = new Configuration(conf);
    off.setBoolean(ProvenanceKeys.CAPTURE_COUNT_BYTES_READ, false);
    Job job = captureJob(off, "off");
    assertEquals(TextInputFormat.class, job.getInputFormatClass());
    assertTrue(job.waitForCompletion(false));
    assertTrue(job.getCounters().findCounter(FileInputFormatCounter.BYTES_READ).getValue()
        > 300 * 1024);
  }

  @Test
  void configuringTwiceKeepsTheJobsOwnFormatUnderneath() throws Exception {
    Job job = captureJob(new Configuration(conf), "twice");
    ProvenanceJob.configure(job);
    assertEquals(SelfCountingInputFormat.class, job.getInputFormatClass());
    assertEquals(TextInputFormat.class.getName(),
        job.getConfiguration().get(SelfCountingInputFormat.USER_FORMAT));
    assertFalse(SelfCountingInputFormat.userView(job.getConfiguration())
        .getTrimmed(MRJobConfig.INPUT_FORMAT_CLASS_ATTR).contains("SelfCounting"));
  }

  @Test
  void splitRoundTripsThroughHadoopsSerializationWithItsFileSplitsClassAndRange()
      throws Exception {
    FileSplit file = new FileSplit(new org.apache.hadoop.fs.Path("file:/in/a.txt"), 512, 1024,
        new String[] {"h1"});
    SelfCountingSplit back = roundTrip(new SelfCountingSplit(file));
    FileSplit inner = (FileSplit) SelfCountingSplit.inner(back);
    assertEquals(FileSplit.class, inner.getClass());
    assertEquals(file.getPath(), inner.getPath());
    assertEquals(512, inner.getStart());
    assertEquals(1024, back.getLength());
    assertEquals(file.toString(), back.toString());
  }

  @Test
  void splitFileNamingANonFileSplitClassIsRefusedByName() throws Exception {
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    Text.writeString(out, "java.lang.Thread");
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    SelfCountingSplit split = new SelfCountingSplit();
    split.setConf(conf);
    IOException e = org.junit.jupiter.api.Assertions.assertThrows(IOException.class,
        () -> split.readFields(in));
    assertTrue(e.getMessage().contains("java.lang.Thread") && e.getMessage().contains(
        "not a FileSplit"), e.getMessage());
  }

  private static SelfCountingSplit roundTrip(SelfCountingSplit split) throws IOException {
    org.apache.hadoop.io.serializer.SerializationFactory factory =
        new org.apache.hadoop.io.serializer.SerializationFactory(conf);
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    org.apache.hadoop.io.serializer.Serializer<SelfCountingSplit> ser =
        factory.getSerializer(SelfCountingSplit.class);
    ser.open(out);
    ser.serialize(split);
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    org.apache.hadoop.io.serializer.Deserializer<SelfCountingSplit> de =
        factory.getDeserializer(SelfCountingSplit.class);
    de.open(in);
    return de.deserialize(null);
  }

  /** A FileInputFormat whose reader offers the same line again and again, from memory. */
  public static class SameLineFormat extends TextInputFormat {
    @Override
    public org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text> createRecordReader(
        InputSplit split, org.apache.hadoop.mapreduce.TaskAttemptContext context) {
      return new org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text>() {
        private final LongWritable key = new LongWritable();
        private final Text value = new Text("a line of grep input");

        @Override
        public void initialize(InputSplit s, org.apache.hadoop.mapreduce.TaskAttemptContext c) {
          assertEquals(FileSplit.class, s.getClass());
        }

        @Override
        public boolean nextKeyValue() {
          key.set(key.get() + 21);
          return true;
        }

        @Override
        public LongWritable getCurrentKey() {
          return key;
        }

        @Override
        public Text getCurrentValue() {
          return value;
        }

        @Override
        public float getProgress() {
          return 0;
        }

        @Override
        public void close() {
        }
      };
    }
  }

  @Test
  void readingThroughTheCountingReaderDoesNotAllocate() throws Exception {
    Configuration c = new Configuration(conf);
    c.set(SelfCountingInputFormat.USER_FORMAT, SameLineFormat.class.getName());
    org.apache.hadoop.mapreduce.TaskAttemptContext task =
        new org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl(c,
            new org.apache.hadoop.mapreduce.TaskAttemptID("j", 1,
                org.apache.hadoop.mapreduce.TaskType.MAP, 0, 0));
    InputSplit split = new SelfCountingSplit(new FileSplit(text, 0, 1024, null));
    org.apache.hadoop.mapreduce.RecordReader<LongWritable, Text> reader =
        new SelfCountingInputFormat<LongWritable, Text>().createRecordReader(split, task);
    reader.initialize(split, task);
    int records = 200_000;
    long sum = 0;
    for (int i = 0; i < records; i++) { // warm up: load classes, compile
      reader.nextKeyValue();
      sum += reader.getCurrentKey().get() + reader.getCurrentValue().getLength();
    }
    long before = org.provmr.testing.Allocations.now();
    for (int i = 0; i < records; i++) {
      reader.nextKeyValue();
      sum += reader.getCurrentKey().get() + reader.getCurrentValue().getLength();
    }
    long allocated = org.provmr.testing.Allocations.now() - before;
    assertTrue(sum > 0);
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for " + records + " reads");
    reader.close();
  }

  @Test
  void splitsOtherThanFileSplitsAreLeftAsTheFormatMadeThem() {
    InputSplit other = new InputSplit() {
      @Override
      public long getLength() {
        return 1;
      }

      @Override
      public String[] getLocations() {
        return new String[0];
      }
    };
    assertEquals(other, SelfCountingSplit.inner(other));
  }
}
