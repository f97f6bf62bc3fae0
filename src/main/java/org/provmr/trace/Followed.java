package org.provmr.trace;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.provmr.conf.ProvenanceKeys;
import org.provmr.store.PartEntry;
import org.provmr.store.StoredJob;

/**
 * The records and parts a trace has followed. Stores are written by the outputs' owners, so
 * the upstream links between them can form a cycle (an output named as its own upstream, or
 * two naming each other) and, in the coarse walk, a diamond reached along many paths: each of
 * two parts fed by the same two parts, 32 stages deep, is 2^32 nodes. Each record or part is
 * therefore followed once per trace; reached again, it is named with a note, which bounds the
 * walk by the records and parts it reaches, whatever the stores say; and those are at most
 * {@link ProvenanceKeys#TRACE_MAX_NODES}, since stores can link as many distinct records and
 * parts as they hold, and the tree is kept whole (for --json).
 */
final class Followed {
  static final String CYCLE = "lineage cycle: this is its own upstream through the stores"
      + " above (a store was rewritten after its downstream job ran, or forged); not followed"
      + " again";
  static final String REPEAT = "already traced above; not repeated";

  private final Set<String> done = new HashSet<>();
  private final Set<String> path = new HashSet<>();
  private final long max;

  Followed(long max) {
    this.max = max;
  }

  /** At most {@link ProvenanceKeys#TRACE_MAX_NODES}; a bad value is a usage error naming it. */
  static Followed of(Configuration conf) {
    return new Followed(TraceStores.count(conf, ProvenanceKeys.TRACE_MAX_NODES,
        ProvenanceKeys.TRACE_MAX_NODES_DEFAULT));
  }

  /**
   * Null when {@code id} is reached for the first time (it is then on the path until
   * {@link #leave}), else the note to give it instead of following it again.
   *
   * @throws IOException if it would be one more than the trace may follow
   */
  String enter(String id) throws IOException {
    if (!done.contains(id) && done.size() >= max) {
      throw new IOException("The trace reached more than " + max + " records and parts ("
          + ProvenanceKeys.TRACE_MAX_NODES + "): trace fewer stages (--depth) or fewer records"
          + " a stage (--limit), or raise it");
    }
    if (done.add(id)) {
      path.add(id);
      return null;
    }
    return path.contains(id) ? CYCLE : REPEAT;
  }

  void leave(String id) {
    path.remove(id);
  }

  /** A record reached again: named (its key and value as shown), with the note, not followed. */
  static TraceNode named(Located r, String key, String value, String note) {
    return new TraceNode(r.store().output().toString(), Tracer.jobOf(r.store()),
        r.part().name(), r.index(), r.offset(), key, value, "record",
        r.header().sourceSet() ? "reduce" : "map",
        List.of(), List.of(), 0, null, List.of(), 0, List.of(), 0, note);
  }

  /** SHA-256 of {@code text}, in hex: what tells a record apart, in 64 characters. */
  static String digest(String text) {
    try {
      return new java.math.BigInteger(1, java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toString(16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** A part reached again in the coarse walk: named, with the note, not followed. */
  static TraceNode named(StoredJob s, PartEntry p, String note) {
    return new TraceNode(s.output().toString(), Tracer.jobOf(s), p.name(), -1, -1, null, null,
        "part", SplitSet.mapSide(p) ? "map" : "reduce", List.of(), List.of(), 0, null,
        List.of(), 0, List.of(), 0, note);
  }
}
