package org.provmr.wrap;

import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.mapreduce.InputFormat;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Infers the key and value classes of an unmodified job from the generic superclasses of its
 * classes, so that {@code provmr wrap} needs no {@code --output-key-class} for the usual
 * {@code class X extends Mapper<Object, Text, Text, IntWritable>}.
 *
 * <p>Hadoop's identity {@link Mapper} and {@link Reducer} pass their input through, so their
 * output types are their input types: the input format's for the identity mapper, the map
 * output's for the identity reducer; likewise an output declared as one of the class's own
 * input type variables. A type still unknown (an unbound type variable, or an interface such
 * as Writable) comes back as null and the caller asks for it explicitly.
 */
public final class WrappedTypes {

  private WrappedTypes() {
  }

  /** A key class and a value class; either may be null when it could not be inferred. */
  public record KeyValue(Class<?> key, Class<?> value) {
    public boolean complete() {
      return key != null && value != null;
    }
  }

  /** What an InputFormat produces, e.g. TeraInputFormat gives Text, Text. */
  @SuppressWarnings("rawtypes")
  public static KeyValue ofInputFormat(Class<? extends InputFormat> format) {
    Type[] args = typeArguments(format, InputFormat.class);
    return args == null ? new KeyValue(null, null) : new KeyValue(concrete(args[0]),
        concrete(args[1]));
  }

  /** The map output classes of {@code mapper} reading from an input format producing {@code in}. */
  @SuppressWarnings("rawtypes")
  public static KeyValue mapOutput(Class<? extends Mapper> mapper, KeyValue in) {
    if (mapper == Mapper.class) {
      return in;
    }
    return outputOf(typeArguments(mapper, Mapper.class), in);
  }

  /** The output classes of {@code reducer} fed with map output of classes {@code in}. */
  @SuppressWarnings("rawtypes")
  public static KeyValue reduceOutput(Class<? extends Reducer> reducer, KeyValue in) {
    if (reducer == Reducer.class) {
      return in;
    }
    return outputOf(typeArguments(reducer, Reducer.class), in);
  }

  /**
   * The output classes from Mapper/Reducer type arguments {@code <KIN, VIN, KOUT, VOUT>}: an
   * output that is one of the class's own input type variables (LongSumReducer&lt;KEY&gt;,
   * InverseMapper&lt;K, V&gt;) gets the concrete class that input is fed with.
   */
  private static KeyValue outputOf(Type[] args, KeyValue in) {
    if (args == null) {
      return new KeyValue(null, null);
    }
    return new KeyValue(outputClass(args, 2, in), outputClass(args, 3, in));
  }

  private static Class<?> outputClass(Type[] args, int i, KeyValue in) {
    if (args[i] instanceof TypeVariable) {
      if (args[i].equals(args[0])) {
        return in.key();
      }
      if (args[i].equals(args[1])) {
        return in.value();
      }
    }
    return concrete(args[i]);
  }

  /**
   * The actual type arguments {@code start} gives {@code target}'s type parameters, following
   * the superclass chain and substituting type variables on the way; null when {@code target}
   * is not a superclass.
   */
  static Type[] typeArguments(Class<?> start, Class<?> target) {
    Map<TypeVariable<?>, Type> bound = new HashMap<>();
    Class<?> c = start;
    while (c != null && c != target) {
      Type sup = c.getGenericSuperclass();
      if (sup instanceof ParameterizedType) {
        ParameterizedType p = (ParameterizedType) sup;
        Class<?> raw = (Class<?>) p.getRawType();
        TypeVariable<?>[] vars = raw.getTypeParameters();
        Type[] actual = p.getActualTypeArguments();
        for (int i = 0; i < vars.length; i++) {
          Type a = actual[i];
          bound.put(vars[i], a instanceof TypeVariable ? bound.getOrDefault(a, a) : a);
        }
        c = raw;
      } else {
        c = (Class<?>) sup; // a raw superclass: what it binds is lost
      }
    }
    if (c == null) {
      return null;
    }
    TypeVariable<?>[] vars = target.getTypeParameters();
    Type[] out = new Type[vars.length];
    for (int i = 0; i < vars.length; i++) {
      out[i] = bound.getOrDefault(vars[i], vars[i]);
    }
    return out;
  }

  /** A class Hadoop can instantiate for a key or value, or null. */
  private static Class<?> concrete(Type t) {
    Class<?> c = null;
    if (t instanceof Class) {
      c = (Class<?>) t;
    } else if (t instanceof ParameterizedType) {
      c = (Class<?>) ((ParameterizedType) t).getRawType();
    }
    if (c == null || c == Object.class || c.isInterface()
        || Modifier.isAbstract(c.getModifiers())) {
      return null;
    }
    return c;
  }
}
