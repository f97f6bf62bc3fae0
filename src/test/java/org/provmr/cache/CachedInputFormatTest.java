package org.provmr.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.recompute.mapreduce.ManifestInputFormat;

/**
 * The input of a replaying sub-job with a real TaskAttemptContext: splits with an entry become
 * CachedSplits that keep their source id and range, and their reader opens the source only
 * when a record is asked for (a replayed split reads no source byte).
 */
class CachedInputFormatTest {
  @TempDir
  Path tmp;

  @Test
  void splitsWithAnEntryAreCachedAndTheirSourceIsOpenedOnlyOnDemand() throws Exception {
    Path a = Files.writeString(tmp.resolve("a.txt"), "one\ntwo\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "three\n");
    Configuration conf = new Configuration(); // defaults: the file system it makes is cached
    conf.set("fs.defaultFS", "file:///");
    Job job = Job.getInstance(conf);
    Configuration c = job.getConfiguration();
    ManifestInputFormat.configure(c, List.of(
        new ManifestInputFormat.Entry(3, a.toUri().toString(), 0, Files.size(a)),
        new ManifestInputFormat.Entry(4, b.toUri().toString(), 0, Files.size(b))),
        TextInputFormat.class);
    c.set(CacheReplay.CACHED, "3=" + tmp.resolve("entry").toUri());
    c.setClass(CacheReplay.INNER_INPUT_FORMAT, ManifestInputFormat.class, Object.class);

    CachedInputFormat<Object, Object> format = new CachedInputFormat<>();
    List<InputSplit> splits = format.getSplits(job);
    assertEquals(2, splits.size());
    CachedSplit cached = assertInstanceOf(CachedSplit.class, splits.get(0));
    assertEquals(3, cached.sourceId());
    assertEquals(Files.size(a), cached.getLength());
    assertFalse(splits.get(1) instanceof CachedSplit);

    DataOutputBuffer out = new DataOutputBuffer();
    cached.write(out);
    CachedSplit back = new CachedSplit();
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    back.readFields(in);
    assertEquals(cached.toString(), back.toString());

    Files.delete(a); // a reader that opened the file at initialize would fail now
    TaskAttemptContext task = new TaskAttemptContextImpl(c, new TaskAttemptID("t", 1,
        org.apache.hadoop.mapreduce.TaskType.MAP, 0, 0));
    try (RecordReader<Object, Object> reader = format.createRecordReader(cached, task)) {
      reader.initialize(cached, task);
      assertEquals(0f, reader.getProgress());
      assertThrows(FileNotFoundException.class, reader::nextKeyValue,
          "the fallback opens the source on the first record");
    }
    try (RecordReader<Object, Object> reader = format.createRecordReader(splits.get(1),
        task)) {
      reader.initialize(splits.get(1), task);
      assertTrue(reader.nextKeyValue());
      assertEquals("three", reader.getCurrentValue().toString());
    }
  }
}
