package org.provmr.store;

import java.io.IOException;
import java.util.regex.Pattern;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The file names a lineage store (or a recompute journal) may give: plain names of files in
 * the output directory itself. Every name read from such a file is data whoever owns the
 * output can write; {@code new Path(output, name)} with a name like {@code ../victim.txt},
 * {@code a/b} or {@code file:/etc/passwd} would reach outside the output, so such a name is
 * refused before anything is opened.
 */
public final class StoreNames {
  /** Letters, digits, '.', '_' and '-', starting with a letter or digit (not hidden). */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

  /**
   * The sub-stream directories an output may have (docs/substreams.md): {@code priority} and
   * one {@code age-<limit>} per age band, e.g. {@code age-1d}.
   */
  private static final Pattern SUBSTREAM = Pattern.compile("priority|age-[0-9]{1,9}[smhdw]");

  /** The sub-stream directory of the first (freshest, or low-confidence) sub-stream. */
  public static final String PRIORITY = "priority";

  private StoreNames() {
  }

  /**
   * Task fragments hold one entry each in the store's binary entry form (StoreBinary), not JSON:
   * a task JVM then never loads Jackson's databind, whose first use (some 450 classes, its
   * serializers built by reflection) cost each YARN task JVM about 0.4 s of CPU
   * (bench/fragment-startup.sh, bench/README.md).
   */
  static final String FRAGMENT_SUFFIX = ".bin";

  /** The task fragment file of source {@code id}: source-00042.bin. */
  static String sourceFragment(int id) {
    // Not String.format: every map task names one, and the formatter's locale lookups were a
    // visible part of a small task's set-up (bench/README.md, "Per task and per job").
    String digits = Integer.toString(id);
    return LineageStore.SOURCE_PREFIX + "0".repeat(Math.max(0, 5 - digits.length())) + digits
        + FRAGMENT_SUFFIX;
  }

  /**
   * Whether {@code st}, at the top of an output, is a committed task's store fragment
   * ({@code _provenance.<fragment>}), which the job commit merges into the store. The commit
   * (FragmentMerge) and the diagnosis of an output it never finished (IncompleteOutput) must
   * agree on it.
   */
  static boolean isTaskFragment(FileStatus st) {
    return st.isFile() && st.getPath().getName().startsWith(LineageStore.FRAGMENT_PREFIX);
  }

  /**
   * The task fragment file of a part: flat for a sub-stream part (priority/part-r-00000 ->
   * part-substream-priority.part-r-00000.bin), since the job commit reads one directory.
   */
  static String fragment(String partName) {
    return (partName.indexOf('/') < 0 ? partName
        : "part-substream-" + partName.replace('/', '.')) + FRAGMENT_SUFFIX;
  }

  /** Whether {@code name} is the name of a sub-stream directory of an output. */
  public static boolean isSubstreamDir(String name) {
    return name != null && SUBSTREAM.matcher(name).matches();
  }

  /**
   * The sub-stream of a part name ({@code priority} of {@code priority/part-r-00000}), or null
   * for a main part.
   */
  public static String substreamOf(String partName) {
    int slash = partName.indexOf('/');
    return slash < 0 ? null : partName.substring(0, slash);
  }

  /**
   * Where a sub-stream comes in reading order (docs/substreams.md): {@code priority} first,
   * then {@code age-<limit>} by ascending limit, then the main parts (null).
   */
  public static long substreamOrder(String substream) {
    if (substream == null || !isSubstreamDir(substream)) {
      return Long.MAX_VALUE;
    }
    if (substream.equals(PRIORITY)) {
      return -1;
    }
    String n = substream.substring("age-".length());
    long unit = switch (n.charAt(n.length() - 1)) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86400;
      default -> 7 * 86400;
    };
    return Long.parseLong(n.substring(0, n.length() - 1)) * unit;
  }

  /**
   * Why {@code name} is not a part name a store may list, or null if it is: a plain name, or
   * a sub-stream directory and a plain name ({@code priority/part-r-00000}); nothing deeper,
   * nothing outside the output.
   */
  public static String whyNotPartName(String name) {
    if (name != null && name.indexOf('/') >= 0 && !name.contains("..")) {
      int slash = name.indexOf('/');
      if (!isSubstreamDir(name.substring(0, slash))) {
        return "a part below the output's own directory must be in a sub-stream directory"
            + " (priority or age-LIMIT), not '" + name.substring(0, slash) + "'";
      }
      return whyNotPlain(name.substring(slash + 1));
    }
    return whyNotPlain(name);
  }

  /** Why {@code name} is not a plain file name of an output directory, or null if it is. */
  public static String whyNotPlain(String name) {
    if (name == null || name.isEmpty()) {
      return "it is empty";
    }
    if (name.contains("..")) {
      return "it contains '..'";
    }
    if (!PLAIN.matcher(name).matches()) {
      return "only letters, digits, '.', '_' and '-' are allowed, starting with a letter or"
          + " digit, at most 255 characters (no '/', ':' or other separator)";
    }
    return null;
  }

  /** Refuses a part entry whose name would reach outside its output (the store is data). */
  public static void checkPartName(Path partsFile, PartEntry p) throws IOException {
    String why = whyNotPartName(p.name());
    if (why != null) {
      throw new IOException("Malformed lineage store file " + partsFile + ": part name '"
          + StringEscapeUtils.escapeJava(p.name()) + "' is not a plain file name of the"
          + " output (" + why + "). A lineage store only names files inside its own output;"
          + " nothing was opened. Rewrite the output with its job to get a sound store.");
    }
  }
}
