package org.provmr.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.header.ByteSink;
import org.provmr.header.ChecksumAlgorithm;
import org.provmr.header.HeaderCodec;
import org.provmr.header.HeaderContext;
import org.provmr.header.HeaderFormatException;
import org.provmr.header.ProvenanceHeader;
import org.provmr.io.BoundedSequenceFileReader;
import org.provmr.mapreduce.PayloadInputFormat;
import org.provmr.mapreduce.ProvenanceInputFormat;
import org.provmr.mapreduce.ProvenanceWritable;
import org.provmr.recompute.AlertLog;
import org.provmr.recompute.Journal;
import org.provmr.recompute.LoadedAlert;
import org.provmr.recompute.RecomputePolicy;
import org.provmr.store.LineageStore;
import org.provmr.store.StoredJob;

/**
 * Seeded mutation fuzzing of every parser of untrusted bytes, from the corpus under
 * {@code src/test/resources/fuzz/<target>/}: the corpus itself first (crashes once found are
 * kept there), then mutations of it. An input passes if the parser accepts it or fails with
 * its documented error (a message, naming the file for file formats) and allocates no more
 * than the target's bound; anything else (NullPointerException, IndexOutOfBoundsException,
 * ClassCastException, OutOfMemoryError, StackOverflowError, an undocumented exception, an
 * allocation over the bound) is a crash, saved under {@code target/fuzz-crashes/<target>/}.
 *
 * <p>The same seed gives the same inputs, so a crash reproduces. In CI each target runs a
 * few seconds; for a longer run: {@code -Dprovmr.fuzz.scale=50} (iterations times 50) and
 * {@code -Dprovmr.fuzz.seed=N} for other inputs.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a performance assertion
class ParserFuzzTest {
  private static final long SEED = Long.getLong("provmr.fuzz.seed", 20250101L);
  private static final double SCALE =
      Double.parseDouble(System.getProperty("provmr.fuzz.scale", "1"));
  private static final String SECRET = "FUZZ-SECRET-c0ffee";

  @TempDir
  static Path tmp;
  static Configuration conf;
  static FileSystem fs;
  static Path secret;

  @BeforeAll
  static void setUp() throws IOException {
    conf = new Configuration();
    conf.set(ProvenanceKeys.READ_MAX_RECORD_BYTES, "1m");
    conf.set(ProvenanceKeys.READ_MAX_METADATA_BYTES, "1m");
    conf.setInt("io.seqfile.compress.blocksize", 64 << 10);
    conf.set(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS, "skip");
    fs = FileSystem.getLocal(conf);
    secret = Files.writeString(tmp.resolve("secret.txt"), SECRET);
    System.setProperty("provmr.fuzz.secret", SECRET);
  }

  // --- the targets ---

  @Test
  void headerCodec() throws Exception {
    HeaderContext[] contexts = {new HeaderContext(ChecksumAlgorithm.CRC32C, 0, 0),
        new HeaderContext(ChecksumAlgorithm.SHA256, 1_700_000_000_000L, -1)};
    ProvenanceHeader h = new ProvenanceHeader();
    ByteSink sink = new ByteSink();
    DataInputBuffer in = new DataInputBuffer();
    new Fuzzer("header", 6_000, 4L << 20).run(b -> {
      for (HeaderContext c : contexts) {
        try {
          new HeaderCodec(c).decode(b, 0, b.length, h);
          touch(h.toString(), h.sources(), h.lineage());
        } catch (HeaderFormatException e) {
          documented(e, null);
        }
      }
      try {
        HeaderCodec.totalLength(b, 0, b.length);
      } catch (HeaderFormatException e) {
        documented(e, null);
      }
      in.reset(b, b.length);
      try {
        while (in.getPosition() < b.length) {
          HeaderCodec.skip(in);
        }
      } catch (HeaderFormatException e) {
        documented(e, null);
      }
      in.reset(b, b.length);
      sink.reset();
      try {
        while (in.getPosition() < b.length) {
          HeaderCodec.readRaw(in, sink);
        }
      } catch (HeaderFormatException e) {
        documented(e, null);
      }
    });
  }

  @Test
  void storeJson() throws Exception {
    Path out = Files.createDirectories(tmp.resolve("store-out"));
    Path store = Files.createDirectories(out.resolve(LineageStore.DIR));
    org.apache.hadoop.fs.Path output = new org.apache.hadoop.fs.Path(out.toUri());
    String[] files = {LineageStore.JOB_FILE, LineageStore.SOURCES_FILE, LineageStore.PARTS_FILE};
    byte[][] valid = {corpusFile("store-json", "grep-job.json"),
        corpusFile("store-json", "grep-sources.json"),
        corpusFile("store-json", "grep-parts.json")};
    new Fuzzer("store-json", 400, 16L << 20).json().run(b -> {
      // Which store file the input replaces follows from the input, so a saved crash replays.
      int which = Math.floorMod(java.util.Arrays.hashCode(b), 3);
      for (int i = 0; i < 3; i++) {
        Files.write(store.resolve(files[i]), i == which ? b : valid[i]);
      }
      try {
        StoredJob job = LineageStore.read(conf, output);
        touch(job.job().lineages(), job.job().configuration(), job.sources(), job.parts());
      } catch (IOException e) {
        documented(e, files[which]);
      }
      Path journal = Files.write(tmp.resolve("journal.json"), b);
      try {
        touch(LineageStore.readJson(conf, fs, new org.apache.hadoop.fs.Path(journal.toUri()),
            new TypeReference<Journal>() { }));
      } catch (IOException e) {
        documented(e, "journal.json");
      }
    });
  }

  @Test
  void alertLines() throws Exception {
    Path alerts = Files.createDirectories(tmp.resolve("alerts"));
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(alerts.toUri());
    Configuration failing = new Configuration(conf);
    failing.set(ProvenanceKeys.RECOMPUTE_MALFORMED_ALERTS, "fail");
    new Fuzzer("alert-line", 400, 16L << 20).json().run(b -> {
      // Each input as the alert file, then as the validation report beside an empty one.
      for (boolean report : new boolean[] {false, true}) {
        Files.deleteIfExists(alerts.resolve("report.json"));
        Files.write(alerts.resolve("alerts-r-00000.jsonl"), report ? new byte[0] : b);
        if (report) {
          Files.write(alerts.resolve("report.json"), b);
        }
        String file = report ? "report.json" : "alerts-r-00000.jsonl";
        for (Configuration c : new Configuration[] {conf, failing}) {
          try {
            AlertLog log = AlertLog.read(c, dir);
            for (LoadedAlert a : log.alerts()) {
              touch(a.toString(), a.alert().toJson());
            }
            touch(log.skipped(), log.validatedOutputs());
          } catch (BadConfigurationException e) {
            documented(e, file);
          } catch (IOException e) {
            documented(e, file);
          }
        }
      }
    });
  }

  @Test
  void policyXml() throws Exception {
    Path file = tmp.resolve("policy.xml");
    org.apache.hadoop.fs.Path policy = new org.apache.hadoop.fs.Path(file.toUri());
    new Fuzzer("policy-xml", 400, 16L << 20).run(b -> {
      Files.write(file, b);
      try {
        RecomputePolicy p = RecomputePolicy.load(conf, policy);
        touch(p.rules(), p.ruleFor("file:/x", "file:/y", "map"));
        for (RecomputePolicy.Rule r : p.rules()) {
          assertTrue(!String.valueOf(r).contains(SECRET), "the secret reached a rule: " + r);
        }
      } catch (BadConfigurationException e) {
        documented(e, "policy.xml");
      }
    }, s -> s.replace("SECRET_URI", secret.toUri().toString()));
  }

  @Test
  void sequenceFileThroughProvenanceRecordReader() throws Exception {
    Path file = tmp.resolve("part-r-00000");
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(file.toUri());
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    new Fuzzer("sequencefile", 600, 16L << 20).keeping(ParserFuzzTest::headerLength).run(b -> {
      Files.write(file, b);
      for (long start : new long[] {0, b.length / 2}) {
        FileSplit split = new FileSplit(part, start, b.length - start, null);
        read(new ProvenanceInputFormat<Writable, Writable>(), split, context, true);
        read(new PayloadInputFormat<Writable, Writable>(), split, context, false);
      }
    });
  }

  /** Where a seed's SequenceFile header ends (0 if it has none). */
  private static int headerLength(byte[] seed) {
    try {
      Path f = Files.write(tmp.resolve("seed-header"), seed);
      try (BoundedSequenceFileReader r = new BoundedSequenceFileReader(conf,
          new org.apache.hadoop.fs.Path(f.toUri()))) {
        return (int) r.header().end();
      }
    } catch (IOException e) {
      return 0;
    }
  }

  private static void read(InputFormat<?, ?> format, FileSplit split, TaskAttemptContext c,
      boolean headers) throws Exception {
    try (RecordReader<?, ?> r = format.createRecordReader(split, c)) {
      r.initialize(split, c);
      for (int i = 0; i < 10_000 && r.nextKeyValue(); i++) {
        Object v = r.getCurrentValue();
        touch(r.getCurrentKey(), v, r.getProgress());
        if (headers) {
          touch(((ProvenanceWritable<?>) v).header().toString());
        }
      }
    } catch (IOException e) {
      documented(e, split.getPath().getName());
    }
  }

  // --- the harness ---

  /** An error a parser documents: it must say something, and name the file it read. */
  private static void documented(Exception e, String file) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      throw new Crash("documented " + e.getClass().getSimpleName() + " without a message", e);
    }
    if (file != null && !m.contains(file)) {
      throw new Crash(e.getClass().getSimpleName() + " does not name " + file + ": " + m, e);
    }
    if (m.contains(SECRET)) {
      throw new Crash("the secret reached an error message: " + m, e);
    }
  }

  private static void touch(Object... values) {
    for (Object v : values) {
      String.valueOf(v).length();
    }
  }

  private static byte[] corpusFile(String target, String name) throws IOException {
    return Files.readAllBytes(corpusDir(target).resolve(name));
  }

  private static Path corpusDir(String target) {
    try {
      return Path.of(ParserFuzzTest.class.getResource("/fuzz/" + target).toURI());
    } catch (Exception e) {
      throw new IllegalStateException("no corpus for " + target + " on the class path", e);
    }
  }

  /** A failure of the parser's contract found by the harness. */
  private static final class Crash extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Crash(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Something to feed an input to. */
  private interface Target {
    void accept(byte[] input) throws Exception;
  }

  /** Runs the corpus, then mutations, collecting crashes. */
  private static final class Fuzzer {
    private final String target;
    private final long iterations;
    private final long allocationBound;
    private final List<String> crashes = new ArrayList<>();
    private ToIntFunction<byte[]> keep;
    private boolean json;

    Fuzzer(String target, long iterations, long allocationBound) {
      this.target = target;
      this.iterations = (long) (iterations * SCALE);
      this.allocationBound = allocationBound;
    }

    /** Every other input keeps this many leading bytes of its seed (a file header). */
    Fuzzer keeping(ToIntFunction<byte[]> prefix) {
      keep = prefix;
      return this;
    }

    /** Every other input changes a JSON seed's values (nulls, negatives, duplicates...). */
    Fuzzer json() {
      json = true;
      return this;
    }

    void run(Target t) throws IOException {
      run(t, s -> s);
    }

    /** {@code seedText} adapts text seeds to this machine (the secret's path). */
    void run(Target t, java.util.function.UnaryOperator<String> seedText) throws IOException {
      List<byte[]> seeds = new ArrayList<>();
      List<String> names = new ArrayList<>();
      try (Stream<Path> files = Files.list(corpusDir(target))) {
        for (Path f : files.sorted().toList()) {
          byte[] b = Files.readAllBytes(f);
          if (seedText != null && f.toString().endsWith(".xml")) {
            b = seedText.apply(new String(b, StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
          }
          seeds.add(b);
          names.add(f.getFileName().toString());
        }
      }
      assertTrue(!seeds.isEmpty(), "empty corpus for " + target);
      // Warm up class loading and caches so that allocation is measured per input.
      attempt(t, seeds.get(0), "warm-up", Long.MAX_VALUE);
      for (int i = 0; i < seeds.size(); i++) {
        attempt(t, seeds.get(i), "corpus " + names.get(i), allocationBound);
      }
      Mutator m = new Mutator(seeds, SEED, keep, json);
      for (long i = 0; i < iterations && crashes.size() < 10; i++) {
        attempt(t, m.input(i), "seed " + SEED + " input " + i, allocationBound);
      }
      assertTrue(crashes.isEmpty(), crashes.size() + " crash(es) in " + target + ":\n"
          + String.join("\n", crashes));
    }

    private void attempt(Target t, byte[] input, String which, long bound) throws IOException {
      long before = org.provmr.testing.Allocations.now();
      Throwable failure = null;
      try {
        t.accept(input);
      } catch (Throwable e) { // everything that escapes is a crash, OOM and SOE included
        failure = e;
      }
      long used = org.provmr.testing.Allocations.now() - before;
      if (failure == null && used > bound) {
        failure = new Crash("allocated " + used + " bytes, more than the bound of " + bound,
            null);
      }
      if (failure != null) {
        crashes.add(which + ": " + describe(failure) + " (saved as " + save(input) + ")");
      }
    }

    private String save(byte[] input) throws IOException {
      Path dir = Files.createDirectories(Path.of("target", "fuzz-crashes", target));
      String name = "crash-" + Integer.toHexString(java.util.Arrays.hashCode(input));
      Files.write(dir.resolve(name), input);
      return dir.resolve(name).toString();
    }

    private static String describe(Throwable e) {
      StringBuilder s = new StringBuilder(String.valueOf(e));
      Throwable root = e instanceof Crash && e.getCause() != null ? e.getCause() : e;
      StackTraceElement[] st = root.getStackTrace();
      for (int i = 0; i < Math.min(6, st.length); i++) {
        s.append("\n      at ").append(st[i]);
      }
      return s.toString();
    }
  }
}
