package org.provmr.recompute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.BadConfigurationException;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.Glob;

/**
 * Which classes a recompute may load from a lineage store. The recorded configuration is data
 * read from files; before a single class named in it is loaded, every value that names a
 * class is checked against provenance.recompute.allowed.classes (read from the operator's
 * configuration, never from the lineage).
 *
 * <p>"Names a class" is decided without loading anything: a key whose name says it holds
 * classes (Hadoop's conventions: {@code .class}, {@code .codecs}, {@code .impl}, ...), or a
 * value that is the name of a class file on the class path (found as a resource, which runs no
 * static initializer). Values are split into names at every character that cannot be part of
 * one, so lists ({@code io.compression.codecs}) are checked entry by entry.
 */
final class ClassAllowList {
  private static final Pattern NOT_IN_A_NAME = Pattern.compile("[^A-Za-z0-9_$.]+");
  private static final String[] CLASS_VALUED_SUFFIXES = {
      ".class", ".classes", ".codec", ".codecs", ".comparator", ".serializations", ".impl",
      ".class.name", ".factory", ".provider", ".providers", ".initializers", ".plugins"};

  private final List<Glob> allowed = new ArrayList<>();
  private final String patterns;

  ClassAllowList(Configuration operator) {
    patterns = operator.get(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES,
        ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES_DEFAULT);
    for (String glob : operator.getTrimmedStrings(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES,
        ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES_DEFAULT.split(","))) {
      allowed.add(Glob.anywhere(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES, glob, false));
    }
    if (allowed.isEmpty()) {
      throw new BadConfigurationException(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES, patterns,
          "list at least the packages a recompute runs, e.g. "
              + ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES_DEFAULT);
    }
  }

  /** Every class that any recorded value names must be allowed. */
  void check(Map<String, String> recorded, String where, ClassLoader loader)
      throws RefusedClassException {
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      check(e.getKey(), e.getValue(), where, loader);
    }
  }

  /** Every class that {@code value} of {@code key} names must be allowed. */
  void check(String key, String value, String where, ClassLoader loader)
      throws RefusedClassException {
    for (String name : classesNamed(key, value, loader)) {
      if (!allowed(name)) {
        throw new RefusedClassException("Refused: " + where + " names class " + name + " (in "
            + key + "), which " + ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES + " [" + patterns
            + "] does not allow. Lineage is data and may not name code to run; if the class is"
            + " yours, add its package to that key. Nothing was loaded or run.");
      }
    }
  }

  boolean allowed(String className) {
    for (Glob g : allowed) {
      if (g.matches(className)) {
        return true;
      }
    }
    return false;
  }

  /** The class names in a value, by the key's name or by a class file of that name. */
  static List<String> classesNamed(String key, String value, ClassLoader loader) {
    List<String> names = new ArrayList<>();
    if (value == null) {
      return names;
    }
    boolean classValued = isClassValued(key);
    for (String token : NOT_IN_A_NAME.split(value)) {
      if (isQualifiedName(token) && (classValued
          || loader.getResource(token.replace('.', '/') + ".class") != null)) {
        names.add(token);
      }
    }
    return names;
  }

  static boolean isClassValued(String key) {
    if (key.equals("io.serializations")) {
      return true;
    }
    for (String suffix : CLASS_VALUED_SUFFIXES) {
      if (key.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /** A dotted Java name: at least two segments, each an identifier. */
  static boolean isQualifiedName(String s) {
    String[] segments = s.split("\\.", -1);
    if (segments.length < 2) {
      return false;
    }
    for (String seg : segments) {
      if (seg.isEmpty() || !Character.isJavaIdentifierStart(seg.charAt(0))) {
        return false;
      }
      for (int i = 1; i < seg.length(); i++) {
        if (!Character.isJavaIdentifierPart(seg.charAt(i))) {
          return false;
        }
      }
    }
    return true;
  }
}
