package org.provmr.mapreduce;

import java.io.IOException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.provmr.conf.BadConfigurationException;
import org.provmr.header.Confidence;

/**
 * Writes a provenance job's output: SequenceFiles of {@code key -> [header][value]}, plus the
 * lineage store, committed by {@link ProvenanceOutputCommitter}. Set by
 * {@link ProvenanceJob#configure}.
 */
public class ProvenanceOutputFormat<K, V> extends FileOutputFormat<K, V> {
  private final SequenceFileSettings container;
  private ProvenanceOutputCommitter committer;

  public ProvenanceOutputFormat() {
    this(new SequenceFileSettings());
  }

  /** Test seam: a different container setup. */
  protected ProvenanceOutputFormat(SequenceFileSettings container) {
    this.container = container;
  }

  @Override
  public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) throws IOException {
    Path file = getDefaultWorkFile(context, "");
    Path work = ((FileOutputCommitter) getOutputCommitter(context)).getWorkPath();
    OutputRouter router = OutputRouting.router(context);
    if (router == null) {
      return new ProvenanceRecordWriter<>(context, file, work, container);
    }
    Confidence confidence = OutputRouting.confidence(context.getConfiguration());
    OutputRouter.TaskRoute route = OutputRouting.taskRoute(router, confidence, context);
    if (route != null) {
      // Every record of this task goes to one place, known now: the task writes that part
      // directly, and its records take exactly the path they take without routing.
      String taskRoute = route.substream();
      if (taskRoute == null) {
        return new ProvenanceRecordWriter<>(context, file, work, container);
      }
      RoutedRecordWriter.checkSubstreamName(router, taskRoute);
      // No empty main part beside it, as with Hadoop's LazyOutputFormat: on a local file system
      // a file costs milliseconds of CPU (docs/substreams.md). A task that writes nothing
      // leaves its main part, empty, as every task does without routing.
      ProvenanceRecordWriter<K, V> part = part(context, work, file, taskRoute);
      part.replaceIfEmpty(() -> part(context, work, file, null).close(context));
      return part;
    }
    // Sub-streams (docs/substreams.md): one part per sub-stream a record was routed to.
    return new RoutedRecordWriter<K, V>(router, confidence,
        substream -> part(context, work, file, substream));
  }

  /** The writer of the task's part in {@code substream} (null: its main part). */
  private ProvenanceRecordWriter<K, V> part(TaskAttemptContext context, Path work, Path file,
      String substream) throws IOException {
    return new ProvenanceRecordWriter<>(context, RoutedRecordWriter.partFile(work, file, substream),
        substream == null ? file.getName() : substream + "/" + file.getName(), work, container);
  }

  @Override
  public void checkOutputSpecs(JobContext job) throws IOException {
    if (!ProvenanceJob.isEnabled(job.getConfiguration())) {
      throw new BadConfigurationException("ProvenanceOutputFormat is set but the job was not"
          + " configured for provenance: call ProvenanceJob.configure(job) in the driver");
    }
    super.checkOutputSpecs(job);
  }

  @Override
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException {
    if (committer == null) {
      committer = new ProvenanceOutputCommitter(getOutputPath(context), context);
    }
    return committer;
  }
}
