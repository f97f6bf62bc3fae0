package org.provmr.mapreduce;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.mapred.FileAlreadyExistsException;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.OutputCommitter;
import org.apache.hadoop.mapreduce.OutputFormat;
import org.apache.hadoop.mapreduce.RecordWriter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.security.TokenCache;
import org.provmr.conf.BadConfigurationException;
import org.provmr.header.Confidence;
import org.provmr.store.LineageStore;
import org.provmr.store.OutputClaim;

/**
 * Writes a provenance job's output: SequenceFiles of {@code key -> [header][value]}, plus the
 * lineage store, committed by {@link ProvenanceOutputCommitter}. Set by
 * {@link ProvenanceJob#configure}.
 *
 * <p>A file output in all but its class: Hadoop's {@link FileOutputFormat} does the output
 * check and names the part files ({@link Files}), and {@code FileOutputFormat.setOutputPath}
 * and its other settings apply as usual. It does not extend FileOutputFormat because that
 * class is all Hadoop's tasks look at to decide to walk the file system statistics of the
 * output around every record written (MapTask's direct collector and ReduceTask's tracking
 * writer), twice a record, for the "Bytes Written" counter: about a thirtieth of a map-only
 * grep's map thread, plain or not (bench/README.md, "Not a FileOutputFormat"). Each part's
 * writer adds the bytes of its part to that counter once, when it closes.
 */
public class ProvenanceOutputFormat<K, V> extends OutputFormat<K, V> {
  /**
   * Named, not referenced: class literals would load six input-format classes in every task
   * (map or reduce), work this check must not add to tasks that never use them.
   */
  private static final Set<String> CODEC_READING_FORMATS = Set.of(
      "org.apache.hadoop.mapreduce.lib.input.TextInputFormat",
      "org.apache.hadoop.mapreduce.lib.input.KeyValueTextInputFormat",
      "org.apache.hadoop.mapreduce.lib.input.NLineInputFormat",
      "org.apache.hadoop.mapreduce.lib.input.CombineTextInputFormat",
      "org.apache.hadoop.mapreduce.lib.input.FixedLengthInputFormat");

  /** Internal: the token of this job's claim on its output (OutputClaim). */
  private static final String CLAIM_TOKEN = "provenance.output.claim.token";

  private final SequenceFileSettings container;
  private final Files files = new Files();
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
    lookUpCodecsFirst(context);
    Path file = files.getDefaultWorkFile(context, "");
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

  /**
   * In a map-only task whose record reader will look up Hadoop's compression codecs (Hadoop's
   * text and fixed-length input formats: their readers build a {@link CompressionCodecFactory}
   * when initialized), looks them up now, before this writer's set-up, instead of a moment
   * later: the same work, done once per JVM either way.
   *
   * <p>Why: the lookup's first run is a {@code ServiceLoader} scan that iterates a
   * {@code LinkedHashSet}, and this writer's set-up, which Hadoop runs between creating the
   * record reader and initializing it, is what makes the JIT start profiling
   * {@code HashSet.iterator} just before that scan. One such iteration in the profile made C2
   * compile Hadoop's per-record {@code FileSystem.Statistics.visitAll} (MapTask counts every
   * record's input bytes through it) with an iterator it allocates on every call: 250 ms of
   * a 25 MiB grep task's CPU instead of 125. In YARN task JVMs of two runs this happened in 17
   * of 32 ProvMR map tasks and 4 of 32 plain ones; with the scan first, in none of 16
   * (docs/design.md, "Hadoop's per-record statistics").
   */
  static void lookUpCodecsFirst(TaskAttemptContext context) {
    TaskAttemptID id = context.getTaskAttemptID();
    if (id == null || id.getTaskType() != TaskType.MAP) {
      return;
    }
    Class<?> inputFormat;
    try {
      inputFormat = SelfCountingInputFormat.userFormat(context);
    } catch (ClassNotFoundException e) {
      return; // the task fails on it a moment later, with Hadoop's own message
    }
    if (readerLooksUpCodecs(inputFormat)) {
      CompressionCodecFactory.getCodecClasses(context.getConfiguration());
    }
  }

