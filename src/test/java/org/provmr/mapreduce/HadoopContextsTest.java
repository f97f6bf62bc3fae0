package org.provmr.mapreduce;

import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.ReduceContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;
import org.apache.hadoop.mapreduce.task.MapContextImpl;
import org.apache.hadoop.mapreduce.task.ReduceContextImpl;
import org.apache.hadoop.util.Progress;
import org.junit.jupiter.api.Test;

/**
 * The tracing contexts wrap Hadoop's real task context, not Hadoop's delegating wrapper around
 * it (HadoopContexts): the real contexts here are Hadoop's own classes, wrapped as MapTask and
 * ReduceTask wrap them.
 */
class HadoopContextsTest {
  private static final TaskAttemptID MAP = new TaskAttemptID("j", 1, TaskType.MAP, 0, 0);
  private static final TaskAttemptID REDUCE = new TaskAttemptID("j", 1, TaskType.REDUCE, 0, 0);

  private static MapContext<Text, Text, Text, Text> mapContext() {
    return new MapContextImpl<>(new Configuration(false), MAP, null, null, null, null, null);
  }

  private static ReduceContext<Text, Text, Text, Text> reduceContext() throws Exception {
    RawKeyValueIterator empty = new RawKeyValueIterator() {
      @Override
      public DataInputBuffer getKey() {
        return null;
      }

      @Override
      public DataInputBuffer getValue() {
        return null;
      }

      @Override
      public boolean next() {
        return false;
      }

      @Override
      public void close() {
      }

      @Override
      public Progress getProgress() {
        return new Progress();
      }
    };
    return new ReduceContextImpl<>(new Configuration(), REDUCE, empty, null, null, null, null,
        null, new Text.Comparator(), Text.class, Text.class);
  }

  @Test
  void hadoopsWrappedMapperContextIsTakenOffTheRealMapContext() {
    MapContext<Text, Text, Text, Text> real = mapContext();
    assertSame(real, HadoopContexts.unwrap(new WrappedMapper<Text, Text, Text, Text>()
        .getMapContext(real)));
  }

  @Test
  void hadoopsWrappedReducerContextIsTakenOffTheRealReduceContext() throws Exception {
    ReduceContext<Text, Text, Text, Text> real = reduceContext();
    assertSame(real, HadoopContexts.unwrap(new WrappedReducer<Text, Text, Text, Text>()
        .getReducerContext(real)));
  }

  @Test
  void aContextThatIsNotExactlyHadoopsWrapperIsKeptAsItIs() throws IOException {
    MapContext<Text, Text, Text, Text> real = mapContext();
    assertSame(real, HadoopContexts.unwrap(real));
    // A subclass of Hadoop's wrapper (another library's, a test double) may add behaviour.
    WrappedMapper<Text, Text, Text, Text>.Context sub =
        new WrappedMapper<Text, Text, Text, Text>().new Context(real) {
          @Override
          public boolean nextKeyValue() {
            return false;
          }
        };
    assertSame(sub, HadoopContexts.unwrap(sub));
  }
}
