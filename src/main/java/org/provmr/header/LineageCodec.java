package org.provmr.header;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

/**
 * Binary form of a {@link Lineage}, as embedded in self-contained headers. It lives in
 * {@code header}, beside the rest of the byte format, while the model it encodes lives in
 * {@code lineage}: the header depends on the lineage model, never the reverse.
 *
 * <pre>
 * lineage  := varint nSteps, step*, varint nUpstream, lineage*
 * step     := string job, byte stageCode, string task ("" = job level), string className,
 *             varint nParams, (string key, string value)* in strictly increasing key order
 * </pre>
 *
 * <p>Decoding guards against hostile input: nesting deeper than {@link #MAX_DEPTH} and counts
 * larger than the bytes left are rejected before anything is allocated for them.
 */
public final class LineageCodec {

  /** Deepest nesting accepted (the outermost lineage is level 1). */
  public static final int MAX_DEPTH = 64;

  private LineageCodec() {
  }

  /**
   * Appends the encoding of {@code l} to {@code out}.
   *
   * @throws IllegalArgumentException if {@code l} is nested deeper than {@link #MAX_DEPTH},
   *     since no reader would accept it
   */
  public static void write(Lineage l, ByteSink out) {
    if (l.depth() > MAX_DEPTH) {
      throw new IllegalArgumentException("lineage is nested " + l.depth()
          + " levels deep; the header format allows at most " + MAX_DEPTH);
    }
    writeLevel(l, out);
  }

  private static void writeLevel(Lineage l, ByteSink out) {
    out.writeVarint(l.steps().size());
    for (Step s : l.steps()) {
      out.writeString(s.job());
      out.writeByte(s.stage().code());
      out.writeString(s.task() == null ? "" : s.task());
      out.writeString(s.className());
      out.writeVarint(s.params().size());
      for (Map.Entry<String, String> p : s.params().entrySet()) {
        out.writeString(p.getKey());
        out.writeString(p.getValue());
      }
    }
    out.writeVarint(l.upstream().size());
    for (Lineage u : l.upstream()) {
      writeLevel(u, out);
    }
  }

  /**
   * Reads one encoded lineage from {@code in}.
   *
   * @throws HeaderFormatException if it is truncated, too deep or otherwise malformed
   */
  public static Lineage read(ByteSource in) throws HeaderFormatException {
    return read(in, 1);
  }

  private static Lineage read(ByteSource in, int depth) throws HeaderFormatException {
    if (depth > MAX_DEPTH) {
      throw new HeaderFormatException(
          "lineage nested more than " + MAX_DEPTH + " levels deep", in.position());
    }
    int nSteps = readCount(in, "lineage step");
    List<Step> steps = new ArrayList<>(nSteps);
    for (int i = 0; i < nSteps; i++) {
      steps.add(readStep(in));
    }
    int nUpstream = readCount(in, "upstream lineage");
    if (nSteps == 0 && nUpstream == 0) {
      return Lineage.empty();
    }
    List<Lineage> upstream = new ArrayList<>(nUpstream);
    for (int i = 0; i < nUpstream; i++) {
      upstream.add(read(in, depth + 1));
    }
    return Lineage.of(steps, upstream);
  }

  private static Step readStep(ByteSource in) throws HeaderFormatException {
    String job = in.readString();
    int stageAt = in.position();
    Stage stage;
    try {
      stage = Stage.fromCode(in.readUnsignedByte());
    } catch (IllegalArgumentException e) {
      throw new HeaderFormatException(e.getMessage(), stageAt);
    }
    String task = in.readString();
    String className = in.readString();
    int nParams = readCount(in, "lineage parameter");
    TreeMap<String, String> params = new TreeMap<>();
    String previous = null;
    for (int i = 0; i < nParams; i++) {
      int keyAt = in.position();
      String key = in.readString();
      if (previous != null && previous.compareTo(key) >= 0) {
        throw new HeaderFormatException("lineage parameter key '" + key
            + "' is not after '" + previous + "' (keys must be unique and sorted)", keyAt);
      }
      params.put(key, in.readString());
      previous = key;
    }
    return new Step(job, stage, task.isEmpty() ? null : task, className, params);
  }

  /** Reads a count that cannot exceed the bytes left, since every element takes a byte. */
  static int readCount(ByteSource in, String what) throws HeaderFormatException {
    int at = in.position();
    int n = in.readVarintInt();
    if (n > in.remaining()) {
      throw new HeaderFormatException(what + " count " + n + " exceeds the "
          + in.remaining() + " bytes remaining", at);
    }
    return n;
  }
}
