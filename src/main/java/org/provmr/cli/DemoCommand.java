package org.provmr.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.provmr.header.Lineage;
import org.provmr.header.Step;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * {@code provmr demo}: the whole story on generated data in a temporary directory, saying
 * what it does at each step. It grows as validation and recompute land.
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
    Options.parseSize("size", size);
    Path work = Files.createTempDirectory("provmr-demo-");
    String base = work.toUri().toString();
    Configuration conf = getConf();
    try {
      step("1. Generate " + size + " of sample text");
      sub(conf, "generate", "--output", base + "text", "--size", size, "--files", "4");

      step("2. wordcount with provenance (map + combine + reduce, 2 reducers)");
      sub(conf, "run", "wordcount", "--input", base + "text", "--output", base + "wordcount",
          "--reduces", "2");

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
