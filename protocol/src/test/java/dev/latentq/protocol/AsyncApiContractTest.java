package dev.latentq.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.latentq.protocol.control.ControlCodec;
import dev.latentq.protocol.control.ControlMessage;
import dev.latentq.protocol.event.EventCodec;
import dev.latentq.protocol.event.EventType;
import dev.latentq.protocol.event.JobEvent;
import dev.latentq.protocol.event.SampleEvents;
import dev.latentq.protocol.job.DeadLetterHeaders;
import dev.latentq.protocol.job.JobCodec;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The AsyncAPI document producers in other languages read says what the Java code does: its channels are the
 * topics, its payloads are the JSON Schemas, and what the codecs write (CloudEvents headers, data, control messages,
 * dead-letter headers) validates against it.
 */
class AsyncApiContractTest {
  private static final String BASE = "https://latentq.dev/schemas/";
  private static final String DOC_ID = BASE + "asyncapi.json";
  private static final JsonNode DOC = readYaml("asyncapi.yaml");
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      builder -> builder.schemas(Map.of(DOC_ID, DOC.toString(), BASE + "job.schema.json", read("job.schema.json"),
          BASE + "event.schema.json", read("event.schema.json"))));

  @Test
  void isAnAsyncApi3DocumentOfTheFourTopics() {
    assertThat(DOC.path("asyncapi").asText()).isEqualTo("3.0.0");
    JsonNode channels = DOC.path("channels");
    assertThat(channels.path("jobs").path("address").asText()).isEqualTo(Topics.DEFAULTS.jobs());
    assertThat(channels.path("events").path("address").asText()).isEqualTo(Topics.DEFAULTS.events());
    assertThat(channels.path("control").path("address").asText()).isEqualTo(Topics.DEFAULTS.control());
    assertThat(channels.path("deadLetters").path("address").asText()).isEqualTo(Topics.DEFAULTS.deadLetter());
    assertThat(names(channels)).containsExactlyInAnyOrder("jobs", "events", "control", "deadLetters");
  }

  @Test
  void everyReferenceResolves() {
    List<String> refs = new ArrayList<>();
    collectRefs(DOC, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      int hash = ref.indexOf('#');
      String file = hash < 0 ? ref : ref.substring(0, hash);
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      JsonNode target = file.isEmpty() ? DOC : readJson(file.replaceFirst("^\\./", ""));
      assertThat(target.at(pointer).isMissingNode()).as(ref).isFalse();
    }
  }

  @Test
  void theEventsChannelHasOneMessagePerEventType() {
    Set<String> messages = names(DOC.at("/channels/events/messages"));
    assertThat(messages).containsExactlyInAnyOrderElementsOf(
        Arrays.stream(EventType.values()).map(EventType::kind).toList());
    for (EventType type : EventType.values()) {
      JsonNode message = DOC.at("/components/messages/" + type.kind());
      assertThat(message.path("title").asText()).isEqualTo(type.ceType());
      assertThat(message.at("/payload/$ref").asText()).isEqualTo("./event.schema.json#/$defs/" + type.kind());
    }
  }

  static Stream<JobEvent> everyEvent() {
    return SampleEvents.all("job-1").stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyEvent")
  void whatTheEventCodecWritesMatchesItsMessage(JobEvent event) {
    ProducerRecord<String, byte[]> record = new EventCodec().encode(event, Topics.DEFAULTS.events());
    String kind = event.type().kind();

    assertThat(validate("#/components/schemas/" + kind + "Headers", headers(record.headers()))).isEmpty();
    assertThat(validate("#/components/schemas/" + otherKind(kind) + "Headers", headers(record.headers())))
        .as("the ce_type tells the messages apart").isNotEmpty();
    Schema payload = REGISTRY.getSchema(SchemaLocation.of(BASE + "event.schema.json#/$defs/" + kind));
    assertThat(payload.validate(new String(record.value(), StandardCharsets.UTF_8), InputFormat.JSON)).isEmpty();
    assertThat(names(headers(record.headers())))
        .as("every header the codec writes is declared")
        .isSubsetOf(names(DOC.at("/components/schemas/cloudEventHeaders/properties")));
  }

  @Test
  void theJobExamplesAreValidJobsTheCodecReads() throws Exception {
    Schema job = REGISTRY.getSchema(SchemaLocation.of(BASE + "job.schema.json"));
    JsonNode examples = DOC.at("/components/messages/job/examples");
    assertThat(examples).hasSizeGreaterThanOrEqualTo(2);
    for (JsonNode example : examples) {
      String json = example.path("payload").toString();
      assertThat(job.validate(json, InputFormat.JSON)).as(example.path("name").asText()).isEmpty();
      assertThat(new JobCodec().decode(json.getBytes(StandardCharsets.UTF_8)).id())
          .isEqualTo(example.at("/payload/id").asText());
    }
  }

  @Test
  void theCancelMessageIsWhatTheControlCodecReadsAndWrites() throws Exception {
    ControlCodec codec = new ControlCodec();
    String written = new String(codec.encode(new ControlMessage.Cancel("fox-0001")), StandardCharsets.UTF_8);
    JsonNode example = DOC.at("/components/messages/cancel/examples/0/payload");

    assertThat(validate("#/components/schemas/cancel", ProtocolJson.reader().readTree(written))).isEmpty();
    assertThat(validate("#/components/schemas/cancel", example)).isEmpty();
    assertThat(codec.decode(example.toString().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(new ControlMessage.Cancel("fox-0001"));
    assertThat(validate("#/components/schemas/cancel", ProtocolJson.reader().readTree("{\"type\":\"cancel\"}")))
        .isNotEmpty();
  }

  @Test
  void theDeadLetterHeadersAreTheOnesTheWorkerWrites() throws Exception {
    ConsumerRecord<String, byte[]> source = new ConsumerRecord<>(Topics.DEFAULTS.jobs(), 2, 41, "k",
        "{".getBytes(StandardCharsets.UTF_8));
    Headers written = DeadLetterHeaders.forRejected(source, FailureCode.INVALID_JSON,
        new IllegalArgumentException("not JSON"));

    assertThat(validate("#/components/schemas/deadLetterHeaders", headers(written))).isEmpty();
    Set<String> declared = names(DOC.at("/components/schemas/deadLetterHeaders/properties"));
    assertThat(declared).containsExactlyInAnyOrderElementsOf(deadLetterHeaderConstants());
  }

  private static List<String> validate(String pointer, JsonNode value) {
    Schema schema = REGISTRY.getSchema(SchemaLocation.of(DOC_ID + pointer));
    return schema.validate(value.toString(), InputFormat.JSON).stream().map(Object::toString).toList();
  }

  private static String otherKind(String kind) {
    return kind.equals("accepted") ? "started" : "accepted";
  }

  private static ObjectNode headers(Headers headers) {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    for (Header header : headers) {
      json.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
    }
    return json;
  }

  private static Set<String> deadLetterHeaderConstants() throws IllegalAccessException {
    Set<String> names = new TreeSet<>();
    for (Field field : DeadLetterHeaders.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    return names;
  }

  private static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void collectRefs(JsonNode node, List<String> out) {
    if (node.isObject()) {
      node.properties().forEach(e -> {
        if (e.getKey().equals("$ref")) {
          out.add(e.getValue().asText());
        } else {
          collectRefs(e.getValue(), out);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectRefs(child, out));
    }
  }

  private static JsonNode readYaml(String name) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(read(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode readJson(String name) {
    try {
      return ProtocolJson.reader().readTree(read(name));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(String name) {
    try (InputStream in = AsyncApiContractTest.class.getResourceAsStream("/dev/latentq/protocol/" + name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the class path next to the JSON Schemas");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
