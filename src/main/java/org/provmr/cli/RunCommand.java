package org.provmr.cli;

import java.io.PrintStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.examples.Grep;
import org.provmr.examples.TopK;
import org.provmr.examples.WordCount;
import org.provmr.mapreduce.HeaderMode;
import org.provmr.mapreduce.ProvenanceJob;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/** {@code provmr run wordcount|grep|topk}: the built-in example jobs, with provenance. */
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
    return "run a built-in example job with provenance: wordcount, grep or topk";
  }

  @Override
  String usage() {
    return "wordcount|grep|topk --input IN --output OUT [--reduces N] [--regex R (grep)]"
        + " [--k N (topk, default " + TopK.K_DEFAULT + ")] [--checksum crc32c|crc32|sha-256]"
        + " [--header-mode compact|self-contained]";
  }

  @Override
  Options options() {
    return new Options().withValue("input").withValue("output").withValue("reduces")
        .withValue("regex").withValue("k").withValue("checksum").withValue("header-mode");
  }

  @Override
  int execute(Options o) throws Exception {
    if (o.positional().size() != 1) {
      throw new UsageException("name one job: wordcount, grep or topk");
    }
    String which = o.positional().get(0);
    Configuration conf = getConf();
    if (o.has("checksum")) {
      conf.set(ProvenanceKeys.CHECKSUM_ALGORITHM, o.get("checksum", null));
      ProvenanceJob.getChecksumAlgorithm(conf);
    }
    if (o.has("header-mode")) {
      conf.set(ProvenanceKeys.HEADER_MODE, HeaderMode.fromName(o.get("header-mode", null))
          .configName());
    }
    Path input = existingInput("input", o.required("input"));
    Path output = newOutput("output", o.required("output"));
    int reduces = o.getInt("reduces", 1, 1);
    Job job;
    switch (which) {
      case "wordcount":
        job = WordCount.createJob(conf, input, output, reduces);
        break;
      case "grep":
        job = Grep.createJob(conf, input, output, o.required("regex"));
        break;
      case "topk":
        if (!LineageStore.exists(conf, input)) {
          throw new UsageException("--input " + input + " has no lineage store: topk reads the"
              + " output of 'provmr run wordcount'");
        }
        job = TopK.createJob(conf, input, output, o.getInt("k", TopK.K_DEFAULT, 1));
        break;
      default:
        throw new UsageException("unknown job '" + which + "'; use wordcount, grep or topk");
    }
    if (!runJob(job)) {
      return ExitCodes.FAILURE;
    }
    summarize(LineageStore.read(conf, output));
    return ExitCodes.OK;
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
