package org.provmr.openlineage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;

/**
 * Keeps a RunEvent within {@code provenance.openlineage.max.event.bytes}. What grows without
 * bound comes from job owners: input paths (a job can read thousands), lineage steps (nested
 * from every upstream store) and their parameters, the job name, an error. Each element is
 * measured as it is added, and one that does not fit is left out, whole, and counted; a value
 * longer than a sixteenth of the budget is cut, saying so. The event stays valid JSON, never a
 * prefix of one, and the counts go into the {@code provmr} run facet as {@code truncated}.
 */
final class EventFit {
  /** Room kept for the {@code truncated} object and the separators. */
  static final int RESERVE = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final long max;
  private final int maxChars;
  private long used;
  private long cut;
  private long inputs;
  private long outputs;
  private long steps;

  EventFit(long max) {
    this.max = max;
    this.maxChars = (int) Math.max(64, Math.min(Integer.MAX_VALUE - 64, max / 16));
  }

  /** {@code v}, or its first characters and how many were cut. */
  String cut(String v) {
    if (v == null || v.length() <= maxChars) {
      return v;
    }
    cut++;
    return v.substring(0, maxChars) + "... (" + (v.length() - maxChars) + " more characters"
        + " cut: provenance.openlineage.max.event.bytes)";
  }

  /** Bytes of {@code n} as sent (compact UTF-8). */
  static long size(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n).length;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts from the event without datasets and steps; false when even that does not fit. */
  boolean base(ObjectNode event) {
    if (max == Long.MAX_VALUE) {
      return true; // unbounded: nothing to measure
    }
    used = size(event) + RESERVE;
    return used <= max;
  }

  /**
   * Adds {@code node.apply(item)} of each item to {@code into} while the event stays within
   * {@code until} bytes; returns how many were left out.
   */
  <T> long add(ArrayNode into, List<T> items, Function<T, ObjectNode> node, long until) {
    long out = 0;
    for (T item : items) {
      if (used >= until) { // full: the rest are counted, not built
        out++;
        continue;
      }
      ObjectNode n = node.apply(item);
      long s = size(n) + 1;
      if (used + s <= until) {
        into.add(n);
        used += s;
      } else {
        out++;
      }
    }
    return out;
  }

  /** The size the event may grow to when its next elements take {@code share} of the rest. */
  long until(double share) {
    return used + (long) (Math.max(0, max - used) * share);
  }

  void leftOut(long inputs, long outputs, long steps) {
    this.inputs += inputs;
    this.outputs += outputs;
    this.steps += steps;
  }

  /** Whether the event lost anything to the budget. */
  boolean truncated() {
    return cut + inputs + outputs + steps > 0;
  }

  /** Records what was left out in {@code facet}, when anything was. */
  void note(ObjectNode facet) {
    if (truncated()) {
      ObjectNode t = facet.putObject("truncated");
      t.put("maxEventBytes", max);
      t.put("inputsOmitted", inputs);
      t.put("outputsOmitted", outputs);
      t.put("stepsOmitted", steps);
      t.put("valuesCut", cut);
    }
  }

  /** Whether the finished event is within the budget. */
  boolean fits(ObjectNode event) {
    return max == Long.MAX_VALUE || size(event) <= max;
  }
}
