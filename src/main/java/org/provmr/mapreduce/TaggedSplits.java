package org.provmr.mapreduce;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Mapper;

/**
 * Looks through Hadoop's {@code TaggedInputSplit}, the split MultipleInputs'
 * DelegatingInputFormat wraps around each real split to say which input format reads it and
 * which mapper maps it. The class is package-private in {@code
 * org.apache.hadoop.mapreduce.lib.input}, so its public methods are reached by reflection; a
 * Hadoop whose TaggedInputSplit no longer has them fails with a message saying so, never with a
 * DataID that names the tag instead of the file range.
 *
 * <p>Capture unwraps a tagged split so that the source is the real file range (fingerprinted,
 * validated, recomputable); a recompute re-tags the file ranges it replays ({@link #tag}) so
 * that Hadoop's DelegatingInputFormat and DelegatingMapper read and map each with its own input
 * format and mapper again.
 */
public final class TaggedSplits {
  private static final String TAGGED = "org.apache.hadoop.mapreduce.lib.input.TaggedInputSplit";

  private TaggedSplits() {
  }

  /** Whether {@code split} is one of MultipleInputs' tagged splits. */
  public static boolean isTagged(InputSplit split) {
    return split != null && split.getClass().getName().equals(TAGGED);
  }

  /** The real split inside a tagged one; any other split as it is. */
  public static InputSplit inner(InputSplit split) {
    return isTagged(split) ? (InputSplit) call(Reflection.INNER, split) : split;
  }

  /** The input format that reads a tagged split. */
  @SuppressWarnings("unchecked")
  public static Class<? extends InputFormat<?, ?>> inputFormatClass(InputSplit tagged) {
    return (Class<? extends InputFormat<?, ?>>) call(Reflection.FORMAT, requireTagged(tagged));
  }

  /** The mapper that maps a tagged split (null when MultipleInputs was given none). */
  @SuppressWarnings("unchecked")
  public static Class<? extends Mapper<?, ?, ?, ?>> mapperClass(InputSplit tagged) {
    return (Class<? extends Mapper<?, ?, ?, ?>>) call(Reflection.MAPPER, requireTagged(tagged));
  }

  /** A tagged split around {@code inner}, as DelegatingInputFormat makes them. */
  public static InputSplit tag(InputSplit inner, Configuration conf, Class<?> inputFormat,
      Class<?> mapper) {
    try {
      return (InputSplit) Reflection.CONSTRUCTOR.newInstance(inner, conf, inputFormat, mapper);
    } catch (InstantiationException | IllegalAccessException e) {
      throw Reflection.changed(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("Cannot tag split " + inner + ": " + e.getCause(),
          e.getCause());
    }
  }

  private static InputSplit requireTagged(InputSplit split) {
    if (!isTagged(split)) {
      throw new IllegalArgumentException("Not a MultipleInputs tagged split: " + split);
    }
    return split;
  }

  private static Object call(Method m, InputSplit tagged) {
    try {
      return m.invoke(tagged);
    } catch (IllegalAccessException e) {
      throw Reflection.changed(e);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException(m.getName() + " of " + tagged + " failed: "
          + e.getCause(), e.getCause());
    }
  }

  /** The reflective handles, looked up once, when MultipleInputs is first met. */
  private static final class Reflection {
    static final Method INNER;
    static final Method FORMAT;
    static final Method MAPPER;
    static final Constructor<?> CONSTRUCTOR;

    static {
      try {
        Class<?> c = Class.forName(TAGGED, false, InputSplit.class.getClassLoader());
        INNER = accessible(c.getMethod("getInputSplit"));
        FORMAT = accessible(c.getMethod("getInputFormatClass"));
        MAPPER = accessible(c.getMethod("getMapperClass"));
        CONSTRUCTOR = c.getConstructor(InputSplit.class, Configuration.class, Class.class,
            Class.class);
        CONSTRUCTOR.setAccessible(true);
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw changed(e);
      }
    }

    private static Method accessible(Method m) {
      m.setAccessible(true); // public methods of a package-private class
      return m;
    }

    static IllegalStateException changed(Exception e) {
      return new IllegalStateException("This Hadoop's " + TAGGED + " (MultipleInputs) is not"
          + " the one ProvMR knows (getInputSplit, getInputFormatClass, getMapperClass and a"
          + " (InputSplit, Configuration, Class, Class) constructor, Hadoop 3.4/3.5): "
          + e + ". Run one job per input instead of MultipleInputs", e);
    }
  }
}
