package org.provmr.substream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.mapreduce.ProvenanceInputFormat;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoreNames;
import org.provmr.testing.TestData;

/**
 * The input formats over an output with sub-streams: the whole output by default, sub-stream
 * parts first in the split list; restricted by provenance.input.substream. One age-routed
 * grep output (sources 10 minutes, 5 hours and 30 days old) is shared by the tests.
 */
class SubstreamInputTest {
  @TempDir
  static Path shared;
  static Configuration conf;
  static Path output;

  @BeforeAll
  static void routedOutput() throws Exception {
    conf = TestData.localConf(shared);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 32 * 1024);
    Path text = shared.resolve("text");
    TestData.text(conf, text, 3 * 32 * 1024, 3);
    List<Path> files;
    try (var s = Files.list(text)) {
      files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
    long now = System.currentTimeMillis();
    long[] ages = {600_000L, 5 * 3_600_000L, 30 * 86_400_000L};
    for (int i = 0; i < 3; i++) {
      Files.setLastModifiedTime(files.get(i),
          java.nio.file.attribute.FileTime.fromMillis(now - ages[i]));
    }
    output = shared.resolve("grep");
    var r = TestData.provmr(conf, "run", "grep", "--input", text.toString(), "--output",
        output.toUri().toString(), "--regex", "a", "-D", "provenance.substream.by=age");
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(Files.exists(output.resolve("priority")) && Files.exists(output.resolve(
        "age-1d")), "the fixture routes to two sub-streams");
  }

  private static List<String> splits(Class<?> format, String select) throws Exception {
    Job job = Job.getInstance(new Configuration(conf));
    job.getConfiguration().setLong(FileInputFormat.SPLIT_MAXSIZE, Long.MAX_VALUE);
    if (select != null) {
      job.getConfiguration().set(ProvenanceKeys.INPUT_SUBSTREAM, select);
    }
    FileInputFormat.addInputPath(job, new org.apache.hadoop.fs.Path(output.toUri()));
    List<InputSplit> splits = format == PayloadInputFormat.class
        ? new PayloadInputFormat<>().getSplits(job) : new ProvenanceInputFormat<>().getSplits(job);
    return splits.stream().map(s -> {
      org.apache.hadoop.fs.Path p = ((FileSplit) s).getPath();
      return p.getParent().getName().equals("grep") ? p.getName()
          : p.getParent().getName() + "/" + p.getName();
    }).distinct().toList();
  }

  /** The store's part names in a sub-stream (null: main), sorted. */
  private static List<String> parts(String substream) throws IOException {
    return LineageStore.read(conf, new org.apache.hadoop.fs.Path(output.toUri())).parts()
        .stream().map(PartEntry::name)
        .filter(n -> java.util.Objects.equals(substream, StoreNames.substreamOf(n)))
        .sorted().toList();
  }

  @Test
  void theWholeOutputIsReadByDefaultSubstreamsFirst() throws Exception {
    List<String> priority = parts("priority");
    List<String> band = parts("age-1d");
    List<String> main = parts(null);
    assertEquals(1, priority.size());
    assertEquals(1, band.size());
    assertEquals(1, main.size(), "the two routed tasks leave no empty main part");
    for (Class<?> format : List.of(PayloadInputFormat.class, ProvenanceInputFormat.class)) {
      List<String> all = splits(format, null);
      assertEquals(priority, all.subList(0, 1), format.getSimpleName() + ": " + all);
      assertEquals(band, all.subList(1, 2), format.getSimpleName() + ": " + all);
      assertEquals(main, all.subList(2, all.size()).stream().sorted().toList());
      assertEquals(all, splits(format, "all"));
    }
  }

  @Test
  void priorityOrMainAloneWhenAsked() throws Exception {
    List<String> substreams = new java.util.ArrayList<>(parts("priority"));
    substreams.addAll(parts("age-1d"));
    assertEquals(substreams, splits(PayloadInputFormat.class, "priority"));
    assertEquals(parts(null), splits(ProvenanceInputFormat.class, "main").stream().sorted()
        .toList());
  }

  @Test
  void aBadSelectionNamesTheKey() {
    BadConfigurationException e = assertThrows(BadConfigurationException.class,
        () -> splits(PayloadInputFormat.class, "fresh"));
    assertTrue(e.getMessage().contains("provenance.input.substream=fresh"), e.getMessage());
  }

  @Test
  void aStrayFileInASubstreamDirectoryFailsTheReader() throws Exception {
    Path stray = output.resolve("priority/part-m-00009");
    Files.copy(output.resolve(parts("priority").get(0)), stray);
    try {
      IOException e = assertThrows(IOException.class,
          () -> splits(PayloadInputFormat.class, null));
      assertTrue(e.getMessage().contains("is not a part of the output"), e.getMessage());
    } finally {
      Files.delete(stray);
    }
  }
}
