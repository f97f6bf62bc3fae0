package org.provmr.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.CallableRaisingIOE;
import org.provmr.lineage.Lineage;
import org.provmr.lineage.Stage;
import org.provmr.lineage.Step;

/**
 * JSON mapping of the lineage store. The header package stays free of Jackson, so the
 * Lineage/Step mapping lives here.
 *
 * <p>Jackson comes with Hadoop (provided scope); only its long-stable core API is used so
 * that Hadoop 3.4 (Jackson 2.12) and 3.5 (2.18) both work.
 */
public final class StoreJson {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .registerModule(new SimpleModule("provmr-lineage")
          .addSerializer(Lineage.class, new LineageSerializer())
          .addDeserializer(Lineage.class, new LineageDeserializer())
          .addSerializer(SourceIds.class, new SourceIdsSerializer())
          .addDeserializer(SourceIds.class, new SourceIdsDeserializer()))
      .enable(SerializationFeature.INDENT_OUTPUT)
      // Readers of an older ProvMR ignore fields a newer one added.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      // Store files are data written by whoever owns the output: they must never name the
      // classes they are read into.
      .deactivateDefaultTyping();

  /**
   * Deepest nesting accepted. A lineage nests two levels per upstream stage, so this allows
   * pipelines of over a hundred stages while keeping Jackson 2.12's recursive tree building
   * (and our own) far from a StackOverflowError.
   */
  static final int MAX_DEPTH = 300;
  /**
   * Longest number accepted, in characters. Jackson 2.12 has no limits of its own
   * (StreamReadConstraints came in 2.15) and converts a long digit string to BigInteger in
   * quadratic time.
   */
  static final int MAX_NUMBER_CHARS = 64;

  private StoreJson() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /**
   * Reads untrusted JSON (a store file, a report) into {@code type} with nesting and number
   * lengths bounded; the caller bounds the input's size. Errors are JsonProcessingExceptions
   * with the location.
   */
  public static <T> T read(byte[] json, TypeReference<T> type) throws IOException {
    try (JsonParser p = bounded(utf8(json))) {
      return MAPPER.readValue(p, type);
    }
  }

  /** As {@link #read(byte[], TypeReference)}, into a tree. */
  public static JsonNode readTree(byte[] json) throws IOException {
    try (JsonParser p = bounded(utf8(json))) {
      return orMissing(MAPPER.readTree(p));
    }
  }

  /**
   * Runs {@code parse} of store file {@code file}'s bytes: a syntax error names the file. The
   * catch is here and not in LineageStore, which every map task loads to write its (binary)
   * source fragment: a JVM loads the class a catch names when it verifies the method's class.
   */
  static <T> T parse(Path file, CallableRaisingIOE<T> parse) throws IOException {
    try {
      return parse.apply();
    } catch (JsonProcessingException e) {
      throw new IOException("Malformed lineage store file " + file + ": "
          + JsonErrors.explain(e), e);
    }
  }

  /** As {@link #read(byte[], TypeReference)}, one line of text into a tree. */
  public static JsonNode readTree(String json) throws IOException {
    try (JsonParser p = bounded(MAPPER.getFactory().createParser(json))) {
      return orMissing(MAPPER.readTree(p));
    }
  }

  /**
   * A parser of {@code json} as UTF-8, the only encoding ProvMR writes (and RFC 8259 allows
   * between systems). Jackson would otherwise guess UTF-16 or UTF-32 from the first bytes and
   * fail with a CharConversionException outside its own exception types.
   */
  private static JsonParser utf8(byte[] json) throws IOException {
    return MAPPER.getFactory().createParser(new InputStreamReader(
        new ByteArrayInputStream(json), StandardCharsets.UTF_8));
  }

  private static JsonNode orMissing(JsonNode n) {
    // Empty input gives null in Jackson 2.12 and a MissingNode in later versions.
    return n == null ? MAPPER.missingNode() : n;
  }

  private static JsonParser bounded(JsonParser p) {
    return new BoundedParser(p);
  }

  /**
   * Refuses nesting deeper than {@link #MAX_DEPTH} and numbers longer than
   * {@link #MAX_NUMBER_CHARS} as they are met, before anything is built from them.
   */
  private static final class BoundedParser extends JsonParserDelegate {
    private int depth;

    BoundedParser(JsonParser p) {
      super(p);
    }

