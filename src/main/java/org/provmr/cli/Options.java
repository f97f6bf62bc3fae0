package org.provmr.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.StringUtils.TraditionalBinaryPrefix;

/**
 * The options of one command, after ToolRunner has taken Hadoop's generic ones (-D, -conf,
 * -libjars) from the front: {@code --name value} pairs, {@code --flag}s and positional
 * arguments. Unknown options are usage errors, never silently ignored.
 *
 * <p>An option may mirror an operator key ({@link #withValue(String, String, ValueCheck)},
 * {@link #withFlag(String, String)}): {@link #applyTo} writes the key only when the option was
 * given, so {@code -D key=...} and provmr-site.xml hold otherwise. Generic options that come
 * after the command's own ({@code run wordcount --input IN -D k=v}) are collected in
 * {@link #generic()} rather than taken for positional arguments; {@link Command} applies them.
 * Why this parser rather than commons-cli: docs/design.md, "Command line".
 */
final class Options {
  /** Hadoop's generic options (GenericOptionsParser), each of which takes one value. */
  static final Set<String> GENERIC = Set.of("-D", "-conf", "-fs", "-jt", "-libjars", "-files",
      "-archives", "-tokenCacheFile");

  /** Checks an option's value and returns what its key is set to. */
  @FunctionalInterface
  interface ValueCheck {
    String check(String value) throws UsageException;
  }

  private record Spec(boolean takesValue, String key, ValueCheck check) {
  }

  private final Map<String, Spec> known = new LinkedHashMap<>();
  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();
  private final List<String> generic = new ArrayList<>();

  Options withValue(String name) {
    known.put(name, new Spec(true, null, null));
    return this;
  }

  /** An option that sets {@code key} (trimmed) when given. */
  Options withValue(String name, String key) {
    return withValue(name, key, String::trim);
  }

  /** An option that sets {@code key} to {@code check}'s result when given. */
  Options withValue(String name, String key, ValueCheck check) {
    known.put(name, new Spec(true, key, check));
    return this;
  }

  Options withFlag(String name) {
    known.put(name, new Spec(false, null, null));
    return this;
  }

  /** A flag that sets {@code key} to true when given, and leaves it alone otherwise. */
  Options withFlag(String name, String key) {
    known.put(name, new Spec(false, key, v -> "true"));
    return this;
  }

  Options parse(String[] args) throws UsageException {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (GENERIC.contains(a) || a.startsWith("-D") && a.length() > 2) {
        i = generic(args, i);
        continue;
      }
      if (!a.startsWith("--")) {
        positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String inline = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        inline = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      Spec spec = known.get(name);
      if (spec == null) {
        throw new UsageException("Unknown option --" + name
            + (known.isEmpty() ? "" : "; known: --" + String.join(", --", known.keySet())));
      }
      String v;
      if (!spec.takesValue()) {
        if (inline != null) {
          throw new UsageException("--" + name + " is a flag and takes no value, not '" + inline
              + "'" + (spec.key() == null ? "" : "; to turn it off leave it out, or give -D "
                  + spec.key() + "=false"));
        }
        v = "true";
      } else if (inline != null) {
        v = inline;
      } else if (i + 1 < args.length) {
        v = args[++i];
      } else {
        throw new UsageException("Option --" + name + " needs a value");
      }
      values.computeIfAbsent(name, k -> new ArrayList<>()).add(v);
    }
    return this;
  }

  /** Collects the generic option at {@code args[i]} with its value; returns the last index. */
  private int generic(String[] args, int i) throws UsageException {
    String a = args[i];
    if (!GENERIC.contains(a)) { // -Dkey=value, as GenericOptionsParser also accepts it
      if (a.indexOf('=') <= 2) {
        throw new UsageException("-D takes key=value, not '" + a.substring(2) + "'");
      }
      generic.add("-D");
      generic.add(a.substring(2));
      return i;
    }
    if (i + 1 >= args.length) {
      throw new UsageException("Generic option " + a + " needs a value"
          + (a.equals("-D") ? " (-D key=value)" : ""));
    }
    if (a.equals("-D") && args[i + 1].indexOf('=') <= 0) {
      throw new UsageException("-D takes key=value, not '" + args[i + 1] + "'");
    }
    generic.add(a);
    generic.add(args[i + 1]);
    return i + 1;
  }

  boolean has(String name) {
    return values.containsKey(name);
  }

  String get(String name, String fallback) throws UsageException {
    List<String> v = values.get(name);
    if (v == null) {
      return fallback;
    }
    if (v.size() > 1) {
      throw new UsageException("Option --" + name + " given " + v.size() + " times");
    }
    return v.get(0);
  }

  String required(String name) throws UsageException {
    String v = get(name, null);
    if (v == null || v.isEmpty()) {
      throw new UsageException("Missing --" + name);
    }
    return v;
  }

  List<String> all(String name) {
    return values.getOrDefault(name, List.of());
  }

  int getInt(String name, int fallback, int min) throws UsageException {
    String v = get(name, null);
    return v == null ? fallback : Integer.parseInt(wholeNumber(name, v, min));
  }

  /** Checks that option {@code name}'s value is a whole number of at least {@code min}. */
  static String wholeNumber(String name, String v, int min) throws UsageException {
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new UsageException("--" + name + " must be at least " + min + ", was " + v);
      }
      return Integer.toString(n);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  /**
   * A positive size in bytes, in Hadoop's syntax (as dfs.blocksize): a whole number, or one
   * with k, m, g, t, p or e for powers of 1024, such as 64m or 1g.
   */
  long getSize(String name, String fallback) throws UsageException {
    String v = get(name, fallback);
    long n;
    try {
      n = TraditionalBinaryPrefix.string2long(v);
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) { // "" has no last char
      n = -1;
    }
    if (n <= 0) {
      throw new UsageException("--" + name + " takes a size such as 64m, 1g or 500k (bytes,"
          + " or k, m, g, t, p, e for powers of 1024), not '" + v + "'");
    }
    return n;
  }

  List<String> positional() {
    return positional;
  }

  /** Generic options found among the command's own, in order: {@code [-D, k=v, ...]}. */
  List<String> generic() {
    return Collections.unmodifiableList(generic);
  }

  /** Option name to the key it mirrors, for every option that mirrors one. */
  Map<String, String> mirrors() {
    Map<String, String> m = new LinkedHashMap<>();
    known.forEach((name, spec) -> {
      if (spec.key() != null) {
        m.put(name, spec.key());
      }
    });
    return m;
  }

  /**
   * Writes the key of every mirroring option that was given, after checking its value; keys
   * of options not given keep whatever -D, -conf or the site files said.
   */
  void applyTo(Configuration conf) throws UsageException {
    for (Map.Entry<String, Spec> e : known.entrySet()) {
      Spec spec = e.getValue();
      if (spec.key() != null && has(e.getKey())) {
        String name = e.getKey();
        conf.set(spec.key(), spec.check().check(get(name, null)), "option --" + name);
      }
    }
  }
}
