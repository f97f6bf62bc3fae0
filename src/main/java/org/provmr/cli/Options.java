package org.provmr.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options of one command, after ToolRunner has taken Hadoop's generic ones (-D, -conf,
 * -libjars): {@code --name value} pairs, {@code --flag}s and positional arguments. Unknown
 * options are usage errors, never silently ignored.
 */
final class Options {
  private final Map<String, Boolean> known = new LinkedHashMap<>(); // name -> takes a value
  private final Map<String, List<String>> values = new HashMap<>();
  private final List<String> positional = new ArrayList<>();

  Options withValue(String name) {
    known.put(name, true);
    return this;
  }

  Options withFlag(String name) {
    known.put(name, false);
    return this;
  }

  Options parse(String[] args) throws UsageException {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
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
      Boolean takesValue = known.get(name);
      if (takesValue == null) {
        throw new UsageException("Unknown option --" + name
            + (known.isEmpty() ? "" : "; known: --" + String.join(", --", known.keySet())));
      }
      String v;
      if (!takesValue) {
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
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v.trim());
      if (n < min) {
        throw new UsageException("--" + name + " must be at least " + min + ", was " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a whole number, not '" + v + "'");
    }
  }

  List<String> positional() {
    return positional;
  }

  /** Parses sizes such as 64m, 1g, 512k or a plain number of bytes. */
  static long parseSize(String name, String v) throws UsageException {
    String s = v.trim().toLowerCase(java.util.Locale.ROOT);
    long unit = 1;
    char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
    if (last == 'k' || last == 'm' || last == 'g') {
      unit = last == 'k' ? 1L << 10 : last == 'm' ? 1L << 20 : 1L << 30;
      s = s.substring(0, s.length() - 1);
    }
    try {
      long n = Long.parseLong(s);
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n * unit;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " takes a size such as 64m, 1g or 500k, not '"
          + v + "'");
    }
  }
}
