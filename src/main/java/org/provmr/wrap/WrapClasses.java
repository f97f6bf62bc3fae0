package org.provmr.wrap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableComparable;
import org.provmr.conf.BadConfigurationException;

/**
 * Loading and checking the classes a {@link WrapSpec} names, with messages that name the role,
 * the class and the fix (the roles are the names of {@code provmr wrap}'s options).
 */
final class WrapClasses {

  private WrapClasses() {
  }

  /** Loads the class named for {@code role}, checking it is a {@code base}; or null. */
  @SuppressWarnings("unchecked")
  static <T> Class<? extends T> load(Configuration conf, String role, String name,
      Class<T> base) {
    if (name == null) {
      return null;
    }
    Class<?> c = loadClass(conf, role, name.trim());
    if (!base.isAssignableFrom(c)) {
      String oldApi = "org.apache.hadoop.mapred." + base.getSimpleName();
      throw new BadConfigurationException("--" + role + " " + name + " is not a subclass of "
          + base.getName() + (isA(c, oldApi)
              ? " but an old-API " + oldApi + ": run it with --api mapred"
              : "; name a class that extends it"));
    }
    return (Class<? extends T>) c;
  }

  static Class<?> loadClass(Configuration conf, String role, String name) {
    try {
      return conf.getClassByName(name);
    } catch (ClassNotFoundException | LinkageError e) {
      StringBuilder msg = new StringBuilder("--" + role + " " + name + ": class not found");
      int dot = name.lastIndexOf('.');
      String nested = dot < 0 ? null : name.substring(0, dot) + '$' + name.substring(dot + 1);
      if (nested != null && conf.getClassByNameOrNull(nested) != null) {
        msg.append("; a nested class is named Outer$Inner: did you mean ").append(nested)
            .append("?");
      } else {
        msg.append(" on the class path; check the name, or give the jar that holds it with"
            + " --jar (or -libjars)");
      }
      throw new BadConfigurationException(msg.toString());
    }
  }

  private static boolean isA(Class<?> c, String name) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      for (Class<?> i : k.getInterfaces()) {
        if (i.getName().equals(name)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The explicitly given key/value classes where given, else the inferred ones. */
  static WrappedTypes.KeyValue explicitOr(Configuration conf, String prefix, String key,
      String value, WrappedTypes.KeyValue inferred) {
    return new WrappedTypes.KeyValue(
        key != null ? loadClass(conf, prefix + "-key-class", key.trim()) : inferred.key(),
        value != null ? loadClass(conf, prefix + "-value-class", value.trim())
            : inferred.value());
  }

  static void requireTypes(WrappedTypes.KeyValue kv, String what, String option, Class<?> from,
      boolean sortedKey) {
    String source = from == null ? "the identity reducer" : from.getName();
    if (kv.key() == null || kv.value() == null) {
      String part = kv.key() == null ? "key" : "value";
      throw new BadConfigurationException("cannot infer the " + what + " " + part
          + " class from " + source + " (its generic type arguments are not concrete"
          + " classes); give --" + option + "-" + part + "-class");
    }
    Class<?> keyBase = sortedKey ? WritableComparable.class : Writable.class;
    if (!keyBase.isAssignableFrom(kv.key())) {
      throw new BadConfigurationException("the " + what + " key class " + kv.key().getName()
          + " is not a " + keyBase.getSimpleName() + "; give --" + option + "-key-class");
    }
    if (!Writable.class.isAssignableFrom(kv.value())) {
      throw new BadConfigurationException("the " + what + " value class "
          + kv.value().getName() + " is not a Writable, which provenance records need; give --"
          + option + "-value-class");
    }
  }
}
