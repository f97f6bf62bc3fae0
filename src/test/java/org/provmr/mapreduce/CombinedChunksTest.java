package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.CombineFileSplit;
import org.junit.jupiter.api.Test;
import org.provmr.conf.ProvenanceKeys;

/** Source ids and the current range of a combined split, on a bare Configuration. */
class CombinedChunksTest {
  private static final Path A = new Path("file:/data/a.txt");
  private static final Path B = new Path("file:/data/b.txt");

  private static CombineFileSplit split() {
    return new CombineFileSplit(new Path[] {A, B, A}, new long[] {0, 0, 100},
        new long[] {100, 50, 30}, new String[0]);
  }

  private static void readerAt(Configuration conf, Path file, long start) {
    conf.set("mapreduce.map.input.file", file.toString());
    conf.setLong("mapreduce.map.input.start", start);
  }

  @Test
  void eachRangeHasItsOwnIdInTheTasksBlock() throws IOException {
    Configuration conf = new Configuration(false);
    conf.setInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES, 16);
    CombinedChunks c = new CombinedChunks(split(), conf, 3);
    assertEquals(3, c.count());
    assertEquals(48, c.id(0));
    assertEquals(50, c.id(2));
    assertEquals(3, c.all().size());
    assertEquals(48, c.all().get(0));
  }

  @Test
  void theCurrentRangeIsTheOneTheReaderNames() throws IOException {
    Configuration conf = new Configuration(false);
    CombinedChunks c = new CombinedChunks(split(), conf, 0);
    assertEquals(-1, c.locate(), "the reader has not said yet");
    readerAt(conf, A, 0);
    assertEquals(0, c.locate());
    readerAt(conf, B, 0);
    assertEquals(1, c.locate());
    readerAt(conf, A, 100); // same file, second range
    assertEquals(2, c.locate());
    readerAt(conf, new Path("file:/data/other.txt"), 0);
    assertEquals(-1, c.locate(), "an unknown range is not guessed");
  }

  @Test
  void aSplitWithMoreRangesThanIdsIsRefusedNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.setInt(ProvenanceKeys.COMBINED_SPLIT_MAX_FILES, 2);
    IOException e = assertThrows(IOException.class, () -> new CombinedChunks(split(), conf, 0));
    assertTrue(e.getMessage().contains("holds 3 file ranges, more than "
        + ProvenanceKeys.COMBINED_SPLIT_MAX_FILES + "=2"), e.getMessage());
  }
}
