package org.provmr.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.provmr.store.StoreJson;

/**
 * One validation finding, as one line of JSON in the alerts directory. The schema (version
 * {@value #VERSION}) is documented in docs/alerts.md; the recompute manager consumes it.
 *
 * @param type what was found
 * @param scope {@code record}, {@code part} or {@code source}: what the location fields name
 * @param reason the finer cause (docs/alerts.md lists them per type)
 * @param output the output directory, qualified
 * @param part the part file name, or null for a source that no part depends on
 * @param record record index in the part (0-based), or null
 * @param offset byte offset of the record in the part, or null
 * @param dataId the source bytes concerned, or null
 * @param sourceSets ids of the part's source sets that contain the source (reduce outputs)
 * @param lineageId the lineage (in the output's job.json) of the record or part
 * @param jobId the job that wrote the output
 * @param expected the checksum recorded (header, lineage store or manifest), hex, or null
 * @param actual the checksum recomputed now, hex, or null
 * @param records how many records the alert stands for (1 for a record alert), or null
 * @param detectedAt when the finding was made
 * @param message one human-readable sentence
 */
public record Alert(
    AlertType type,
    String scope,
    String reason,
    String output,
    String part,
    Long record,
    Long offset,
    DataId dataId,
    List<Integer> sourceSets,
    Integer lineageId,
    String jobId,
    String expected,
    String actual,
    Long records,
    Instant detectedAt,
    String message) {

  /**
   * The newest schema version. A line carries the lowest version that has its type and
   * reason ({@link #version()}), so readers of version 1 keep reading every version-1 finding
   * and stop, with an error, only at a kind they cannot act on.
   */
  public static final int VERSION = 3;
  public static final String SCOPE_RECORD = "record";
  public static final String SCOPE_PART = "part";
  public static final String SCOPE_SOURCE = "source";
  /** Version 2: the alert is about the lineage store itself ({@code _provenance/}). */
  public static final String SCOPE_STORE = "store";
  /** Version 2 reason of checksum_mismatch: the part file is another file, not this part. */
  public static final String PART_REPLACED = "part_replaced";
  /** Version 3 reason of data_staleness: late against the source family's learned cadence. */
  public static final String OVERDUE = "overdue";
  /** Version 3 reason of data_staleness: the family is predicted to update within the horizon. */
  public static final String UPDATE_EXPECTED = "update_expected";
  /**
   * Version 1 reason of data_staleness: the source file grew after capture while the ranges the
   * job read still match; recompute maps only the appended bytes (policy {@code on.append}).
   */
  public static final String CHANGED_AFTER_CAPTURE = "changed_after_capture";
  /** Version 3 reason of data_staleness: the family has a file the output was not computed from. */
  public static final String UPDATE_OBSERVED = "update_observed";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A source range: the source id in the output's manifest, its URI, absolute offset, length. */
  public record DataId(Integer sourceId, String uri, long offset, long length) {
  }

  public Alert {
    sourceSets = sourceSets == null ? List.of() : List.copyOf(sourceSets);
  }

  /** The schema version of this alert's line: the first version with its type and reason. */
  public int version() {
    if (OVERDUE.equals(reason) || UPDATE_EXPECTED.equals(reason)
        || UPDATE_OBSERVED.equals(reason)) {
      return 3;
    }
    return PART_REPLACED.equals(reason) || SCOPE_STORE.equals(scope) ? 2 : type.since();
  }

  /** The alert as one line of JSON, fields in schema order, absent values as null. */
  public String toJson() {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", version());
    n.put("type", type.label());
    n.put("severity", type.severity().label());
    n.put("scope", scope);
    n.put("reason", reason);
    n.put("output", output);
    n.put("part", part);
    n.put("record", record);
    n.put("offset", offset);
    if (dataId == null) {
      n.putNull("dataId");
    } else {
      ObjectNode d = n.putObject("dataId");
      d.put("sourceId", dataId.sourceId());
      d.put("uri", dataId.uri());
      d.put("offset", dataId.offset());
      d.put("length", dataId.length());
    }
    ArrayNode sets = n.putArray("sourceSets");
    sourceSets.forEach(sets::add);
    n.put("lineageId", lineageId);
    n.put("jobId", jobId);
    n.put("expected", expected);
    n.put("actual", actual);
    n.put("records", records);
    n.put("detectedAt", detectedAt.toString());
    n.put("message", message);
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree of strings and numbers failed to serialize", e);
    }
  }

  /** Parses one alert line; fields this version does not know are ignored. */
  public static Alert fromJson(String line) throws IOException {
    JsonNode n = StoreJson.readTree(line);
    int version = n.path("version").asInt(-1);
    if (version < 1 || version > VERSION) {
      throw new IOException("Alert schema version " + n.path("version") + " is not one this"
          + " ProvMR reads (1 to " + VERSION + "): " + excerpt(line));
    }
    JsonNode d = n.path("dataId");
    DataId dataId = d.isObject() ? new DataId(intOrNull(d.get("sourceId")),
        textOrNull(d.get("uri")), d.path("offset").asLong(), d.path("length").asLong()) : null;
    List<Integer> sets = new ArrayList<>();
    n.path("sourceSets").forEach(s -> sets.add(s.asInt()));
    try {
      return new Alert(AlertType.fromLabel(n.path("type").asText()),
          textOrNull(n.get("scope")), textOrNull(n.get("reason")), textOrNull(n.get("output")),
          textOrNull(n.get("part")), longOrNull(n.get("record")), longOrNull(n.get("offset")),
          dataId, sets, intOrNull(n.get("lineageId")), textOrNull(n.get("jobId")),
          textOrNull(n.get("expected")), textOrNull(n.get("actual")),
          longOrNull(n.get("records")), Instant.parse(n.path("detectedAt").asText()),
          textOrNull(n.get("message")));
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new IOException("Malformed alert: " + e.getMessage() + ": " + excerpt(line), e);
    }
  }

  /** The start of a line for an error message: an alert line can be megabytes long. */
  private static String excerpt(String line) {
    return line.length() <= 200 ? line : line.substring(0, 200) + "... (" + line.length()
        + " characters)";
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asLong();
  }

  private static Integer intOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asInt();
  }

  /** Builds alerts field by field; the checkers fill in what they know. */
  public static final class Builder {
    private final AlertType type;
    private final String reason;
    private String scope = SCOPE_PART;
    private String output;
    private String part;
    private Long record;
    private Long offset;
    private DataId dataId;
    private List<Integer> sourceSets;
    private Integer lineageId;
    private String jobId;
    private String expected;
    private String actual;
    private Long records;
    private String message;

    public Builder(AlertType type, String reason) {
      this.type = type;
      this.reason = reason;
    }

    public Builder output(String outputDir, String jobIdOfOutput) {
      this.output = outputDir;
      this.jobId = jobIdOfOutput;
      return this;
    }

    public Builder part(String partName, Integer lineage) {
      this.part = partName;
      this.lineageId = lineage;
      return this;
    }

    /** A record-scope alert: the record's index and byte offset in its part. */
    public Builder record(long index, long byteOffset) {
      this.scope = SCOPE_RECORD;
      this.record = index;
      this.offset = byteOffset;
      this.records = 1L;
      return this;
    }

    /** A part-scope alert at a byte offset (where reading stopped), with no single record. */
    public Builder at(Long index, long byteOffset) {
      this.record = index;
      this.offset = byteOffset;
      return this;
    }

    public Builder sourceScope() {
      this.scope = SCOPE_SOURCE;
      return this;
    }

    /** An alert about the lineage store itself. */
    public Builder storeScope() {
      this.scope = SCOPE_STORE;
      return this;
    }

    public Builder dataId(Integer sourceId, String uri, long off, long length) {
      this.dataId = new DataId(sourceId, uri, off, length);
      return this;
    }

    public Builder sourceSets(List<Integer> sets) {
      this.sourceSets = sets;
      return this;
    }

    public Builder checksums(String expectedHex, String actualHex) {
      this.expected = expectedHex;
      this.actual = actualHex;
      return this;
    }

    public Builder records(Long count) {
      this.records = count;
      return this;
    }

    public Builder message(String text) {
      this.message = text;
      return this;
    }

    public Alert build(Instant now) {
      return new Alert(type, scope, reason, output, part, record, offset, dataId, sourceSets,
          lineageId, jobId, expected, actual, records, now, message);
    }
  }
}
