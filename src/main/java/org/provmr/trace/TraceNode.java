package org.provmr.trace;

import java.util.List;
import java.util.Map;

/**
 * One step of a trace, as printed and as {@code --json}: an output record (or, in the coarse
 * walk of a reduce record's upstream, a whole part), the steps that made it with their recorded
 * parameters, its DataID resolved, what a precise replay found, and the records or source
 * ranges one stage further up.
 *
 * @param output the output directory
 * @param job its job id and name
 * @param part the part file
 * @param record the record's ordinal in the part, or -1 when reached by byte offset
 * @param offset the record's byte offset in the part (-1 for a whole part)
 * @param key the record's key as text (null for a whole part)
 * @param value the record's value as text (null for a whole part)
 * @param scope "record" or "part"
 * @param kind "map" (one exact source range) or "reduce" (a set of splits)
 * @param steps this job's steps, with their recorded parameters
 * @param sources the splits or the range its DataID names (at most --limit of them)
 * @param sourcesNotShown how many more splits it names beyond the limit
 * @param replay what the precise replay found, or null
 * @param upstream records (or parts) of upstream ProvMR outputs it came from
 * @param upstreamNotShown how many more there are beyond the limit
 * @param raw ranges of raw source files it came from (with their text under --show-source)
 * @param rawNotShown how many more there are beyond the limit
 * @param note what could not be followed, or null
 */
public record TraceNode(String output, String job, String part, long record, long offset,
    String key, String value, String scope, String kind, List<StepView> steps,
    List<SourceView> sources, long sourcesNotShown, ReplayView replay, List<TraceNode> upstream,
    long upstreamNotShown, List<RawView> raw, long rawNotShown, String note) {

  /** A lineage step: job, stage, class and recorded parameters. */
  public record StepView(String job, String stage, String className,
      Map<String, String> params) {
  }

  /** A manifest entry a DataID names; {@code upstream} is the output it belongs to, if any. */
  public record SourceView(int id, String uri, long start, long length, String upstream) {
  }

  /**
   * A range of a raw source file: bytes [offset, offset + length), or record number
   * {@code offset} of a split when the source was read by ordinal; its text under
   * {@code --show-source}: its first provenance.trace.show.source.bytes, {@code textCut}
   * bytes of it not shown.
   */
  public record RawView(String uri, long offset, long length, String positions, String text,
      long textCut) {
  }

  /** One input record the replay matched, as printed. */
  public record MatchView(int source, String uri, long offset, long length, String key,
      String value, int emitted, boolean isolated) {
  }

  /** The precise replay's figures and check; see {@link Replay}. */
  public record ReplayView(int[] splits, long recordsRead, long matched, long emitted,
      boolean isolated, String recorded, List<String> replayed, boolean addsUp, String note,
      List<MatchView> listed) {
  }
}
