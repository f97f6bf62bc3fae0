package org.provmr.trace;

import java.util.List;

/**
 * What depends on a source file or byte range, as printed and as {@code --json}.
 *
 * @param source the source file, qualified
 * @param start first byte of the range
 * @param end end of the range (exclusive; Long.MAX_VALUE for the whole file)
 * @param outputs every output that depends on it, upstream stages first
 * @param notes what the stores did not let the analysis tell (a lineage cycle), else empty
 */
public record ImpactReport(String source, long start, long end, List<Output> outputs,
    List<String> notes) {

  /**
   * One dependent output.
   *
   * @param output the output directory
   * @param job its job id and name
   * @param stage 1 when it read the source itself (validating it finds the change), n when it
   *     read an output of stage n - 1 (it changes once that one is recomputed)
   * @param via the upstream outputs it depends on the source through (empty for stage 1)
   * @param splits its affected splits (source ids)
   * @param parts its affected parts
   */
  public record Output(String output, String job, int stage, List<String> via, int[] splits,
      List<Part> parts) {
  }

  /**
   * One dependent part.
   *
   * @param part the part file name
   * @param kind "map" (records carry one exact range: the dependent records are listed) or
   *     "reduce" (the part as a whole)
   * @param records how many of its records depend on the source (map parts), else -1
   * @param listed the first of them
   * @param notShown how many more there are
   */
  public record Part(String part, String kind, long records, List<Record> listed,
      long notShown) {
  }

  /**
   * A dependent record of a map part.
   *
   * @param index its ordinal in the part
   * @param offset its byte offset in the part
   * @param key its key as text
   * @param sourceUri the file its DataID names
   * @param sourceOffset the first byte of its DataID range (or its ordinal)
   * @param sourceLength its DataID length
   */
  public record Record(long index, long offset, String key, String sourceUri, long sourceOffset,
      long sourceLength) {
  }
}
