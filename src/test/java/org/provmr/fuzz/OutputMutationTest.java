package org.provmr.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.provmr.cli.ExitCodes;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.testing.Allocations;
import org.provmr.testing.Outputs;
import org.provmr.testing.StoreEdits;
import org.provmr.testing.TestData;

/**
 * Hostile output directories through the commands that read them: a real wordcount output
 * (recomputed into {@code priority/}, so that promote has work), a block-compressed grep
 * output and a record-compressed one with self-contained headers, their lineage stores
 * (binary, and rewritten as formatVersion 1 JSON), the recompute journal and backup, alert
 * files, reports and a policy, each mutant one file changed
 * ({@link OutputMutants}). Every command that reads the file runs in this JVM: {@code inspect},
 * {@code validate}, {@code recompute --dry-run}, {@code promote}. A mutant passes when each
 * command ends with an exit code its documentation lists; an error (1, 2) names the changed
 * file and is no unexplained exception (NullPointerException, IndexOutOfBoundsException, ...,
 * OutOfMemoryError) nor a stack trace; the command allocated (on its thread) less than
 * {@link #ALLOCATION_BOUND}; nothing was written but the validation's alerts directory and
 * promote's report (and, when promote succeeds, the output, whose store then reads and lists
 * only parts that exist); no temporary file is left; a failed validation leaves no alerts.
 *
 * <p>Seeded: {@code -Dprovmr.fuzz.seed=N}, {@code -Dprovmr.fuzz.mutants=N}. A failure prints
 * each mutant's file and mutation. Parts carry random sync markers and timestamps, so the
 * description, not the seed alone, says exactly which bytes changed.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // a hang guard, not a performance assertion
class OutputMutationTest {
  private static final long SEED = Long.getLong("provmr.fuzz.seed", 43L);
  private static final int MUTANTS = Integer.getInteger("provmr.fuzz.mutants", 240);
  /** {@code -Dprovmr.fuzz.trace=true}: one line for every command run, what it said first. */
  private static final boolean TRACE = Boolean.getBoolean("provmr.fuzz.trace");
  /** A command's own working set with 1 MiB read limits: a crafted length must not add 64 MiB. */
  private static final long ALLOCATION_BOUND = 48L << 20;
  private static final List<String> UNEXPLAINED = List.of("NullPointerException",
      "IndexOutOfBoundsException", "ClassCastException", "NegativeArraySizeException",
      "ArithmeticException", "IllegalArgumentException", "IllegalStateException",
      "UnsupportedOperationException", "NoSuchElementException", "BufferUnderflowException",
      "BufferOverflowException", "NumberFormatException", "OutOfMemoryError",
      "StackOverflowError", "UncheckedIOException", "java.lang.RuntimeException",
      "ConcurrentModificationException", "ArrayStoreException", "\tat ");

  /** How the commands ended, printed with the result: what the mutants reached. */
  private static final Map<String, Integer> OUTCOMES = new java.util.TreeMap<>();

  @TempDir
  static Path root;
  static Configuration conf;
  static Path work;
  static Path pristine;
  static Path pristineV1;

  @BeforeAll
  static void capturedRecomputedAndValidated() throws Exception {
    conf = TestData.localConf(root);
    conf.set(ProvenanceKeys.SUBSTREAM_BY, "confidence");
    conf.set(ProvenanceKeys.READ_MAX_RECORD_BYTES, "1m");
    conf.set(ProvenanceKeys.READ_MAX_METADATA_BYTES, "1m");
    conf.setInt(ProvenanceKeys.VALIDATE_DIRECT_THREADS, 1); // allocations on this thread
    conf.setLong(FileInputFormat.SPLIT_MAXSIZE, 16 * 1024);
    work = root.resolve("work");
    Path text = work.resolve("text");
    TestData.text(conf, text, 48 * 1024, 2);
    Path wc = work.resolve("wc");
    ok(0, "run", "wordcount", "--input", text.toString(), "--output", wc.toString(),
        "--reduces", "3");
    Outputs.corrupt(wc.resolve("part-r-00001"));
    ok(ExitCodes.FINDINGS, "validate", "--output", wc.toString(), "--alerts",
        root.resolve("first").toString());
    ok(0, "recompute", "--alerts", root.resolve("first").toString());
    assertTrue(Files.exists(wc.resolve("priority/part-r-00001")));
    ok(0, "validate", "--output", wc.toString(), "--alerts", work.resolve("clean").toString());
    Outputs.corrupt(wc.resolve("part-r-00000"));
    ok(ExitCodes.FINDINGS, "validate", "--output", wc.toString(), "--alerts",
        work.resolve("findings").toString());
    Configuration block = new Configuration(conf);
    block.setBoolean("mapreduce.output.fileoutputformat.compress", true);
    block.set("mapreduce.output.fileoutputformat.compress.type", "BLOCK");
    block.setInt("io.seqfile.compress.blocksize", 4096);
    assertEquals(0, TestData.provmr(block, "run", "grep", "--input", text.toString(),
        "--output", work.resolve("gz").toString(), "--regex", "^[a-m]").exitCode());
    Configuration record = new Configuration(conf);
    record.setBoolean("mapreduce.output.fileoutputformat.compress", true);
    record.set("mapreduce.output.fileoutputformat.compress.type", "RECORD");
    record.set(ProvenanceKeys.HEADER_MODE, "self-contained");
    assertEquals(0, TestData.provmr(record, "run", "grep", "--input", text.toString(),
        "--output", work.resolve("sc").toString(), "--regex", "^[n-z]").exitCode());
    Files.copy(Path.of("examples/policy/recompute-policy.xml"), work.resolve("policy.xml"));
    pristine = root.resolve("pristine");
    FileUtils.copyDirectory(work.toFile(), pristine.toFile());
    StoreEdits.toVersion1(wc);
    StoreEdits.toVersion1(work.resolve("gz"));
    StoreEdits.toVersion1(work.resolve("sc"));
    pristineV1 = root.resolve("pristine-v1");
    FileUtils.copyDirectory(work.toFile(), pristineV1.toFile());
  }

  private static void ok(int expected, String... args) throws Exception {
    TestData.Run r = TestData.provmr(conf, args);
    assertEquals(expected, r.exitCode(), String.join(" ", args) + "\n" + r.out() + r.err());
  }

  @Test
  void everyCommandFailsCleanlyOnEveryMutantOfItsFiles() throws Exception {
    List<String> defects = new ArrayList<>();
    for (int i = 0; i < MUTANTS && defects.size() < 20; i++) {
      Random r = new Random(SEED * 0x9E3779B97F4A7C15L + i);
      Path from = r.nextInt(3) == 0 ? pristineV1 : pristine;
      FileUtils.deleteDirectory(work.toFile());
      FileUtils.copyDirectory(from.toFile(), work.toFile());
      List<String> files = targets(work);
      String file = files.get(r.nextInt(files.size()));
      byte[] original = Files.readAllBytes(work.resolve(file));
      OutputMutants.Mutant m = mutate(file, original, r, i);
      if (java.util.Arrays.equals(original, m.bytes())) {
        continue; // a byte set to the value it had: nothing to find
      }
      // Its time kept, as whoever crafts it can: promote would otherwise refuse the output as
      // changed since its validation without reading the part.
      java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(work.resolve(file));
      Files.write(work.resolve(file), m.bytes());
      Files.setLastModifiedTime(work.resolve(file), time);
      Outputs.dropCrc(work.resolve(file));
      String which = "mutant " + i + " (" + (from == pristineV1 ? "v1 store" : "binary store")
          + "): " + file + ": " + m.description();
      for (String[] command : commands(file, i)) {
        String problem = run(command, file);
        if (problem != null) {
          defects.add(which + "\n    provmr " + String.join(" ", command) + "\n    "
              + problem.replace("\n", "\n    "));
        }
      }
    }
    System.out.println("Outcomes (command, exit code: runs): " + OUTCOMES);
    assertTrue(defects.isEmpty(), defects.size() + " defect(s):\n" + String.join("\n", defects));
  }

  /** The files a mutant may change, relative to {@code work}; the ones read most, thrice. */
  private static List<String> targets(Path dir) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(p).toString();
        String name = p.getFileName().toString();
        if (rel.startsWith("text/") || name.equals("_SUCCESS") || name.endsWith(".html")
            || name.endsWith(".crc") && !name.startsWith(".part-") || rel.contains("/lock/")) {
          continue;
        }
        int weight = name.startsWith("part-") || rel.contains("_provenance/") ? 3 : 1;
        for (int k = 0; k < weight; k++) {
          files.add(rel);
        }
      }
    }
    return files;
  }

  private static OutputMutants.Mutant mutate(String file, byte[] b, Random r, long i)
      throws IOException {
    String name = Path.of(file).getFileName().toString();
    if (name.startsWith("part-")) {
      return OutputMutants.part(b, r, i);
    }
    if (name.endsWith(".bin")) {
      return OutputMutants.storeBinary(b, r, i);
    }
    if (name.endsWith(".json") || name.endsWith(".jsonl")) {
      return OutputMutants.json(b, r, i);
    }
    return OutputMutants.bytes(b, r, i, 0);
  }

  /** The command lines that read {@code file}. */
  private static List<String[]> commands(String file, long i) {
    String output = file.substring(0, Math.max(0, file.indexOf('/')));
    String dir = work.resolve(output).toString();
    String name = Path.of(file).getFileName().toString();
    String[] validate = i % 2 == 0
        ? new String[] {"validate", "--output", dir, "--alerts", alerts()}
        : new String[] {"validate", "--deep", "--output", dir, "--alerts", alerts()};
    String[] recompute = {"recompute", "--dry-run", "--alerts", work.resolve("findings")
        .toString(), "--policy", work.resolve("policy.xml").toString()};
    String[] promote = {"promote", "--alerts", work.resolve("clean").toString()};
    List<String[]> c = new ArrayList<>();
    if (file.startsWith("findings/") || file.equals("policy.xml")) {
      c.add(recompute);
    } else if (file.startsWith("clean/")) {
      c.add(promote);
    } else if (file.contains("_provenance/recompute/")) {
      c.add(recompute);
      c.add(promote);
    } else if (name.startsWith("part-") || name.startsWith(".part-")) {
      c.add(new String[] {"inspect", work.resolve(file.replace(".crc", "").replace("/.",
          "/")).toString()});
      c.add(validate);
      if (file.startsWith("wc/priority/")) {
        c.add(promote);
      }
    } else {
      c.add(new String[] {"inspect", dir, "--store"});
      c.add(new String[] {"inspect", dir, "--limit", "50"}); // its records, by the store
      c.add(validate);
      if (output.equals("wc")) {
        c.add(recompute);
        c.add(promote);
      }
    }
    return c;
  }

  /** What kind of file a mutant changed, for the outcome counts. */
  private static String kind(String file) {
    String name = Path.of(file).getFileName().toString();
    return name.endsWith(".crc") ? "crc" : name.startsWith("part-") ? "part"
        : file.contains("/_provenance/recompute/") ? "journal"
        : file.contains("/_provenance/") ? "store" : name;
  }

  private static String alerts() {
    return root.resolve("out").resolve("alerts").toString();
  }

  /** Runs one command on the mutant; what is wrong with how it ended, or null. */
  private static String run(String[] command, String file) throws Exception {
    FileUtils.deleteDirectory(root.resolve("out").toFile());
    Map<String, Integer> before = Outputs.snapshot(work);
    long allocated = Allocations.now();
    TestData.Run run;
    try {
      run = TestData.provmr(conf, command);
    } catch (Throwable e) { // an exception out of the command line, OutOfMemoryError included
      return "escaped: " + e;
    }
    allocated = Allocations.now() - allocated;
    String said = run.err() + run.out();
    if (TRACE) {
      System.out.println("TRACE " + command[0] + " " + file + " " + run.exitCode() + " "
          + said.lines().findFirst().orElse("").replace(root.toString(), ""));
    }
    OUTCOMES.merge(command[0] + " " + kind(file) + " " + run.exitCode(), 1, Integer::sum);
    Path alerts = Path.of(alerts());
    if (command[0].equals("validate") && Files.exists(alerts.resolve("report.json"))) {
      said += Files.readString(alerts.resolve("alerts-r-00000.jsonl"));
    }
    List<String> problems = new ArrayList<>();
    Set<Integer> documented = switch (command[0]) {
      case "inspect" -> Set.of(0, 1);
      case "validate" -> Set.of(0, 1, 2, 3);
      default -> Set.of(0, 1, 2, 4);
    };
    if (!documented.contains(run.exitCode())) {
      problems.add("exit code " + run.exitCode() + " is not one it documents");
    }
    String named = Path.of(file).getFileName().toString().replaceAll("^\\.(.*)\\.crc$", "$1");
    if ((run.exitCode() == 1 || run.exitCode() == 2) && !said.contains(named)) {
      problems.add("the error does not name " + named);
    }
    // A cause under a message that explains it ("caused by: ...") is detail, not the error.
    String shown = said.replaceAll("(?m)^  caused by: .*$", "");
    // A listed part that changed must be found: a validation that reads on is a finding.
    boolean listed = file.matches("(wc|gz|sc)/(priority/)?part-[mr]-\\d+");
    if (command[0].equals("validate") && listed && run.exitCode() != 1
        && (run.exitCode() != ExitCodes.FINDINGS
            || !said.contains("\"part\":\"" + file.substring(3) + "\""))) {
      problems.add("the changed part " + named + " is in no alert");
    }
    for (String u : UNEXPLAINED) {
      if (shown.contains(u)) {
        problems.add("says " + u.trim());
      }
    }
    if (allocated > ALLOCATION_BOUND) {
      problems.add("allocated " + (allocated >> 20) + " MiB");
    }
    problems.addAll(writes(command, run.exitCode(), before));
    if (command[0].equals("validate") && run.exitCode() == 1 && Files.exists(alerts)) {
      problems.add("a failed validation left its alerts directory");
    }
    return problems.isEmpty() ? null : String.join("; ", problems) + "\n" + said.substring(0,
        Math.min(said.length(), 2_000));
  }

  /** What the command changed that it should not have. */
  private static List<String> writes(String[] command, int exit, Map<String, Integer> before)
      throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> after = Outputs.snapshot(work);
    Set<String> changed = new java.util.TreeSet<>();
    for (String f : after.keySet()) {
      if (!after.get(f).equals(before.get(f))) {
        changed.add(f);
      }
    }
    for (String f : before.keySet()) {
      if (!after.containsKey(f)) {
        changed.add(f);
      }
    }
    boolean promoted = command[0].equals("promote") && exit == 0;
    changed.removeIf(f -> command[0].equals("promote") && f.matches("clean/promotion-.*\\.json")
        || promoted && f.startsWith("wc/") || f.contains("/lock/"));
    if (!changed.isEmpty()) {
      problems.add("changed " + changed);
    }
    for (String f : after.keySet()) {
      if (f.endsWith(".tmp") || f.contains("_temporary") || f.contains("/staged/")) {
        problems.add("left " + f);
      }
    }
    if (promoted) {
      try {
        StoredJob job = LineageStore.read(conf, new org.apache.hadoop.fs.Path(
            work.resolve("wc").toUri()));
        for (PartEntry p : job.parts()) {
          if (!Files.exists(work.resolve("wc").resolve(p.name()))) {
            problems.add("the promoted store lists " + p.name() + ", which does not exist");
          }
        }
      } catch (IOException e) {
        problems.add("the promoted store does not read: " + e.getMessage());
      }
    }
    return problems;
  }
}
