package org.provmr.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One piece of a validation sweep, the input record of the validator mapper: one output's
 * lineage store (its consistency, its seal in keyed mode, and files it does not list), one
 * output part (whole-part checksum, then records if needed), or one source file with every
 * manifest entry, across all outputs validated, that refers to it (so the file is read once, in
 * order).
 *
 * @param kind store, part or source
 * @param output the output directory (store and part units)
 * @param part the part file name (part units)
 * @param uri the source file URI (source units)
 * @param refs the manifest entries pointing at {@code uri} (source units)
 * @param bytes how many bytes checking it reads, for packing units into splits
 */
public record WorkUnit(Kind kind, String output, String part, String uri, List<Ref> refs,
    long bytes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a unit checks. */
  public enum Kind { STORE, PART, SOURCE }

  /** Source {@code sourceId} of the manifest of {@code output}. */
  public record Ref(String output, int sourceId) {
  }

  public WorkUnit {
    refs = refs == null ? List.of() : List.copyOf(refs);
  }

  static WorkUnit store(String output) {
    return new WorkUnit(Kind.STORE, output, null, null, null, 0);
  }

  static WorkUnit part(String output, String part, long bytes) {
    return new WorkUnit(Kind.PART, output, part, null, null, bytes);
  }

  static WorkUnit source(String uri, List<Ref> refs, long bytes) {
    return new WorkUnit(Kind.SOURCE, null, null, uri, refs, bytes);
  }

  ObjectNode toTree() {
    ObjectNode n = JSON.createObjectNode();
    n.put("kind", kind.name());
    n.put("output", output);
    n.put("part", part);
    n.put("uri", uri);
    ArrayNode a = n.putArray("refs");
    for (Ref r : refs) {
      a.addObject().put("output", r.output()).put("sourceId", r.sourceId());
    }
    n.put("bytes", bytes);
    return n;
  }

  String toJson() {
    return toTree().toString();
  }

  static WorkUnit fromJson(String json) throws IOException {
    return fromTree(JSON.readTree(json));
  }

  static WorkUnit fromTree(JsonNode n) {
    List<Ref> refs = new ArrayList<>();
    for (JsonNode r : n.path("refs")) {
      refs.add(new Ref(r.path("output").asText(), r.path("sourceId").asInt()));
    }
    return new WorkUnit(Kind.valueOf(n.path("kind").asText()), text(n, "output"),
        text(n, "part"), text(n, "uri"), refs, n.path("bytes").asLong());
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  static String listToJson(List<WorkUnit> units) {
    ArrayNode a = JSON.createArrayNode();
    units.forEach(u -> a.add(u.toTree()));
    return a.toString();
  }

  static List<WorkUnit> listFromJson(String json) throws IOException {
    List<WorkUnit> units = new ArrayList<>();
    for (JsonNode n : JSON.readTree(json)) {
      units.add(fromTree(n));
    }
    return units;
  }
}
