package org.provmr.recompute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.conf.Glob;

/**
 * Which classes a recompute may load from a lineage store. The recorded configuration is data
 * read from files; before a single class named in it is loaded, every class-valued property
 * is checked against provenance.recompute.allowed.classes (read from the operator's
 * configuration, never from the lineage).
 */
final class ClassAllowList {
  private final List<Glob> allowed = new ArrayList<>();
  private final String patterns;

  ClassAllowList(Configuration operator) {
    patterns = operator.get(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES,
        ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES_DEFAULT);
    for (String glob : operator.getTrimmedStrings(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES,
        ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES_DEFAULT.split(","))) {
      allowed.add(Glob.anywhere(ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES, glob, false));
    }
  }

  /** Every class-valued property of a recorded configuration must be allowed. */
  void check(Map<String, String> recorded, String where) throws RefusedClassException {
    for (Map.Entry<String, String> e : recorded.entrySet()) {
      if (!isClassValued(e.getKey())) {
        continue;
      }
      for (String name : e.getValue().split(",")) {
        String n = name.trim();
        if (!n.isEmpty() && !allowed(n)) {
          throw new RefusedClassException("Refused: " + where + " names class " + n + " (in "
              + e.getKey() + "), which " + ProvenanceKeys.RECOMPUTE_ALLOWED_CLASSES + " ["
              + patterns + "] does not allow. Lineage is data and may not name code to run; if"
              + " the class is yours, add its package to that key. Nothing was loaded or run.");
        }
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

  static boolean isClassValued(String key) {
    return key.endsWith(".class") || key.endsWith(".classes") || key.endsWith(".comparator")
        || key.equals("io.serializations") || key.endsWith(".class.name")
        || key.endsWith(".codec");
  }
}
