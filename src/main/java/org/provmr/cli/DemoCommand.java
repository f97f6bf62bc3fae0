package org.provmr.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.io.IOUtils;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Step;
import org.provmr.mapreduce.ProvenanceFileReader;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.validate.Alert;
import org.provmr.validate.ValidationReport;

/**
 * {@code provmr demo}: the whole story on generated data in a temporary directory, saying
 * what it does at each step: capture, inspection, validation of clean and damaged outputs,
 * targeted recomputation, and a clean validation at the end.
 */
final class DemoCommand extends Command {

  DemoCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "demo";
  }

  @Override
  String summary() {
    return "end-to-end showcase on generated data in a temporary directory";
  }

  @Override
  String usage() {
    return "[--size 16m] [--keep]   (--keep leaves the working directory for a look)";
  }

  @Override
  Options options() {
    return new Options().withValue("size").withFlag("keep");
  }

  @Override
  int execute(Options o) throws Exception {
    String size = o.get("size", "16m");
    o.getSize("size", size); // a bad size is a usage error now, not a failed step 1
    Path work = Files.createTempDirectory("provmr-demo-");
    String base = work.toUri().toString();
    Configuration conf = getConf();
    if (conf.getTrimmedStrings(ProvenanceKeys.VALIDATE_SOURCE_ROOTS).length == 0) {
      // The demo's sources are all in its own directory; a real deployment names its roots.
      conf.set(ProvenanceKeys.VALIDATE_SOURCE_ROOTS, base);
    }
    if (conf.getTrimmed(ProvenanceKeys.CACHE_DIR, "").isEmpty()) {
      // Every job of the demo keeps its map output, so step 10 replays unchanged splits.
      conf.set(ProvenanceKeys.CACHE_DIR, base + "cache");
    }
    try {
      step("1. Generate " + size + " of sample text");
      sub(conf, "generate", "--output", base + "text", "--size", size, "--files", "4");

      step("2. wordcount with provenance (map + combine + reduce, 2 reducers); every job's maps"
          + " keep their output in the map-output cache, and wordcount's recomputed records will go"
          + " to its priority sub-stream");
      sub(conf, "run", "wordcount", "--input", base + "text", "--output", base + "wordcount",
          "--reduces", "2", "-D", ProvenanceKeys.SUBSTREAM_BY + "=confidence");

      step("3. grep (map-only): each output line points at the exact bytes of its source line");
      sub(conf, "run", "grep", "--input", base + "text", "--output", base + "grep",
          "--regex", "^kalo ");

      step("4. topk over wordcount's output: a second stage whose lineage nests the first");
      sub(conf, "run", "topk", "--input", base + "wordcount", "--output", base + "topk",
          "--k", "5");

      step("5. Records and their headers");
      sub(conf, "inspect", base + "grep", "--limit", "2");
      sub(conf, "inspect", base + "topk", "--limit", "2");

      step("6. The payload alone, exactly as TextOutputFormat would write it");
      sub(conf, "inspect", base + "topk", "--payload");

      validateCleanThenDamaged(conf, base);
      recomputeThenValidateClean(conf, base);
      askTheLineage(conf, base);

      summary(conf, base);
      if (o.has("keep")) {
        out.println("\nWorking directory kept: " + work);
      }
      return ExitCodes.OK;
    } finally {
      if (!o.has("keep")) {
        FileUtil.fullyDelete(work.toFile());
      }
    }
  }

  private void step(String what) {
    out.println();
    out.println("== " + what);
  }

  /** Steps 7-9: a clean sweep, a damaged record and a damaged source, a sweep naming them. */
  private void validateCleanThenDamaged(Configuration conf, String base) throws Exception {
    String[] outputs = {"--output", base + "grep", "--output", base + "wordcount",
        "--output", base + "topk"};
    step("7. Validate all three outputs against their checksums and sources (clean)");
    sub(conf, concat(new String[] {"validate", "--alerts", base + "alerts-clean"}, outputs));

    step("8. Inject faults: change one payload byte of grep's first record, and one byte of a"
        + " source file");
    org.apache.hadoop.fs.Path part = new org.apache.hadoop.fs.Path(base + "grep/part-m-00000");
    long first;
    try (ProvenanceFileReader<?, ?> r = new ProvenanceFileReader<>(conf, part)) {
      r.next();
      first = r.recordOffset();
    }
    // Record framing is two ints, then the key (a Text: one length byte, then the line).
    flipByte(conf, part, first + 8 + 2);
    StoredJob grep = LineageStore.read(conf, new org.apache.hadoop.fs.Path(base + "grep"));
    org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(
        grep.sources().get(0).uri());
    flipByte(conf, source, 100);
    out.println("  flipped a byte of " + part + " and of " + source);

    step("9. Validate again: exit code 3, and the alerts name the records");
    String alerts = base + "alerts-damaged";
    int rc = ProvMR.run(conf, concat(new String[] {"validate", "--alerts", alerts}, outputs),
        out, err);
    out.println("  exit code " + rc + " (3 = findings)");
    if (rc != ExitCodes.FINDINGS) {
      throw new IllegalStateException("demo: the damaged sweep exited " + rc + ", not 3");
    }
    List<Alert> found = ValidationReport.readAlerts(conf, new org.apache.hadoop.fs.Path(alerts));
    for (Alert a : found.subList(0, Math.min(6, found.size()))) {
      out.printf("  %-16s %-17s %s %s%s%n", a.type().label(), a.reason(),
          a.output().substring(a.output().lastIndexOf('/') + 1), a.part(),
          a.record() == null ? "" : " record " + a.record() + " @" + a.offset());
    }
    if (found.size() > 6) {
      out.println("  ... " + (found.size() - 6) + " more in " + alerts
          + "/alerts-r-00000.jsonl; report: " + alerts + "/report.html");
    }
  }

  /** Steps 10-11: recompute what the alerts call for, then a clean validation. */
  private void recomputeThenValidateClean(Configuration conf, String base) throws Exception {
    step("10. Recompute by policy: grep re-maps only the changed file, wordcount re-reduces"
        + " the partitions it fed, topk follows; swapped in atomically, old parts backed up");
    sub(conf, "recompute", "--alerts", base + "alerts-damaged");

    step("11. Validate once more: clean, and recomputed records say so (LOW confidence)");
    sub(conf, "validate", "--alerts", base + "alerts-after", "--output", base + "grep",
        "--output", base + "wordcount", "--output", base + "topk");
    StoredJob grep = LineageStore.read(conf, new org.apache.hadoop.fs.Path(base + "grep"));
    for (PartEntry p : grep.parts()) {
      if (p.lineageId() != 0) { // a recomputed part: its lineage has the recompute step
        sub(conf, "inspect", base + "grep/" + p.name(), "--limit", "1");
        break;
      }
    }
    out.println("  wordcount's recomputed partitions sit in its priority sub-stream, which"
        + " ProvMR's input formats hand out first:");
    sub(conf, "inspect", base + "wordcount", "--limit", "0");

    step("11b. Promote: the revalidation was clean, so wordcount's recomputed records are"
        + " re-stamped HIGH and moved back to the main parts (payload unchanged)");
    sub(conf, "promote", "--alerts", base + "alerts-after", "--output", base + "wordcount");
  }

  /** Steps 12-13: trace topk's first word back to its source lines; the sources' cadence. */
  private void askTheLineage(Configuration conf, String base) throws Exception {
    String word;
    try (ProvenanceFileReader<?, ?> r = new ProvenanceFileReader<>(conf,
        new org.apache.hadoop.fs.Path(base + "topk/part-r-00000"))) {
      if (!r.next()) {
        return; // no words: nothing to trace
      }
      word = r.key().toString();
    }
    step("12. Where did topk's first word come from? Replay wordcount's map step over just the"
        + " splits its count names, keep the lines that produce '" + word + "', and check that"
        + " they add up to the count");
    sub(conf, "trace", base + "wordcount", "--key", word, "--precise", "--limit", "3");

    step("13. Each source family: last update, learned cadence, what it feeds");
    sub(conf, "sources", "--output", base + "wordcount", "--output", base + "grep");
  }

  /** Rewrites a file with the byte at {@code at} changed to another letter. */
  private static void flipByte(Configuration conf, org.apache.hadoop.fs.Path file, long at)
      throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    byte[] b = new byte[(int) fs.getFileStatus(file).getLen()];
    try (InputStream in = fs.open(file)) {
      IOUtils.readFully(in, b, 0, b.length);
    }
    int i = (int) at;
    b[i] = (byte) (b[i] == 'a' ? 'b' : 'a');
    try (OutputStream o = fs.create(file, true)) {
      o.write(b);
    }
  }

  private static String[] concat(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }

  private void sub(Configuration conf, String... args) throws Exception {
    int rc = ProvMR.run(conf, args, out, err);
    if (rc != ExitCodes.OK) {
      throw new IllegalStateException("demo step 'provmr " + String.join(" ", args)
          + "' exited " + rc);
    }
  }

  private void summary(Configuration conf, String base) throws Exception {
    step("Summary");
    for (String name : new String[] {"wordcount", "grep", "topk"}) {
      StoredJob job = LineageStore.read(conf, new org.apache.hadoop.fs.Path(base + name));
      long records = 0;
      long header = 0;
      for (PartEntry p : job.parts()) {
        records += p.records();
        header += p.headerBytes();
      }
      out.printf("  %-10s %8d records  %5.2f header bytes/record  %d sources  %d parts%n",
          name, records, records == 0 ? 0.0 : header / (double) records, job.sources().size(),
          job.parts().size());
    }
    Lineage topk = LineageStore.read(conf, new org.apache.hadoop.fs.Path(base + "topk")).job()
        .lineage(0).lineage();
    out.println("  topk lineage, in the order the steps ran:");
    for (Step s : topk.allSteps()) {
      out.println("    " + s.stage().label() + "  " + s.className() + "  (" + s.job() + ")");
    }
  }
}
