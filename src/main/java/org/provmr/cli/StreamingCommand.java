package org.provmr.cli;

import java.io.PrintStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.store.LineageStore;
import org.provmr.wrap.StreamingJob;

/**
 * {@code provmr streaming}: a Hadoop Streaming job (mapper and reducer as commands, a Python or
 * shell script) under provenance. The options are hadoop-streaming's own, parsed by its
 * StreamJob, so a command line that works under {@code hadoop jar hadoop-streaming.jar} works
 * here; the output is ProvMR's (records with headers, the lineage store beside them).
 */
final class StreamingCommand extends Command {

  StreamingCommand(PrintStream out, PrintStream err) {
    super(out, err);
  }

  @Override
  String name() {
    return "streaming";
  }

  @Override
  String summary() {
    return "run a Hadoop Streaming job (mapper/reducer commands) with provenance";
  }

  @Override
  String usage() {
    return "-input IN -output OUT -mapper CMD [-reducer CMD] [-numReduceTasks N]\n"
        + "    [-file F] [-cmdenv K=V] [-partitioner C] ...   (hadoop-streaming's options)\n"
        + "  DataIDs: a map output record names its whole input split, a reduce output record"
        + " the\n  splits whose values the reducer command had been fed when it printed the"
        + " line (docs/jobs.md).\n  Not captured (refused): -combiner CMD, -inputformat other"
        + " than TextInputFormat, -lazyOutput,\n  -outputformat. A recompute needs the commands"
        + " again: -D stream.map.streamprocessor=...";
  }

  @Override
  Options options() {
    return new Options(); // everything is hadoop-streaming's, single-dash, positional here
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().isEmpty()) {
      throw new UsageException("no streaming options; give at least -input, -output and"
          + " -mapper");
    }
    JobConf conf = StreamingJob.prepare(getConf(), o.positional().toArray(new String[0]));
    if (conf == null) {
      return ExitCodes.OK; // -help or -info: StreamJob printed it
    }
    Path output = FileOutputFormat.getOutputPath(Job.getInstance(conf));
    newOutput("output", output.toString(), false);
    Job job = Job.getInstance(conf);
    if (!runJob(job)) {
      return ExitCodes.FAILURE;
    }
    out.println("Lineage store: " + LineageStore.dir(output));
    return ExitCodes.OK;
  }
}
