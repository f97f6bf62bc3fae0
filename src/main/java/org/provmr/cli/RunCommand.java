package org.provmr.cli;

import java.io.PrintStream;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.ExampleTool;
import org.provmr.mapreduce.HeaderMode;
import org.provmr.mapreduce.PriorityPhases;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * {@code provmr run <example>}: a built-in example job ({@link ExampleTool#all()}), with
 * provenance. Each example's own options map onto the configuration keys it reads.
 */
final class RunCommand extends Command {

  RunCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "run";
  }

  @Override
  String summary() {
    return "run a built-in example job with provenance: " + names();
  }

  @Override
  String usage() {
    StringBuilder u = new StringBuilder(names().replace(", ", "|")
        + " --input IN --output OUT [--checksum crc32c|crc32|sha-256]"
        + " [--header-mode compact|self-contained] [--overwrite-incomplete]"
        + " [--priority-first DIR]\n"
        + "  --priority-first DIR: first run the job over the input's priority sub-stream into"
        + " DIR at a higher priority, then over the whole input (docs/substreams.md).\n"
        + "  --overwrite-incomplete: first remove OUT if a killed run left it incomplete (no"
        + " _SUCCESS, no lineage store).");
    for (ExampleTool e : ExampleTool.all()) {
      u.append("\n  ").append(e.name()).append(": ").append(e.description());
      e.options().forEach((opt, key) -> u.append("; --").append(opt).append(" (").append(key)
          .append(')'));
    }
    return u.toString();
  }

  @Override
  Options options() {
    Options o = new Options().withValue("input").withValue("output")
        .withValue("checksum", ProvenanceKeys.CHECKSUM_ALGORITHM, RunCommand::checksum)
        .withValue("header-mode", ProvenanceKeys.HEADER_MODE,
            v -> HeaderMode.fromName(v).configName())
        .withFlag("overwrite-incomplete").withValue("priority-first");
    for (ExampleTool e : ExampleTool.all()) {
      // Each example's options set the keys it reads, only when given; execute() refuses
      // an option of another example.
      e.options().forEach(o::withValue);
    }
    return o;
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one job: " + names());
    }
    ExampleTool example = ExampleTool.all().stream()
        .filter(e -> e.name().equals(o.positional().get(0))).findFirst()
        .orElseThrow(() -> new UsageException("unknown job '" + o.positional().get(0)
            + "'; use " + names()));
    Configuration conf = getConf();
    for (String opt : exampleOptions()) {
      if (o.has(opt) && !example.options().containsKey(opt)) {
        throw new UsageException("--" + opt + " is not an option of " + example.name());
      }
    }
    Path input = existingInput("input", o.required("input"));
    Path output = newOutput("output", o.required("output"), o.has("overwrite-incomplete"));
    if (o.has("priority-first")) {
      // Two jobs: the priority sub-stream of the input first, then the whole input.
      Path early = newOutput("priority-first", o.get("priority-first", null), false);
      PriorityPhases.Phases phases = PriorityPhases.run(conf, early, output,
          (c, out) -> example.createJob(c, input, out), this::runJob);
      if (phases.priority() != null) {
        out.println("Priority phase: job " + phases.priority().getJobID() + " -> " + early);
      }
      if (!phases.succeeded()) {
        return ExitCodes.FAILURE;
      }
      out.println("Main phase: job " + phases.main().getJobID() + " -> " + output);
    } else if (!runJob(example.createJob(conf, input, output))) {
      return ExitCodes.FAILURE;
    }
    summarize(LineageStore.read(conf, output));
    return ExitCodes.OK;
  }

  private static String checksum(String v) {
    Configuration c = new Configuration(false);
    c.set(ProvenanceKeys.CHECKSUM_ALGORITHM, v);
    return ProvenanceJob.getChecksumAlgorithm(c).configName();
  }

  private static String names() {
    return ExampleTool.all().stream().map(ExampleTool::name).collect(Collectors.joining(", "));
  }

  private static TreeSet<String> exampleOptions() {
    TreeSet<String> all = new TreeSet<>();
    for (ExampleTool e : ExampleTool.all()) {
      all.addAll(e.options().keySet());
    }
    return all;
  }

  private void summarize(StoredJob stored) {
    long records = 0;
    long headerBytes = 0;
    for (PartEntry p : stored.parts()) {
      records += p.records();
      headerBytes += p.headerBytes();
    }
    out.printf("Done: %d records in %d parts from %d sources; %.2f header bytes per record"
        + " (%s, %s)%n", records, stored.parts().size(), stored.sources().size(),
        records == 0 ? 0.0 : headerBytes / (double) records, stored.job().headerMode(),
        stored.job().checksumAlgorithm());
    out.println("Lineage store: " + LineageStore.dir(stored.output()));
  }
}
