package org.provmr.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.UserSettings;
import org.provmr.io.TerminalText;
import org.provmr.mapreduce.JobFailures;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.openlineage.LineageEmitter;
import org.provmr.openlineage.LineageEvent;
import org.provmr.progress.JobProgress;
import org.provmr.store.IncompleteOutput;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputBusyException;

/**
 * Base of every provmr command: a Hadoop Tool (so -D, -conf and -libjars work) with the
 * shared handling of {@code --help}, usage errors and exit codes.
 */
abstract class Command extends Configured implements Tool {
  protected final PrintStream out;
  protected final PrintStream err;
  private boolean quiet;

  Command(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  abstract String name();

  /** One line for {@code provmr help}. */
  abstract String summary();

  /** The usage line(s) after {@code provmr <name>}. */
  abstract String usage();

  /** Declares the command's options. */
  abstract Options options();

  /** Runs with parsed options; returns an exit code. */
  abstract int execute(Options options) throws Exception;

  @Override
  public final int run(String[] args) {
    for (String a : args) {
      if (a.equals("--help") || a.equals("-h")) {
        printUsage(out);
        return ExitCodes.OK;
      }
    }
    // -q anywhere after the command name: no job progress or counter summary.
    List<String> rest = new java.util.ArrayList<>(List.of(args));
    quiet = rest.removeIf(a -> a.equals("-q") || a.equals("--quiet"));
    args = rest.toArray(new String[0]);
    try {
      Options options = options().parse(args);
      applyGeneric(options.generic());
      useLocalDefaults(getConf());
      options.applyTo(getConf());
      return execute(options);
    } catch (UsageException | BadConfigurationException e) {
      err.println("provmr " + name() + ": " + TerminalText.escape(e.getMessage()));
      printUsage(err);
      return ExitCodes.USAGE;
    } catch (OutputBusyException e) {
      // Names the lock's holder as the lock file says: the output's owner can write it.
      err.println("provmr " + name() + ": busy: " + TerminalText.escape(e.getMessage()));
      return ExitCodes.BUSY;
    } catch (FileNotFoundException e) {
      err.println("provmr " + name() + ": not found: " + TerminalText.escape(e.getMessage()));
      return ExitCodes.FAILURE;
    } catch (Exception e) {
      // Messages can quote data (file names, store values): escaped for the terminal.
      err.println("provmr " + name() + ": failed: " + TerminalText.escape(e.toString()));
      for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
        err.println("  caused by: " + TerminalText.escape(c.toString()));
      }
      return ExitCodes.FAILURE;
    }
  }

  void printUsage(PrintStream to) {
    to.println("usage: provmr " + name() + " " + usage());
    to.println("  -q: quiet: no job id, progress or counter summary on standard error.");
    to.println("Generic options (anywhere after the command name): -D key=value,"
        + " -conf file.xml, -libjars a.jar,b.jar, -files f, -fs uri, -jt host:port");
  }

  /**
   * Generic options given after the command's own: ToolRunner stopped at the first argument
   * it did not know, so they reach the command; Hadoop's own parser applies them here, with
   * the same effect as in front.
   */
  private void applyGeneric(List<String> generic) throws IOException, UsageException {
    if (generic.isEmpty()) {
      return;
    }
    GenericOptionsParser parser =
        new GenericOptionsParser(getConf(), generic.toArray(new String[0]));
    if (!parser.isParseSuccessful() || parser.getRemainingArgs().length > 0) {
      throw new UsageException("cannot apply generic options " + String.join(" ", generic));
    }
  }

