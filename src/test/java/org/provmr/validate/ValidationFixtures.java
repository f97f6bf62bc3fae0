package org.provmr.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.provmr.testing.TestData;
import org.provmr.testing.TestData.Run;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;
import org.provmr.cli.ProvMR;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * Runs ProvMR commands the way a user does (ProvMR.run, ToolRunner), and damages files the way
 * the world does: through the file system API, so HDFS and the local file system's own
 * checksums stay consistent and only ProvMR's checks can notice.
 */
final class ValidationFixtures {
  /** 16 KiB fingerprint chunks, so a change in a 150 KB source is located finely. */
  static final long CHUNK = 16 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ValidationFixtures() {
  }

  /** A command's exit code and what it printed. */
  /** A validation: exit code, alert lines, counters from report.json, and the console. */
  record Validation(int exitCode, List<Alert> alerts, JsonNode counters, JsonNode report,
      String out, String err) {

    long counter(ValidationCounters c) {
      return counters.path(c.name()).asLong();
    }

    List<Alert> ofType(AlertType t) {
      return alerts.stream().filter(a -> a.type() == t).toList();
    }
  }

  /**
   * Local mode, small sort buffers, fine fingerprint chunks, and Hadoop's scratch space under
   * the test's own directory (the default /tmp/hadoop-$USER is shared with every other job on
   * the machine).
   */
  static Configuration conf(java.nio.file.Path scratch) {
    Configuration conf = new Configuration();
    conf.set("hadoop.tmp.dir", scratch.resolve("hadoop-tmp").toString());
    conf.set("mapreduce.framework.name", "local");
    // Set explicitly: once mapred-default.xml is loaded it supplies 5000 ms, and
    // Command.useLocalDefaults only fills an unset key.
    conf.setInt("mapreduce.client.completion.pollinterval", 50);
    conf.setInt("mapreduce.task.io.sort.mb", 16);
    conf.setLong("provenance.fingerprint.chunk.bytes", CHUNK);
    conf.set("provenance.validate.source.roots", TestData.tempRoot());
    return conf;
  }

  static Run provmr(Configuration conf, String... args) throws Exception {
    return TestData.provmr(conf, args);
  }

  static void ok(Configuration conf, String... args) throws Exception {
    Run r = provmr(conf, args);
    assertEquals(0, r.exitCode(), () -> "provmr " + String.join(" ", args) + " failed:\n"
        + r.out() + r.err());
  }

  /** About 300 KB of sample text in two files. */
  static void generate(Configuration conf, String dir) throws Exception {
    ok(conf, "generate", "--output", dir, "--size", "300k", "--files", "2", "--seed", "7");
  }

  static void grep(Configuration conf, String input, String output) throws Exception {
    ok(conf, "run", "grep", "--input", input, "--output", output, "--regex", "^[a-m]");
  }

  static void wordcount(Configuration conf, String input, String output) throws Exception {
    ok(conf, "run", "wordcount", "--input", input, "--output", output, "--reduces", "2");
  }

  static void topk(Configuration conf, String input, String output) throws Exception {
    ok(conf, "run", "topk", "--input", input, "--output", output, "--k", "20");
  }

  static Validation validate(Configuration conf, String alerts, String... more)
      throws Exception {
    return validate(conf, new String[0], alerts, more);
  }

  /** A validation with generic options right after the command name (ToolRunner's place). */
  static Validation validate(Configuration conf, String[] generic, String alerts,
      String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("validate"));
    args.addAll(Arrays.asList(generic));
    args.addAll(List.of("--alerts", alerts));
    args.addAll(Arrays.asList(more));
    Run r = provmr(conf, args.toArray(new String[0]));
    Path dir = new Path(alerts);
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(new Path(dir, ValidationReport.JSON_FILE))) {
      return new Validation(r.exitCode(), List.of(), JSON.createObjectNode(),
          JSON.createObjectNode(), r.out(), r.err());
    }
    JsonNode report;
    try (InputStream in = fs.open(new Path(dir, ValidationReport.JSON_FILE))) {
      report = JSON.readTree(in);
    }
    return new Validation(r.exitCode(), ValidationReport.readAlerts(conf, dir),
        report.path("counters"), report, r.out(), r.err());
  }

  static StoredJob store(Configuration conf, String output) throws IOException {
    return LineageStore.read(conf, new Path(output));
  }

  static long records(StoredJob job) {
    return job.parts().stream().mapToLong(PartEntry::records).sum();
  }

  static void copy(Configuration conf, String from, String to) throws IOException {
    Path src = new Path(from);
    FileSystem fs = src.getFileSystem(conf);
    FileUtil.copy(fs, src, fs, new Path(to), false, conf);
  }

  static byte[] read(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    byte[] b = new byte[(int) fs.getFileStatus(file).getLen()];
    try (InputStream in = fs.open(file)) {
      IOUtils.readFully(in, b, 0, b.length);
    }
    return b;
  }

  /** Replaces a file's bytes through the file system API (its mtime moves to now). */
  static void write(Configuration conf, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = file.getFileSystem(conf).create(file, true)) {
      out.write(bytes);
    }
  }

  static void edit(Configuration conf, Path file, Consumer<byte[]> change) throws IOException {
    byte[] b = read(conf, file);
    change.accept(b);
    write(conf, file, b);
  }

  static void truncate(Configuration conf, Path file, long length) throws IOException {
    write(conf, file, Arrays.copyOf(read(conf, file), (int) length));
  }

  /** Where a record sits in a part: its offset, and the lengths of its key and value. */
  record RecordAt(long index, long offset, int keyLength, int valueLength) {
    /** Byte offset of the record's provenance header (it starts the value). */
    long headerOffset() {
      return offset + 8 + keyLength;
    }
  }

  static List<RecordAt> records(Configuration conf, Path part) throws IOException {
    List<RecordAt> at = new ArrayList<>();
    new RecordScanner().scan(conf, part, Long.MAX_VALUE,
        (i, off, k, kl, v, vl) -> at.add(new RecordAt(i, off, kl, vl)));
    return at;
  }

  /** Rewrites one field of one manifest entry of an output's sources.json. */
  static void editManifest(Configuration conf, String output, int sourceId, String field,
      String value) throws IOException {
    org.provmr.testing.StoreEdits.toVersion1(new java.io.File(new Path(output).toUri().getPath()).toPath());
    Path file = new Path(new Path(output, LineageStore.DIR), LineageStore.SOURCES_FILE);
    JsonNode sources = JSON.readTree(read(conf, file));
    for (JsonNode s : sources) {
      if (s.path("id").asInt() == sourceId) {
        ((ObjectNode) s).put(field, value);
      }
    }
    write(conf, file, JSON.writeValueAsBytes(sources));
  }
}
