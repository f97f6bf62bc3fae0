package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.store.Fingerprints;
import org.provmr.store.LineageStore;
import org.provmr.store.LocalReads;
import org.provmr.store.SourceEntry;
import org.provmr.testing.TestData;
import org.provmr.validate.Alert;
import org.provmr.validate.AlertType;
import org.provmr.validate.ValidationReport;

/**
 * A map task records its split's fingerprint in the source manifest. When Hadoop's line reader
 * has read the whole split through the local file system's checksums, the fingerprint is
 * composed from the file's .crc sums and recorded as crc32: equal, chunk by chunk, to a CRC32
 * of the bytes, on splits that start anywhere. Otherwise (turned off, no .crc, a mapper that
 * stops early) the split is read and fingerprinted with the configured algorithm. Validation
 * reads the bytes either way, so a change that left the .crc behind is found.
 */
class SplitFingerprintTest {
  /** Not a multiple of 512: splits start off the .crc's grid of sums. */
  private static final long SPLIT = 30_001;
  private static final long CHUNK = 16 * 1024;

  @TempDir
  Path tmp;

  private Configuration conf() {
    Configuration conf = TestData.localConf(tmp);
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, SPLIT);
    conf.setLong("provenance.fingerprint.chunk.bytes", CHUNK);
    return conf;
  }

  /** Sample text written through Hadoop's LocalFileSystem: with .crc twins. */
  private String input(Configuration conf) throws IOException {
    return TestData.text(conf, tmp.resolve("in"), 200_000, 2).toString();
  }

  private String grep(Configuration conf, String in, String name, String... generic)
      throws Exception {
    String out = tmp.resolve(name).toUri().toString();
    List<String> args = new ArrayList<>(List.of("run", "grep"));
    args.addAll(List.of(generic));
    args.addAll(List.of("--input", in, "--output", out, "--regex", "^[a-m]"));
    TestData.Run r = TestData.provmr(conf, args.toArray(new String[0]));
    assertEquals(0, r.exitCode(), r.out() + r.err());
    return out;
  }

  private static List<SourceEntry> sources(Configuration conf, String out) throws IOException {
    List<SourceEntry> s = LineageStore.read(conf, new org.apache.hadoop.fs.Path(out)).sources();
    assertTrue(s.size() >= 6, "several splits of each file: " + s.size());
    return s;
  }

  /** Each entry's fingerprint is what a read of its range computes with {@code algorithm}. */
  private static void assertFingerprintsOfTheBytes(List<SourceEntry> sources,
      ChecksumAlgorithm algorithm) throws IOException {
    LocalReads reads = new LocalReads();
    for (SourceEntry s : sources) {
      assertEquals(algorithm.configName(), s.fingerprintAlgorithm(), s.uri());
      assertEquals(CHUNK, s.chunkBytes());
      Fingerprints.Result read = reads.fingerprint(Path.of(java.net.URI.create(s.uri())),
          s.start(), s.length(), algorithm, CHUNK);
      assertEquals(read.whole(), s.fingerprint(), s.uri() + " from " + s.start());
      assertEquals(read.chunks(), s.chunkFingerprints(), s.uri() + " from " + s.start());
    }
  }

  @Test
  void aTextSplitReadThroughChecksumsIsFingerprintedFromItsCrcAsItsBytesWouldBe()
      throws Exception {
    Configuration conf = conf();
    String out = grep(conf, input(conf), "composed");
    List<SourceEntry> sources = sources(conf, out);
    assertTrue(sources.stream().anyMatch(s -> s.start() % 512 != 0), "splits off the grid");
    assertFingerprintsOfTheBytes(sources, ChecksumAlgorithm.CRC32);
  }

  @Test
  void turnedOffTheSplitIsReadAndFingerprintedWithTheConfiguredAlgorithm() throws Exception {
    Configuration conf = conf();
    String out = grep(conf, input(conf), "read", "-D", "provenance.fingerprint.from.crc=false");
    assertFingerprintsOfTheBytes(sources(conf, out), ChecksumAlgorithm.CRC32C);
  }

  @Test
  void aSourceWithoutACrcIsReadAgain() throws Exception {
    Configuration conf = conf();
    Path in = Files.createDirectories(tmp.resolve("jdk-written"));
    StringBuilder text = new StringBuilder();
    for (int i = 0; text.length() < 200_000; i++) {
      text.append(i % 7 == 0 ? "alpha " : "zulu ").append(i).append('\n');
    }
    Files.writeString(in.resolve("a.txt"), text);
    Files.writeString(in.resolve("b.txt"), text);
    String out = grep(conf, in.toUri().toString(), "no-crc");
    assertFingerprintsOfTheBytes(sources(conf, out), ChecksumAlgorithm.CRC32C);
  }

  /** Maps only the first record of its split: its reader never reaches the split's end. */
  public static class FirstLineMapper extends ProvenanceMapper<LongWritable, Text, Text, Text> {
    @Override
    protected void runTraced(Context context) throws IOException, InterruptedException {
      setup(context);
      if (context.nextKeyValue()) {
        context.write(context.getCurrentValue(), new Text("first"));
      }
      cleanup(context);
    }
  }

  @Test
  void aMapperThatStopsBeforeTheEndOfItsSplitHasItsSplitRead() throws Exception {
    Configuration conf = conf();
    Job job = Job.getInstance(conf, "first-lines");
    job.setJarByClass(FirstLineMapper.class);
    job.setMapperClass(FirstLineMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.setInputPaths(job, new org.apache.hadoop.fs.Path(input(conf)));
    String out = tmp.resolve("first-lines").toUri().toString();
    FileOutputFormat.setOutputPath(job, new org.apache.hadoop.fs.Path(out));
    ProvenanceJob.configure(job);
    assertTrue(job.waitForCompletion(false));
    List<SourceEntry> sources = sources(conf, out);
    assertEquals(sources.size(),
        job.getCounters().findCounter(TaskCounter.MAP_OUTPUT_RECORDS).getValue(),
        "one record from each split");
    assertFingerprintsOfTheBytes(sources, ChecksumAlgorithm.CRC32C);
  }

  @Test
  void aSourceChangedBehindItsCrcIsFoundByValidation() throws Exception {
    Configuration conf = conf();
    String in = input(conf);
    String out = grep(conf, in, "changed");
    SourceEntry s = sources(conf, out).stream().filter(e -> e.start() > 0).findFirst()
        .orElseThrow();
    assertEquals("crc32", s.fingerprintAlgorithm());
    // Another tool changes one byte in place: the file's length and its .crc stay as they were.
    Path file = Path.of(java.net.URI.create(s.uri()));
    byte[] b = Files.readAllBytes(file);
    int at = (int) (s.start() + s.length() / 2);
    b[at] = (byte) (b[at] == 'a' ? 'b' : 'a');
    Files.write(file, b);
    String alerts = tmp.resolve("alerts").toUri().toString();
    TestData.Run r = TestData.provmr(conf, "validate", "--alerts", alerts, "--output", out);
    List<Alert> found = ValidationReport.readAlerts(conf, new org.apache.hadoop.fs.Path(alerts));
    List<Alert> changed = found.stream().filter(a -> a.type() == AlertType.SOURCE_MISMATCH
        && "content_changed".equals(a.reason()) && a.dataId() != null
        && a.dataId().sourceId() == s.id()).toList();
    assertFalse(changed.isEmpty(), r.out() + r.err() + found);
    for (Alert a : changed) {
      assertEquals(s.fingerprint(), a.expected(), "the composed fingerprint was compared");
    }
    assertTrue(found.stream().allMatch(a -> a.dataId() != null
        && a.dataId().sourceId() == s.id()), "no other split is accused: " + found);
  }
}
