package org.provmr.mapreduce;

import java.lang.reflect.Field;
import org.apache.hadoop.mapreduce.MapContext;
import org.apache.hadoop.mapreduce.ReduceContext;
import org.apache.hadoop.mapreduce.lib.map.WrappedMapper;
import org.apache.hadoop.mapreduce.lib.reduce.WrappedReducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes Hadoop's own delegating context off the real one before ProvMR wraps it in a tracing
 * context.
 *
 * <p>MapTask and ReduceTask (and the combiner runners) hand {@code Mapper.run} and
 * {@code Reducer.run} a {@link WrappedMapper.Context} ({@link WrappedReducer.Context}), a pure
 * delegate of MapContextImpl (ReduceContextImpl). ProvMR's tracing contexts extend the same
 * class, so wrapping Hadoop's made every call they do not override ({@code getCurrentKey},
 * {@code getCounter}, {@code progress}, ...) a call from {@code WrappedMapper.Context.x} into
 * {@code WrappedMapper.Context.x}: a recursive call, which HotSpot's C2 inlines one level deep
 * and no further ({@code MaxRecursiveInlineLevel=1}). {@code -XX:+PrintInlining} of the sort's
 * reduce loop showed "recursive inlining is too deep" there and {@code Reducer.reduce} left
 * out of the loop, and the framework's own reduce code took three times the CPU samples it
 * takes in the plain job (bench/README.md, "The tracing contexts wrapped Hadoop's").
 *
 * <p>Only an instance of exactly Hadoop's class is unwrapped: a subclass (a test double,
 * another library's context) may add behaviour of its own. Where the field cannot be read
 * (another Hadoop version), the context is wrapped as it is, which is correct, only slower.
 */
final class HadoopContexts {
  private static final Logger LOG = LoggerFactory.getLogger(HadoopContexts.class);
  private static final Field MAP_CONTEXT = field(WrappedMapper.Context.class, "mapContext");

  private HadoopContexts() {
  }

  /** The context Hadoop's WrappedMapper.Context delegates to, or {@code c} itself. */
  @SuppressWarnings("unchecked")
  static <KI, VI, KO, VO> MapContext<KI, VI, KO, VO> unwrap(MapContext<KI, VI, KO, VO> c) {
    if (c.getClass() != WrappedMapper.Context.class) {
      return c;
    }
    Object inner = read(MAP_CONTEXT, c);
    return inner instanceof MapContext ? (MapContext<KI, VI, KO, VO>) inner : c;
  }

  /** The context Hadoop's WrappedReducer.Context delegates to, or {@code c} itself. */
  @SuppressWarnings("unchecked")
  static <KI, VI, KO, VO> ReduceContext<KI, VI, KO, VO> unwrap(
      ReduceContext<KI, VI, KO, VO> c) {
    if (c.getClass() != WrappedReducer.Context.class) {
      return c;
    }
    Object inner = read(ReduceSide.REDUCE_CONTEXT, c);
    return inner instanceof ReduceContext ? (ReduceContext<KI, VI, KO, VO>) inner : c;
  }

  /**
   * The reduce side's field, looked up on first use: a map task would otherwise load Hadoop's
   * reduce classes (four, from its jar) for nothing.
   */
  private static final class ReduceSide {
    static final Field REDUCE_CONTEXT = field(WrappedReducer.Context.class, "reduceContext");
  }

  private static Object read(Field f, Object from) {
    try {
      return f == null ? null : f.get(from);
    } catch (IllegalAccessException e) {
      return null;
    }
  }

  private static Field field(Class<?> c, String name) {
    try {
      Field f = c.getDeclaredField(name);
      f.setAccessible(true);
      return f;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("Hadoop's {}.{} cannot be read ({}): tracing contexts wrap Hadoop's context as"
          + " it is", c.getName(), name, e.toString());
      return null;
    }
  }
}
