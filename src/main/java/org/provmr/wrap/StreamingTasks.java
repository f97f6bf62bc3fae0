package org.provmr.wrap;

import java.io.IOException;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapRunnable;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.util.ReflectionUtils;
import org.provmr.conf.BadConfigurationException;

/**
 * Old-API {@link MapRunnable}s (Hadoop Streaming's PipeMapRunner, which starts the threads that
 * read the mapper process's output before the first record) run inside a new-API task: the
 * runner gets an old-API RecordReader over the (tracing) context and a collector that writes
 * to it, as MapTask's old-API path would give it.
 */
final class StreamingTasks {
  /** Hadoop Streaming's command keys; the streaming job's commands, URL-encoded. */
  static final String MAP_COMMAND = "stream.map.streamprocessor";
  static final String REDUCE_COMMAND = "stream.reduce.streamprocessor";
  /** The classes that run the commands (named, so that only streaming jobs load them). */
  static final String PIPE_MAPPER = "org.apache.hadoop.streaming.PipeMapper";
  static final String PIPE_REDUCER = "org.apache.hadoop.streaming.PipeReducer";

  private StreamingTasks() {
  }

  /** A new-API Mapper that runs an old-API MapRunnable over an old-API Mapper. */
  static final class MapRunnerAdapter extends Mapper<Object, Object, Object, Object> {
    private final Class<?> runner;
    private final Class<?> oldMapper;

    MapRunnerAdapter(Class<?> runner, Class<?> oldMapper) {
      this.runner = runner;
      this.oldMapper = oldMapper;
    }

    @Override
    @SuppressWarnings({"unchecked", "deprecation"})
    public void run(Context context) throws IOException, InterruptedException {
      JobConf conf = new JobConf(context.getConfiguration());
      if (oldMapper.getName().equals(PIPE_MAPPER)) {
        requireCommand(conf, MAP_COMMAND, "-mapper");
      }
      conf.setMapperClass((Class<? extends org.apache.hadoop.mapred.Mapper>) oldMapper);
      MapRunnable<Object, Object, Object, Object> r =
          (MapRunnable<Object, Object, Object, Object>) ReflectionUtils.newInstance(runner, conf);
      r.run(new ContextReader(context, conf), OldApiTasks.collector(context),
          OldApiTasks.reporter(context));
    }
  }

  /**
   * A streaming task whose command is not in its configuration: a recompute does not replay
   * commands from the lineage store (they are code), the operator gives them again.
   */
  static void requireCommand(org.apache.hadoop.conf.Configuration conf, String key,
      String option) {
    if (conf.get(key) == null) {
      throw new BadConfigurationException(key, null, "a streaming job's " + option
          + " command is not set; a recompute of a streaming job needs its commands again"
          + " (-D " + key + "=URL-encoded command, as provmr streaming recorded it in the"
          + " lineage parameters), they are never taken from the lineage store");
    }
  }

  /**
   * The context's records as an old-API RecordReader. MapRunner asks for a key and value
   * object first and then has next() fill them; new-API readers (LineRecordReader) reuse
   * their objects, so the first record is read ahead and its objects handed out, and any
   * reader that does not reuse them has each record copied in.
   */
  static final class ContextReader implements RecordReader<Object, Object> {
    private final MapContext<Object, Object, ?, ?> context;
    private final JobConf conf;
    private boolean readAhead;
    private boolean more;

    ContextReader(MapContext<Object, Object, ?, ?> context, JobConf conf) {
      this.context = context;
      this.conf = conf;
    }

    private void readAhead() throws IOException {
      if (!readAhead) {
        more = nextKeyValue();
        readAhead = true;
      }
    }

    @Override
    public Object createKey() {
      try {
        readAhead();
        return more ? context.getCurrentKey() : null;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("Cannot read the first record", e);
      }
    }

    @Override
    public Object createValue() {
      try {
        readAhead();
        return more ? context.getCurrentValue() : null;
      } catch (IOException | InterruptedException e) {
        throw new IllegalStateException("Cannot read the first record", e);
      }
    }

    @Override
    public boolean next(Object key, Object value) throws IOException {
      if (readAhead) {
        readAhead = false;
        if (!more) {
          return false;
        }
      } else if (!nextKeyValue()) {
        return false;
      }
      try {
        copyInto(context.getCurrentKey(), key);
        copyInto(context.getCurrentValue(), value);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while reading", e);
      }
      return true;
    }

    private void copyInto(Object from, Object to) throws IOException {
      if (from != to) {
        ReflectionUtils.copy(conf, from, to);
      }
    }

    private boolean nextKeyValue() throws IOException {
      try {
        return context.nextKeyValue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("Interrupted while reading", e);
      }
    }

    @Override
    public long getPos() {
      return 0; // only used by the old API's skipping mode, which streaming turns off
    }

    @Override
    public void close() {
      // the task closes the new-API reader
    }

    @Override
    public float getProgress() {
      return context.getProgress();
    }
  }
}
