package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.spi.ToolProvider;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.MapContextImpl;
import org.junit.jupiter.api.Test;
import org.provmr.testing.Allocations;

/**
 * The tracing map context over Hadoop's real MapContextImpl: what map() writes reaches the
 * task's collector as a TracedValue of the record being processed; what the collector throws
 * reaches map() as it was thrown; and a write allocates nothing, as it runs once per record.
 */
class TracingMapperTest {
  private static final TaskAttemptID MAP = new TaskAttemptID("j", 1, TaskType.MAP, 3, 0);
  private static final long SPLIT_START = 1_000;

  /** Offers {@code lines} as TextInputFormat would: the key is each line's byte offset. */
  private static class Lines extends RecordReader<LongWritable, Text> {
    private final Text[] lines;
    private final LongWritable key = new LongWritable();
    private final Text value = new Text();
    private long offset = SPLIT_START;
    private int next;
    int keyFetches;
    int valueFetches;

    Lines(String... lines) {
      this.lines = new Text[lines.length];
      for (int i = 0; i < lines.length; i++) {
        this.lines[i] = new Text(lines[i]);
      }
    }

    @Override
    public void initialize(InputSplit split, TaskAttemptContext context) {
    }

    @Override
    public boolean nextKeyValue() {
      if (next >= lines.length) {
        next = lines.length + 1; // past the end: no current record, as LineRecordReader
        return false;
      }
      key.set(offset);
      value.set(lines[next]); // copies into value's buffer: no allocation once it is sized
      offset += value.getLength() + 1;
      next++;
      return true;
    }

    @Override
    public LongWritable getCurrentKey() {
      keyFetches++;
      return next == 0 || next > lines.length ? null : key;
    }

    @Override
    public Text getCurrentValue() {
      valueFetches++;
      return next == 0 || next > lines.length ? null : value;
    }

    @Override
    public float getProgress() {
      return 0;
    }

    @Override
    public void close() {
    }
  }

  /** The task's collector: keeps copies of what reached it, or throws {@code failure}. */
  private static final class Collector extends RecordWriter<Text, Object> {
    final List<String> written = new ArrayList<>();
    IOException failure;
    long count;

    @Override
    public void write(Text key, Object value) throws IOException {
      if (failure != null) {
        throw failure;
      }
      count++;
      if (written.size() < 10) {
        TracedValue t = (TracedValue) value;
        written.add(key + " " + t.rangeSource() + " " + t.rangeOffset() + "+"
            + t.rangeLength());
      }
    }

    @Override
    public void close(TaskAttemptContext context) {
    }
  }

  private static Mapper<LongWritable, Text, Text, Text>.Context traced(Lines in,
      Collector out) throws IOException {
    Configuration conf = new Configuration(false);
    // As ProvenanceJob.configure records it: the class the mapper writes (TracedValue.declare).
    conf.setClass(ProvenanceJob.MAP_OUTPUT_VALUE_CLASS, Text.class, Object.class);
    FileSplit split = new FileSplit(new Path("file:/in/a.txt"), SPLIT_START, 1 << 20, null);
    MapContextImpl<LongWritable, Text, Text, Object> real =
        new MapContextImpl<>(conf, MAP, in, out, null, null, split);
    @SuppressWarnings({"unchecked", "rawtypes"})
    MapContextImpl<LongWritable, Text, Text, Text> asUser = (MapContextImpl) real;
    return new TracingMapper<LongWritable, Text, Text, Text>(
        new MapSideTracker(real, split, false)).wrap(asUser);
  }

  @Test
  void aValueWrittenFromMapReachesTheCollectorStampedWithItsRecordsByteRange()
      throws Exception {
    Collector out = new Collector();
    Mapper<LongWritable, Text, Text, Text>.Context context = traced(new Lines("ab", "cdef"), out);
    while (context.nextKeyValue()) {
      context.write(new Text(context.getCurrentValue()), new Text("v"));
    }
    // Source id 3 (the task's split), offsets relative to the split's start, line lengths.
    assertEquals(List.of("ab 3 0+2", "cdef 3 3+4"), out.written);
  }

