package org.provmr.cli;

import java.io.PrintStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.provmr.examples.SampleText;

/** {@code provmr generate}: deterministic sample text for the examples and benchmarks. */
final class GenerateCommand extends Command {

  GenerateCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "generate";
  }

  @Override
  String summary() {
    return "write deterministic sample text (same seed, same bytes)";
  }

  @Override
  String usage() {
    return "--output DIR [--size 64m] [--files N (default 4)] [--seed S (default 1)]";
  }

  @Override
  Options options() {
    return new Options().withValue("output").withValue("size").withValue("files")
        .withValue("seed");
  }

  @Override
  int execute(Options o) throws Exception {
    Path output = newOutput("output", o.required("output"));
    long size = o.getSize("size", "64m");
    int files = o.getInt("files", 4, 1);
    long seed;
    try {
      seed = Long.parseLong(o.get("seed", "1"));
    } catch (NumberFormatException e) {
      throw new UsageException("--seed takes a whole number, not '" + o.get("seed", "") + "'");
    }
    FileSystem fs = output.getFileSystem(getConf());
    long written = SampleText.write(fs, output, size, files, seed);
    out.printf("Wrote %d bytes in %d files to %s%n", written, files, fs.makeQualified(output));
    return ExitCodes.OK;
  }
}
