package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.provmr.openlineage.LineageEmitter;
import org.provmr.openlineage.LineageEvent;
import org.provmr.store.LineageStore;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenLineage events of a capture job, sent by its committer (so driver jobs that only
 * call {@link ProvenanceJob#configure} emit them too, from the application master): START at
 * job setup, COMPLETE after the lineage store is committed, FAIL or ABORT when the job is
 * aborted. Never throws: a job does not fail for its lineage report.
 */
final class CaptureEvents {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureEvents.class);

  private CaptureEvents() {
  }

  static void start(JobContext context, Path output) {
    send(context, output, LineageEvent.Type.START, null);
  }

  static void complete(JobContext context, Path output) {
    send(context, output, LineageEvent.Type.COMPLETE, null);
  }

  static void abort(JobContext context, Path output, boolean killed) {
    send(context, output, killed ? LineageEvent.Type.ABORT : LineageEvent.Type.FAIL,
        "Job " + context.getJobID() + " " + (killed ? "was killed" : "failed")
            + "; its output was removed");
  }

  private static void send(JobContext context, Path output, LineageEvent.Type type,
      String error) {
    try {
      Configuration conf = context.getConfiguration();
      LineageEmitter emitter = LineageEmitter.of(conf);
      if (!emitter.enabled()) {
        return;
      }
      String jobId = context.getJobID().toString();
      LineageEvent e = new LineageEvent(type, LineageEvent.runIdOf(jobId),
          context.getJobName(), "capture").hadoopJob(jobId)
          .lineage(JobLineage.of(conf, jobId));
      for (Path p : FileInputFormat.getInputPaths(context)) {
        e.input(p.getFileSystem(conf).makeQualified(p).toUri());
      }
      e.output(output.getFileSystem(conf).makeQualified(output).toUri());
      if (type == LineageEvent.Type.COMPLETE) {
        StoredJob store = LineageStore.read(conf, output);
        e.figure("records", store.parts().stream().mapToLong(PartEntry::records).sum());
        e.figure("headerBytes", store.parts().stream().mapToLong(PartEntry::headerBytes).sum());
        e.figure("parts", store.parts().size());
        e.figure("sources", store.sources().size());
        e.figure("sourceSets", store.parts().stream().mapToLong(p -> p.sourceSets().size())
            .sum());
        e.figure("headerMode", store.job().headerMode());
      }
      if (error != null) {
        e.error(error);
      }
      emitter.emit(e);
    } catch (IOException | RuntimeException e) {
      LOG.warn("No OpenLineage {} event for job {}: {}", type, context.getJobID(),
          e.toString());
    }
  }
}
