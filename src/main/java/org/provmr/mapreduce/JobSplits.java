package org.provmr.mapreduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.serializer.Deserializer;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobID;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.split.JobSplit.TaskSplitIndex;
import org.apache.hadoop.mapreduce.split.JobSplit.TaskSplitMetaInfo;
import org.apache.hadoop.mapreduce.split.SplitMetaInfoReader;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The input splits of the running job in map-task order, for a task that needs the file behind
 * a source id before the job's manifest exists (it is written at commit): self-contained
 * headers and routing by source age.
 *
 * <p>Map task {@code i} reads the {@code i}-th split of the job's split files, which
 * JobSubmitter wrote after sorting {@code getSplits} by length, largest first. So the splits
 * are read from those files ({@code mapreduce.job.dir}), the way MapTask reads its own: one
 * small read, no listing of the inputs, and the order the tasks really have. Where there are no
 * split files (a task context built outside a submitted job) the splits are recomputed with the
 * job's InputFormat and sorted as JobSubmitter sorts them (a stable sort by length,
 * descending).
 *
 * <p>The split files are the job's own staging data, written by its client, and MapTask loads
 * the split classes they name in the same way; nothing here comes from an output directory.
 */
public final class JobSplits {
  private static final Logger LOG = LoggerFactory.getLogger(JobSplits.class);

  private final List<InputSplit> byTask;
  private final Map<Integer, InputSplit> bySource = new HashMap<>();

  private JobSplits(List<InputSplit> byTask) {
    this.byTask = byTask;
    for (int task = 0; task < byTask.size(); task++) {
      InputSplit s = byTask.get(task);
      bySource.putIfAbsent(SourceIdentifiedSplit.of(s, task), s);
    }
  }

  /** The last job's splits read from its split files, with its job directory. */
  private record Read(String jobDir, JobSplits splits) {
  }

  /**
   * One task can ask several times (its writer's route, its router's source ages,
   * self-contained headers) and LocalJobRunner runs a job's tasks in one JVM: a job's split
   * files never change once it is submitted, and its directory is unique to it.
   */
  private static volatile Read last;

  /** The splits of job {@code jobId}, whose configuration is {@code conf}. */
  public static JobSplits of(Configuration conf, JobID jobId) throws IOException {
    String dir = conf.get(MRJobConfig.MAPREDUCE_JOB_DIR);
    if (dir != null) {
      Read cached = last;
      if (cached != null && cached.jobDir().equals(dir)) {
        return cached.splits();
      }
      Path jobDir = new Path(dir);
      FileSystem fs = jobDir.getFileSystem(conf);
      if (fs.exists(new Path(jobDir, "job.splitmetainfo"))) {
        JobSplits splits = new JobSplits(read(conf, fs, jobId, jobDir));
        last = new Read(dir, splits);
        return splits;
      }
    }
    LOG.debug("No split files for {}: recomputing its splits", jobId);
    return new JobSplits(recompute(conf, jobId));
  }

  /** How many map tasks (splits) the job has. */
  public int size() {
    return byTask.size();
  }

  /** The split map task {@code task} reads (MultipleInputs' tag removed), or null. */
  public InputSplit byTask(int task) {
    return task >= 0 && task < byTask.size() ? byTask.get(task) : null;
  }

  /** The split whose records carry source id {@code id}, or null when none does. */
  public InputSplit bySource(int id) {
    return bySource.get(id);
  }

  private static List<InputSplit> read(Configuration conf, FileSystem fs, JobID jobId,
      Path jobDir) throws IOException {
    TaskSplitMetaInfo[] meta = SplitMetaInfoReader.readSplitMetaInfo(jobId, fs, conf, jobDir);
    List<InputSplit> splits = new ArrayList<>(meta.length);
    SerializationFactory factory = new SerializationFactory(conf);
    Path open = null;
    FSDataInputStream in = null;
    try {
      for (TaskSplitMetaInfo m : meta) {
        TaskSplitIndex index = m.getSplitIndex();
        Path file = new Path(index.getSplitLocation());
        if (!file.equals(open)) {
          if (in != null) {
            in.close();
          }
          in = file.getFileSystem(conf).open(file);
          open = file;
        }
        in.seek(index.getStartOffset());
        splits.add(TaggedSplits.inner(SelfCountingSplit.inner(
            toNewApi(deserialize(conf, factory, in, file)))));
      }
    } finally {
      if (in != null) {
        in.close();
      }
    }
    return splits;
  }

  /** One split as MapTask.getSplitDetails reads it: its class name, then its fields. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Object deserialize(Configuration conf, SerializationFactory factory,
      FSDataInputStream in, Path file) throws IOException {
    String className = Text.readString(in);
    Class<?> cls;
    try {
      cls = conf.getClassByName(className);
    } catch (ClassNotFoundException e) {
      throw new IOException("Split class " + className + " of " + file + " not found", e);
    }
    Deserializer deserializer = factory.getDeserializer(cls);
    if (deserializer == null) {
      throw new IOException("No deserializer for split class " + className + " of " + file);
    }
    deserializer.open(in);
    return deserializer.deserialize(null);
  }

  /** Old-API jobs (Hadoop Streaming) write mapred splits; a file range becomes a FileSplit. */
  private static InputSplit toNewApi(Object split) throws IOException {
    // mapred's FileSplit extends the new API's InputSplit, not its FileSplit: convert it first.
    if (split instanceof org.apache.hadoop.mapred.FileSplit f) {
      return new FileSplit(f.getPath(), f.getStart(), f.getLength(), (String[]) null);
    }
    if (split instanceof InputSplit s) {
      return s;
    }
    return new OldApiSplit((org.apache.hadoop.mapred.InputSplit) split);
  }

  private static List<InputSplit> recompute(Configuration conf, JobID jobId) throws IOException {
    List<InputSplit> splits = new ArrayList<>();
    try {
      JobContextImpl job = new JobContextImpl(conf, jobId);
      InputFormat<?, ?> format = ReflectionUtils.newInstance(job.getInputFormatClass(), conf);
      for (InputSplit s : format.getSplits(job)) {
        splits.add(s);
      }
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot recompute the job's input splits: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while recomputing the job's input splits", e);
    }
    // JobSubmitter's order: largest first, ties in listing order (Collections.sort is stable).
    Collections.sort(splits, Comparator.comparingLong(JobSplits::length).reversed());
    List<InputSplit> inner = new ArrayList<>(splits.size());
    for (InputSplit s : splits) {
      inner.add(TaggedSplits.inner(SelfCountingSplit.inner(s)));
    }
    return inner;
  }

  private static long length(InputSplit s) {
    try {
      return s.getLength();
    } catch (IOException e) {
      throw new IllegalStateException("Cannot size split " + s, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while sizing split " + s, e);
    }
  }

  /** An old-API split that is no file range, seen through the new API (length and name). */
  private static final class OldApiSplit extends InputSplit {
    private final org.apache.hadoop.mapred.InputSplit split;

    OldApiSplit(org.apache.hadoop.mapred.InputSplit split) {
      this.split = split;
    }

    @Override
    public long getLength() throws IOException {
      return split.getLength();
    }

    @Override
    public String[] getLocations() {
      return new String[0];
    }

    @Override
    public String toString() {
      return split.toString();
    }
  }
}