  /**
   * In local mode (no cluster configured) a job's client polls for completion every 5 s by
   * default, which dominates small jobs; poll faster unless the user chose a value.
   */
  static void useLocalDefaults(Configuration conf) {
    boolean local = MRConfig.LOCAL_FRAMEWORK_NAME.equals(
        conf.get(MRConfig.FRAMEWORK_NAME, MRConfig.LOCAL_FRAMEWORK_NAME));
    if (!local) {
      return;
    }
    if (!UserSettings.isSet(conf, Job.COMPLETION_POLL_INTERVAL_KEY)) {
      conf.setInt(Job.COMPLETION_POLL_INTERVAL_KEY, conf.getInt(
          ProvenanceKeys.LOCAL_POLL_INTERVAL_MS, ProvenanceKeys.LOCAL_POLL_INTERVAL_MS_DEFAULT));
    }
    // LocalJobRunner runs one task at a time unless told otherwise; use the machine's cores,
    // as a cluster would use its nodes.
    int cores = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(),
        conf.getInt(ProvenanceKeys.LOCAL_TASKS_MAX, ProvenanceKeys.LOCAL_TASKS_MAX_DEFAULT)));
    for (String key : new String[] {LOCAL_MAX_MAPS, LOCAL_MAX_REDUCES}) {
      if (!UserSettings.isSet(conf, key)) {
        conf.setInt(key, cores);
      }
    }
  }

  /** LocalJobRunner's keys (not public constants in every Hadoop version). */
  static final String LOCAL_MAX_MAPS = "mapreduce.local.map.tasks.maximum";
  static final String LOCAL_MAX_REDUCES = "mapreduce.local.reduce.tasks.maximum";

  /** An input that must exist: a usage error naming it otherwise. */
  Path existingInput(String option, String value) throws UsageException, IOException {
    Path p = new Path(value);
    FileSystem fs = p.getFileSystem(getConf());
    if (!fs.exists(p)) {
      throw new UsageException("--" + option + " " + fs.makeQualified(p) + " does not exist");
    }
    return p;
  }

  /** An output that must not exist yet: Hadoop would refuse it after submission anyway. */
  Path newOutput(String option, String value) throws UsageException, IOException {
    Path p = new Path(value);
    FileSystem fs = p.getFileSystem(getConf());
    if (fs.exists(p)) {
      throw new UsageException("--" + option + " " + fs.makeQualified(p)
          + " already exists; choose a new directory or remove it first");
    }
    return p;
  }

  /**
   * The output of a job run: it must not exist, unless it is what a killed run left (no
   * _SUCCESS, no lineage store, nothing but job files) and {@code overwriteIncomplete} says to
   * delete that (run and wrap's {@code --overwrite-incomplete}).
   */
  Path newOutput(String option, String value, boolean overwriteIncomplete)
      throws UsageException, IOException {
    Path p = new Path(value);
    IncompleteOutput found = IncompleteOutput.inspect(getConf(), p);
    switch (found.state()) {
      case ABSENT:
        return p;
      case INCOMPLETE:
        if (!overwriteIncomplete) {
          throw new UsageException("--" + option + " " + found.describe() + ". A killed run"
              + " leaves this; remove it (hadoop fs -rm -r " + found.output() + ") or pass"
              + " --overwrite-incomplete to have it removed");
        }
        try {
          found.delete(getConf());
        } catch (IllegalStateException e) {
          throw new UsageException("--overwrite-incomplete: " + e.getMessage());
        }
        out.println("Removed incomplete output " + found.output() + " (--overwrite-incomplete)");
        return p;
      default:
        throw new UsageException("--" + option + " " + found.output() + " already exists"
            + " (it holds " + found.contents() + ")" + (overwriteIncomplete
                ? "; --overwrite-incomplete removes only an output with no _SUCCESS, no lineage"
                    + " store and nothing but job files" : "")
            + "; choose a new directory or remove it first");
    }
  }

  /**
   * An existing output with a lineage store (what validate and sweep check); an incomplete one
   * gets a message that says what is there and how to clear it.
   */
  Path committedOutput(String option, String value) throws UsageException, IOException {
    Path p = existingInput(option, value);
    if (LineageStore.exists(getConf(), p)) {
      return p;
    }
    IncompleteOutput found = IncompleteOutput.inspect(getConf(), p);
    if (found.state() == IncompleteOutput.State.INCOMPLETE) {
      throw new UsageException("--" + option + " " + found.describe() + ". A killed or failed"
          + " run leaves this and there is nothing to " + name() + " in it: remove it (hadoop fs"
          + " -rm -r " + found.output() + ") and run the job again, or rerun it with"
          + " --overwrite-incomplete");
    }
    throw new UsageException("--" + option + " " + found.output() + " has no lineage store ("
        + LineageStore.DIR + "/" + LineageStore.JOB_FILE + "): only the output of a ProvMR job"
        + " that committed can be " + (name().equals("sweep") ? "swept" : "validated"));
  }

  /**
   * An OpenLineage run of this command (validate, recompute): START now, and the end event
   * from {@link CommandRun#end}. The emitter is checked here, so a bad setting is a usage
   * error before anything runs; sending never fails the command.
   */
  CommandRun lineageRun(String jobName, List<Path> inputs, List<Path> outputs)
      throws IOException {
    LineageEmitter.adoptEnvironment(getConf());
    LineageEmitter emitter = LineageEmitter.of(getConf());
    CommandRun run = new CommandRun(emitter, java.util.UUID.randomUUID(), jobName, name(),
        qualify(inputs), qualify(outputs));
    run.emit(run.event(LineageEvent.Type.START));
    // The jobs this command starts (validation, recompute sub-jobs) name it as their parent.
    LineageEmitter.setParent(getConf(), run.id(), jobName);
    return run;
  }

  private List<java.net.URI> qualify(List<Path> paths) throws IOException {
    List<java.net.URI> uris = new java.util.ArrayList<>();
    for (Path p : paths) {
      uris.add(p.getFileSystem(getConf()).makeQualified(p).toUri());
    }
    return uris;
  }

  /** One command's OpenLineage run. */
  record CommandRun(LineageEmitter emitter, java.util.UUID id, String jobName, String command,
      List<java.net.URI> inputs, List<java.net.URI> outputs) {
    LineageEvent event(LineageEvent.Type type) {
      LineageEvent e = new LineageEvent(type, id, jobName, command);
      inputs.forEach(e::input);
      outputs.forEach(e::output);
      return e;
    }

    void emit(LineageEvent e) {
      emitter.emit(e);
    }

    /** COMPLETE with the figures, or FAIL with the error when {@code error} is not null. */
    void end(java.util.Map<String, ?> figures, String error) {
      LineageEvent e = event(error == null ? LineageEvent.Type.COMPLETE
          : LineageEvent.Type.FAIL);
      figures.forEach(e::figure);
      if (error != null) {
        e.error(error);
      }
      emit(e);
    }
  }

  /** Where job progress goes: standard error, or nowhere with {@code -q}. */
  JobProgress progress() {
    return quiet ? JobProgress.SILENT : new JobProgress(err);
  }

  /** Runs a job to completion, showing its progress, and says how it ended. */
  boolean runJob(Job job) throws IOException, InterruptedException, ClassNotFoundException {
    out.println("Running " + job.getJobName() + " -> " + FileOutputFormat.getOutputPath(job));
    // A submission that fails leaves no claimed output behind (ProvenanceJob.submit).
    ProvenanceJob.submit(job);
    boolean ok = progress().follow(job);
    if (!ok) {
      JobFailures.Failure why = JobFailures.of(job);
      // A task's error can quote what it read (an upstream part's metadata): escaped.
      err.println("Job " + job.getJobID() + " (" + job.getJobName() + ") failed: "
          + TerminalText.escape(why.summary()));
      for (Throwable c = why.cause() == null ? null : why.cause().getCause(); c != null;
          c = c.getCause()) {
        err.println("  caused by: " + TerminalText.escape(c.toString()));
      }
    }
    return ok;
  }
}
