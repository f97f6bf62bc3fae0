package org.provmr.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.provmr.conf.ProvenanceKeys;

/**
 * {@code provmr <command>}: one dispatcher, one line of description per command, every
 * command a Tool run through ToolRunner so Hadoop's generic options work. The same entry
 * point serves {@code hadoop jar provmr-<version>.jar <command>}.
 */
public final class ProvMR {
  static {
    ProvenanceKeys.init(); // provmr-default.xml and provmr-site.xml
  }

  private static final Map<String, BiFunction<PrintStream, PrintStream, Command>> COMMANDS =
      new LinkedHashMap<>();

  static {
    COMMANDS.put("generate", GenerateCommand::new);
    COMMANDS.put("run", RunCommand::new);
    COMMANDS.put("wrap", WrapCommand::new);
    COMMANDS.put("streaming", StreamingCommand::new);
    COMMANDS.put("inspect", InspectCommand::new);
    COMMANDS.put("validate", ValidateCommand::new);
    COMMANDS.put("recompute", RecomputeCommand::new);
    COMMANDS.put("promote", PromoteCommand::new);
    COMMANDS.put("sweep", SweepCommand::new);
    COMMANDS.put("serve", ServeCommand::new);
    COMMANDS.put("sources", SourcesCommand::new);
    COMMANDS.put("trace", TraceCommand::new);
    COMMANDS.put("impact", ImpactCommand::new);
    COMMANDS.put("demo", DemoCommand::new);
    COMMANDS.put("cache", CacheCommand::new);
  }

  /** How long main waits for local job threads (their notification) before exiting. */
  private static final long LOCAL_JOB_EXIT_WAIT_MS = 30_000;

  private ProvMR() {
  }

  public static void main(String[] args) throws Exception {
    int exit = run(new Configuration(), args, System.out, System.err);
    // A local job's thread sends the job-end notification after the client saw it succeed.
    LocalJobThreads.await(LOCAL_JOB_EXIT_WAIT_MS);
    System.exit(exit);
  }

  /** Runs one command line and returns its exit code; tests call this. */
  public static int run(Configuration conf, String[] args, PrintStream out, PrintStream err)
      throws Exception {
    if (args.length == 0) {
      help(err);
      return ExitCodes.USAGE;
    }
    String name = args[0];
    if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
      help(out);
      return ExitCodes.OK;
    }
    BiFunction<PrintStream, PrintStream, Command> factory = COMMANDS.get(name);
    if (factory == null && (Options.GENERIC.contains(name) || name.startsWith("-D"))) {
      err.println("provmr: generic option " + name + " goes after the command name, e.g."
          + " provmr validate " + name + " ... --output DIR");
      help(err);
      return ExitCodes.USAGE;
    }
    if (factory == null) {
      err.println("provmr: unknown command '" + name + "'");
      help(err);
      return ExitCodes.USAGE;
    }
    return ToolRunner.run(new Configuration(conf), factory.apply(out, err),
        Arrays.copyOfRange(args, 1, args.length));
  }

  static void help(PrintStream to) {
    to.println("usage: provmr <command> [generic options] [options]   (provmr <command> --help)");
    to.println();
    for (Map.Entry<String, BiFunction<PrintStream, PrintStream, Command>> e
        : COMMANDS.entrySet()) {
      to.printf("  %-10s %s%n", e.getKey(), e.getValue().apply(to, to).summary());
    }
    to.printf("  %-10s %s%n", "help", "this list");
    to.println();
    to.println("Exit codes: 0 ok, 1 failure, 2 usage error, 3 validation found problems"
        + " (trace: a precise replay does not add up),"
        + " 4 recompute or trace refused (the lineage store names a class outside"
        + " provenance.recompute.allowed.classes or a source outside"
        + " provenance.validate.source.roots),"
        + " 5 busy (another recompute or sweep holds the lock on an output: nothing was done,"
        + " run again later).");
    to.println("Generic options, anywhere after the command name: -D key=value,"
        + " -conf file.xml, -libjars a.jar, -fs uri.");
  }
}