  /**
   * Whether a task reading with {@code inputFormat} looks up the compression codecs: Hadoop's
   * formats whose readers (LineRecordReader, KeyValueLineRecordReader, FixedLengthRecordReader)
   * do, and their subclasses. Other formats are left alone: for them the scan (6 ms in a task
   * JVM) would be work the task never needed.
   */
  static boolean readerLooksUpCodecs(Class<?> inputFormat) {
    for (Class<?> c = inputFormat; c != null; c = c.getSuperclass()) {
      if (CODEC_READING_FORMATS.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }

  /** The writer of the task's part in {@code substream} (null: its main part). */
  private ProvenanceRecordWriter<K, V> part(TaskAttemptContext context, Path work, Path file,
      String substream) throws IOException {
    return new ProvenanceRecordWriter<>(context, RoutedRecordWriter.partFile(work, file, substream),
        substream == null ? file.getName() : substream + "/" + file.getName(), work, container);
  }

  /**
   * Hadoop's check that the output does not exist, then the output's claim (OutputClaim): a
   * job that found the directory absent but lost it to another job since is refused here,
   * before it runs, and writes nothing.
   */
  @Override
  public void checkOutputSpecs(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    if (!ProvenanceJob.isEnabled(conf)) {
      throw new BadConfigurationException("ProvenanceOutputFormat is set but the job was not"
          + " configured for provenance: call ProvenanceJob.configure(job) in the driver");
    }
    Path out = FileOutputFormat.getOutputPath(job);
    String token = conf.get(CLAIM_TOKEN);
    if (out != null && token != null && OutputClaim.isHeldBy(out.getFileSystem(conf), out,
        token)) {
      TokenCache.obtainTokensForNamenodes(job.getCredentials(), new Path[] {out}, conf);
      return; // checked before, and claimed: this job's own directory
    }
    try {
      files.checkOutputSpecs(job);
    } catch (FileAlreadyExistsException e) {
      if (out != null && OutputClaim.onlyClaim(out.getFileSystem(conf), out)) {
        throw new FileAlreadyExistsException(e.getMessage() + ", holding nothing but "
            + LineageStore.DIR + "/" + OutputClaim.FILE + ": the claim of a job about to start,"
            + " or of one whose submission failed (a driver that submits with job.submit()"
            + " rather than ProvenanceJob.submit leaves it). If no job is starting there, delete"
            + " the directory (provmr run and wrap: --overwrite-incomplete).");
      }
      throw e;
    }
    if (out == null) {
      return; // super refused it already
    }
    token = OutputClaim.take(out.getFileSystem(conf), out);
    if (token == null) {
      throw new FileAlreadyExistsException("Output directory " + out.getFileSystem(conf)
          .makeQualified(out) + " already exists: another job created it just now, after this"
          + " one had found it absent (" + LineageStore.DIR + "/" + OutputClaim.FILE + " is"
          + " that job's). Nothing was written; choose a new output directory.");
    }
    conf.set(CLAIM_TOKEN, token);
  }

  /**
   * Gives up the output {@link #checkOutputSpecs} claimed for {@code job}, if it did and the
   * job never ran: see {@link ProvenanceJob#submit}.
   */
  static void releaseClaim(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    String token = conf.get(CLAIM_TOKEN);
    Path out = FileOutputFormat.getOutputPath(job);
    if (token != null && out != null) {
      OutputClaim.release(out.getFileSystem(conf), out, token);
      conf.unset(CLAIM_TOKEN);
    }
  }

  @Override
  public synchronized OutputCommitter getOutputCommitter(TaskAttemptContext context)
      throws IOException {
    if (committer == null) {
      committer = new ProvenanceOutputCommitter(FileOutputFormat.getOutputPath(context),
          context);
    }
    return committer;
  }

  /**
   * Hadoop's FileOutputFormat for what it owns here: the check that the output is set and
   * absent (with its delegation tokens) and the part files' names (task, basename of a named
   * output, extension), with this format's committer. Never a task's output format itself (see
   * the class comment), so it writes nothing.
   */
  private final class Files extends FileOutputFormat<K, V> {
    @Override
    public RecordWriter<K, V> getRecordWriter(TaskAttemptContext context) {
      throw new UnsupportedOperationException("written by ProvenanceOutputFormat");
    }

    @Override
    public OutputCommitter getOutputCommitter(TaskAttemptContext context) throws IOException {
      return ProvenanceOutputFormat.this.getOutputCommitter(context);
    }
  }
}
