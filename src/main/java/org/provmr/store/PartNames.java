package org.provmr.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of an output's part files, as Hadoop's FileOutputFormat makes them ({@code
 * getUniqueFile}): {@code BASE-m-NNNNN} from map task N of a map-only job, {@code
 * BASE-r-NNNNN} from reduce partition N. BASE is {@code part} for the job's own output and a
 * MultipleOutputs named output's name (letters and digits, as MultipleOutputs requires) or
 * base output name for the others. The one place that parses and builds these names, so that
 * validation and recompute agree on which task or partition wrote a part.
 *
 * <p>Names read from a lineage store are untrusted: only a name matching this pattern is a
 * part name (a plain file name, no '/', no leading '.' or '_').
 */
public final class PartNames {
  /** The job's own output's base name. */
  public static final String MAIN = "part";
  private static final Pattern PART = Pattern.compile("([A-Za-z0-9]+)-([mr])-(\\d{5,9})");

  private PartNames() {
  }

  /** Whether {@code name} is a part file name (any base). */
  public static boolean isPart(String name) {
    return name != null && PART.matcher(name).matches();
  }

  /** Whether a map task wrote the part (a map-only job's part). */
  public static boolean isMap(String name) {
    return "m".equals(parse(name).group(2));
  }

  /** The base name: {@code part}, or the named output's. */
  public static String base(String name) {
    return parse(name).group(1);
  }

  /** The map task or reduce partition that wrote the part. */
  public static int task(String name) {
    return Integer.parseInt(parse(name).group(3));
  }

  /** {@code base-m-NNNNN} or {@code base-r-NNNNN}. */
  public static String of(String base, boolean map, int task) {
    String name = String.format("%s-%s-%05d", base, map ? "m" : "r", task);
    parse(name);
    return name;
  }

  /** The same base and kind as {@code name}, written by another task or partition. */
  public static String withTask(String name, int task) {
    return of(base(name), isMap(name), task);
  }

  private static Matcher parse(String name) {
    Matcher m = name == null ? null : PART.matcher(name);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("Not a part file name: '" + name + "' (expected"
          + " BASE-m-NNNNN or BASE-r-NNNNN, BASE letters and digits)");
    }
    return m;
  }
}
