package dev.latentq.protocol.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latentq.protocol.FailureCode;
import dev.latentq.protocol.NamingRules;
import dev.latentq.protocol.ProtocolJson;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The published event.schema.json must describe exactly the data the codec writes. */
class EventSchemaTest {

  private static final String SCHEMA_ID = "https://latentq.dev/schemas/event.schema.json";
  private static final String SCHEMA_TEXT = readSchema();
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(
      SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(SCHEMA_ID, SCHEMA_TEXT)));

  private final EventCodec codec = new EventCodec();

  static Stream<JobEvent> everyEventType() {
    return SampleEvents.all("job-1").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEventType")
  void writtenDataMatchesTheDefinitionOfItsType(JobEvent event) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID + "#/$defs/" + event.type().kind()));
    String data = new String(codec.encode(event, "t").value(), StandardCharsets.UTF_8);

    assertThat(schema.validate(data, InputFormat.JSON)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEventType")
  void everyWrittenFieldIsDeclaredInTheSchema(JobEvent event) throws IOException {
    JsonNode definitions = ProtocolJson.reader().readTree(SCHEMA_TEXT).get("$defs");
    JsonNode data = ProtocolJson.reader().readTree(codec.encode(event, "t").value());

    assertThat(undeclared(data, definitions.get(event.type().kind()), definitions)).isEmpty();
  }

  @Test
  void schemaRejectsDataMissingARequiredField() {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID + "#/$defs/progress"));

    assertThat(schema.validate("{\"id\":\"job-1\",\"step\":3}", InputFormat.JSON)).isNotEmpty();
  }

  @Test
  void schemaListsExactlyTheKnownFailureCodes() throws IOException {
    JsonNode codes = ProtocolJson.reader().readTree(SCHEMA_TEXT).at("/$defs/failed/properties/code/enum");
    List<String> names = new ArrayList<>();
    codes.forEach(code -> names.add(code.textValue()));

    assertThat(names)
        .containsExactlyElementsOf(Arrays.stream(FailureCode.values()).map(FailureCode::wireName).toList());
  }

  @ParameterizedTest(name = "id \"{0}\"")
  @ValueSource(strings = {"job-1", "a.b", "..x", ".", "..", "", "a/b", "a b"})
  void eventJobIdsFollowTheJobIdRule(String id) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(SCHEMA_ID + "#/$defs/jobId"));
    String json = "\"" + id + "\""; // the ids above need no escaping

    assertThat(schema.validate(json, InputFormat.JSON).isEmpty()).isEqualTo(NamingRules.isId(id));
  }

  /** Paths of fields in {@code data} that {@code definition} does not declare, following $refs into $defs. */
  private static List<String> undeclared(JsonNode data, JsonNode definition, JsonNode definitions) {
    List<String> missing = new ArrayList<>();
    collectUndeclared("", data, definition, definitions, missing);
    return missing;
  }

  private static void collectUndeclared(String path, JsonNode data, JsonNode definition, JsonNode definitions,
      List<String> missing) {
    JsonNode resolved = resolve(definition, definitions);
    if (data.isArray()) {
      data.forEach(item -> collectUndeclared(path + "[]", item, resolved.get("items"), definitions, missing));
      return;
    }
    if (!data.isObject() || "metadata".equals(path.substring(path.lastIndexOf('.') + 1))) {
      return; // metadata is free-form
    }
    data.fieldNames().forEachRemaining(name -> {
      JsonNode property = resolved.path("properties").get(name);
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      if (property == null) {
        missing.add(fieldPath);
      } else {
        collectUndeclared(fieldPath, data.get(name), property, definitions, missing);
      }
    });
  }

  private static JsonNode resolve(JsonNode definition, JsonNode definitions) {
    JsonNode ref = definition.get("$ref");
    return ref == null ? definition : definitions.get(ref.textValue().substring("#/$defs/".length()));
  }

  private static String readSchema() {
    try (InputStream in = EventSchemaTest.class.getResourceAsStream("/dev/latentq/protocol/event.schema.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("event.schema.json could not be read", e);
    }
  }
}