  @Test
  void mapSeesEachRecordFetchedOnceFromTheReaderAndTheReadersOwnAnswerOutsideTheRecords()
      throws Exception {
    Lines in = new Lines("ab", "cdef", "g");
    Collector out = new Collector();
    Mapper<LongWritable, Text, Text, Text>.Context context = traced(in, out);
    assertEquals(null, context.getCurrentKey()); // before the first record: the reader's null
    List<String> seen = new ArrayList<>();
    while (context.nextKeyValue()) {
      // Mapper.run asks for both once; a map() may ask again and gets the same objects.
      seen.add(context.getCurrentKey().get() + ":" + context.getCurrentValue());
      assertSame(context.getCurrentValue(), context.getCurrentValue());
      context.write(new Text(context.getCurrentValue()), new Text("v"));
    }
    assertEquals(List.of("1000:ab", "1003:cdef", "1008:g"), seen);
    assertEquals(List.of("ab 3 0+2", "cdef 3 3+4", "g 3 8+1"), out.written);
    // One fetch of each per record (the tracker's), one before the loop and one after it.
    assertEquals(3 + 1, in.keyFetches);
    assertEquals(3, in.valueFetches);
    assertEquals(null, context.getCurrentKey());
    assertEquals(null, context.getCurrentValue());
    assertEquals(3 + 2, in.keyFetches);
    assertEquals(3 + 1, in.valueFetches);
  }

  @Test
  void aReaderThatFailsOnARecordLeavesNoEarlierRecordCurrent() throws Exception {
    IOException broken = new IOException("bad block");
    Lines in = new Lines("ab", "cdef") {
      @Override
      public Text getCurrentValue() {
        if (keyFetches == 2) { // the second record's value
          throw new UncheckedIOException(broken);
        }
        return super.getCurrentValue();
      }
    };
    Mapper<LongWritable, Text, Text, Text>.Context context = traced(in, new Collector());
    assertTrue(context.nextKeyValue());
    assertEquals(1000L, context.getCurrentKey().get());
    assertThrows(UncheckedIOException.class, context::nextKeyValue);
    // Not "ab" again: the reader is asked, and holds the second record's key.
    assertEquals(1003L, context.getCurrentKey().get());
  }

  @Test
  void anIOExceptionOfTheCollectorReachesMapUnwrapped() throws Exception {
    Collector out = new Collector();
    out.failure = new IOException("disk full");
    Mapper<LongWritable, Text, Text, Text>.Context context = traced(new Lines("ab"), out);
    context.nextKeyValue();
    IOException thrown = assertThrows(IOException.class,
        () -> context.write(new Text("k"), new Text("v")));
    assertSame(out.failure, thrown);
  }

  @Test
  void aValueThatIsNoWritableIsRefusedWithItsClassNamed() throws Exception {
    Mapper<LongWritable, Text, Object, Object>.Context context = raw(traced(new Lines("ab"),
        new Collector()));
    context.nextKeyValue();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> context.write(new Text("k"), "a string"));
    assertTrue(e.getMessage().contains("java.lang.String"), e.getMessage());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Mapper<LongWritable, Text, Object, Object>.Context raw(Mapper.Context c) {
    return c;
  }

  @Test
  void writingThroughTheTracingContextDoesNotAllocate() throws Exception {
    int records = 100_000;
    String[] lines = new String[records * 2];
    Arrays.fill(lines, "a line of grep output");
    Collector out = new Collector();
    Mapper<LongWritable, Text, Text, Text>.Context context = traced(new Lines(lines), out);
    Text key = new Text("k");
    Text value = new Text("v");
    for (int i = 0; i < records; i++) { // warm up: load classes, size the buffers, compile
      context.nextKeyValue();
      context.write(key, value);
    }
    long before = Allocations.now();
    for (int i = 0; i < records; i++) {
      context.nextKeyValue();
      context.write(key, value);
    }
    long allocated = Allocations.now() - before;
    assertEquals(2L * records, out.count);
    // Far below one allocation per record (16 bytes each would be 1.6 MB).
    assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for " + records + " writes");
  }

  /**
   * C2 inlines a hot callee only up to FreqInlineSize (325) bytes of bytecode; the tracing
   * write must stay over it so that Hadoop's collector is not compiled into the user's map()
   * (TracingContext.write). Read with the JDK's javap, as the class file has it.
   */
  @Test
  void theTracingWriteStaysTooBigForC2ToInlineIntoMap() {
    ToolProvider javap = ToolProvider.findFirst("javap")
        .orElseThrow(() -> new AssertionError("javap is not available in this JDK"));
    StringWriter out = new StringWriter();
    int rc = javap.run(new PrintWriter(out), new PrintWriter(out), "-c", "-p",
        TracingMapper.class.getName() + "$TracingContext");
    assertEquals(0, rc, out.toString());
    int last = -1;
    boolean inWrite = false;
    for (String line : out.toString().split("\n")) {
      if (line.contains(" write(")) {
        inWrite = line.contains("public void write(");
      } else if (inWrite && line.matches("\\s+\\d+: .*")) {
        last = Integer.parseInt(line.trim().split(":")[0]);
      }
    }
    assertTrue(last > 325, "TracingContext.write's last instruction is at byte " + last
        + "; C2 would inline it into map() (FreqInlineSize 325):\n" + out);
  }
}
