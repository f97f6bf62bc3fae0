package org.provmr.examples;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.Tool;
import org.provmr.conf.BadConfigurationException;
import org.provmr.mapreduce.ProvenanceJob;

/**
 * A built-in example job. Like Hadoop's TeraSort it is a {@link Tool} whose parameters are
 * configuration keys ({@code -D provmr.grep.regex=...}) and whose arguments are the input and
 * the output, so it runs through ToolRunner or {@code hadoop jar}; {@code provmr run} uses the
 * same job factory, mapping its options onto the keys {@link #options()} names.
 */
public abstract class ExampleTool extends Configured implements Tool {

  /** Every built-in example, in the order {@code provmr run} lists them. */
  public static List<ExampleTool> all() {
    return List.of(new WordCount(), new Grep(), new TopK());
  }

  /** The job's name on the command line. */
  public abstract String name();

  /** One line for usage messages. */
  public abstract String description();

  /** The command-line options of this job (without "--") and the configuration keys they set. */
  public Map<String, String> options() {
    return Map.of();
  }

  /**
   * The job over {@code input} into {@code output}, ready to submit, its parameters read from
   * {@code conf} and checked here rather than in the tasks.
   *
   * @throws BadConfigurationException naming the key and value that is wrong
   */
  public abstract Job createJob(Configuration conf, Path input, Path output) throws IOException;

  @Override
  public int run(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: " + name() + " [-D key=value ...] INPUT OUTPUT  (" 
          + description() + "; keys: " + options().values() + ")");
      return 2;
    }
    Job job = createJob(getConf(), new Path(args[0]), new Path(args[1]));
    // Not job.submit(): a submission that fails (an input that does not exist) gives up the
    // output the check claimed, leaving no directory behind (docs/concurrency.md).
    ProvenanceJob.submit(job);
    return job.waitForCompletion(true) ? 0 : 1;
  }

  /** An int parameter of at least {@code min}, or a BadConfigurationException naming it. */
  static int intParameter(Configuration conf, String key, int fallback, int min) {
    String v = conf.getTrimmed(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below, with the key and the value
    }
    throw new BadConfigurationException(key, v, "give a whole number of at least " + min);
  }
}