    @Override
    public JsonToken nextToken() throws IOException {
      return check(delegate.nextToken());
    }

    @Override
    public JsonToken nextValue() throws IOException {
      JsonToken t = nextToken();
      return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
      JsonToken t = currentToken();
      if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
        delegate.skipChildren();
        depth--;
      }
      return this;
    }

    private JsonToken check(JsonToken t) throws IOException {
      if (t == null) {
        return null;
      }
      switch (t) {
        case START_OBJECT, START_ARRAY -> {
          if (++depth > MAX_DEPTH) {
            throw new JsonParseException(delegate, "JSON nested deeper than " + MAX_DEPTH
                + " levels");
          }
        }
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
          if (delegate.getTextLength() > MAX_NUMBER_CHARS) {
            throw new JsonParseException(delegate, "number of " + delegate.getTextLength()
                + " characters; at most " + MAX_NUMBER_CHARS + " are accepted");
          }
        }
        default -> {
        }
      }
      return t;
    }
  }

  /** Lineage as a JSON tree, for reports and {@code provmr inspect}. */
  public static JsonNode toTree(Lineage lineage) {
    return MAPPER.valueToTree(lineage);
  }

  /** Source id sets read as JSON: a list of ids, the form of formatVersion 1 and of humans. */
  private static final class SourceIdsSerializer extends JsonSerializer<SourceIds> {
    @Override
    public void serialize(SourceIds ids, JsonGenerator g, SerializerProvider p)
        throws IOException {
      int[] a = ids.toArray();
      g.writeArray(a, 0, a.length);
    }
  }

  private static final class SourceIdsDeserializer extends JsonDeserializer<SourceIds> {
    @Override
    public SourceIds deserialize(JsonParser parser, DeserializationContext c)
        throws IOException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        throw new JsonParseException(parser, "a source id set must be a list of ids");
      }
      int[] ids = new int[16];
      int n = 0;
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        if (t != JsonToken.VALUE_NUMBER_INT || parser.getLongValue() < 0
            || parser.getLongValue() > Integer.MAX_VALUE) {
          throw new JsonParseException(parser, "a source id must be an int >= 0, not "
              + parser.getText());
        }
        if (n == ids.length) {
          ids = java.util.Arrays.copyOf(ids, 2 * n);
        }
        ids[n++] = parser.getIntValue();
      }
      return SourceIds.of(java.util.Arrays.copyOf(ids, n));
    }
  }

  private static final class LineageSerializer extends JsonSerializer<Lineage> {
    @Override
    public void serialize(Lineage l, JsonGenerator g, SerializerProvider p) throws IOException {
      g.writeStartObject();
      g.writeArrayFieldStart("steps");
      for (Step s : l.steps()) {
        g.writeStartObject();
        g.writeStringField("job", s.job());
        g.writeStringField("stage", s.stage().label());
        if (s.task() != null) {
          g.writeStringField("task", s.task());
        }
        g.writeStringField("class", s.className());
        g.writeObjectFieldStart("params");
        for (Map.Entry<String, String> e : s.params().entrySet()) {
          g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("upstream");
      for (Lineage u : l.upstream()) {
        serialize(u, g, p);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static final class LineageDeserializer extends JsonDeserializer<Lineage> {
    @Override
    public Lineage deserialize(JsonParser parser, DeserializationContext c) throws IOException {
      return fromTree(parser.getCodec().readTree(parser));
    }

    private static Lineage fromTree(JsonNode node) throws IOException {
      List<Step> steps = new ArrayList<>();
      for (JsonNode s : node.path("steps")) {
        TreeMap<String, String> params = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = s.path("params").fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          params.put(e.getKey(), e.getValue().asText());
        }
        String stage = s.path("stage").asText();
        try {
          steps.add(new Step(s.path("job").asText(), Stage.valueOf(stage.toUpperCase(Locale.ROOT)),
              s.hasNonNull("task") ? s.get("task").asText() : null, s.path("class").asText(),
              params));
        } catch (IllegalArgumentException e) {
          throw new IOException("Unknown lineage stage '" + stage + "' in " + s, e);
        }
      }
      List<Lineage> upstream = new ArrayList<>();
      for (JsonNode u : node.path("upstream")) {
        upstream.add(fromTree(u));
      }
      return Lineage.of(steps, upstream);
    }
  }
}
