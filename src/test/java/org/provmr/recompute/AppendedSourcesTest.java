package org.provmr.recompute;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.SequenceFileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.recompute.mapreduce.ManifestInputFormat.Entry;
import org.provmr.store.SourceEntry;
import org.provmr.store.StoredJob;

/** Which grown files have only their new bytes split, and how; the rest are re-split whole. */
class AppendedSourcesTest {
  @TempDir
  Path tmp;

  private final Configuration conf = new Configuration();

  /** A file that held {@code captured} when a job read it in one split, then {@code now}. */
  private StoredJob grown(String name, String captured, String now) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, now, StandardCharsets.UTF_8);
    String uri = f.toUri().toString().replace("file:///", "file:/");
    int len = captured.getBytes(StandardCharsets.UTF_8).length;
    StoredJob base = PlannerTest.store("file:/out/wc", 1, 1, null);
    return new StoredJob(base.output(), base.job(), List.of(new SourceEntry(0, uri, 0, len,
        len, 1, "bytes", "crc32c", "00000000", 1 << 20, List.of("00000000"), null)),
        base.parts());
  }

  private AppendedSources.Result split(StoredJob store, Class<?> format) throws Exception {
    return AppendedSources.split(conf, format, store, List.of(store.sources().get(0).uri()),
        5);
  }

  @Test
  void appendedLinesBecomeSplitsStartingOnTheNewlineThatEndedTheFile() throws Exception {
    StoredJob store = grown("a.txt", "one\ntwo\n", "one\ntwo\nthree\n");
    AppendedSources.Result r = split(store, TextInputFormat.class);
    String uri = store.sources().get(0).uri();
    assertEquals(List.of(new Entry(5, uri, 7, 7)), r.fresh());
    assertEquals(Map.of(uri, 8L), r.boundedAt());
    assertEquals(List.of(), r.resplit());
  }

  @Test
  void manyAppendedBytesAreSplitAtTheJobsSplitSize() throws Exception {
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 10);
    StoredJob store = grown("a.txt", "x\n", "x\n" + "012345678\n".repeat(3));
    AppendedSources.Result r = split(store, TextInputFormat.class);
    // bytes [1, 32): 31 bytes in splits of 10, the last one up to 10% larger (as FileInputFormat)
    assertEquals(List.of(1L, 11L, 21L), r.fresh().stream().map(Entry::start).toList());
    assertEquals(List.of(10L, 10L, 11L), r.fresh().stream().map(Entry::length).toList());
    assertEquals(List.of(5, 6, 7), r.fresh().stream().map(Entry::id).toList());
  }

  @Test
  void whatCannotBeBroughtUpToDateByItsNewBytesAloneIsReSplitWhole() throws Exception {
    // The append extended the last line: that line's record changed.
    StoredJob noNewline = grown("b.txt", "one\ntwo", "one\ntwo and more\n");
    assertEquals(List.of(noNewline.sources().get(0).uri()),
        split(noNewline, TextInputFormat.class).resplit());
    // Not line input.
    StoredJob seq = grown("c.txt", "one\n", "one\ntwo\n");
    assertEquals(1, split(seq, SequenceFileInputFormat.class).resplit().size());
    // Shorter than at capture.
    StoredJob cut = grown("d.txt", "one\ntwo\n", "one\n");
    assertEquals(1, split(cut, TextInputFormat.class).resplit().size());
    // A custom record delimiter.
    conf.set("textinputformat.record.delimiter", "|");
    StoredJob custom = grown("e.txt", "one\n", "one\ntwo\n");
    assertEquals(1, split(custom, TextInputFormat.class).resplit().size());
  }

  @Test
  void aFileAlreadyBroughtUpToDateHasNothingNew() throws Exception {
    StoredJob same = grown("a.txt", "one\n", "one\n");
    AppendedSources.Result r = split(same, TextInputFormat.class);
    assertEquals(List.of(), r.fresh());
    assertEquals(List.of(), r.resplit());
  }
}
