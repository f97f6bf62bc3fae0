package org.provmr.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
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
          .addDeserializer(Lineage.class, new LineageDeserializer()))
      .enable(SerializationFeature.INDENT_OUTPUT)
      // Readers of an older ProvMR ignore fields a newer one added.
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StoreJson() {
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Lineage as a JSON tree, for reports and {@code provmr inspect}. */
  public static JsonNode toTree(Lineage lineage) {
    return MAPPER.valueToTree(lineage);
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
