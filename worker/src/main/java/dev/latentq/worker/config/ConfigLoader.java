package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.protocol.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the worker configuration: the defaults in {@code latentq-example.yaml} (shipped in the jar), overlaid by an
 * optional YAML/JSON file, overlaid by {@code LATENTQ_*} environment variables; checks everything, reports all
 * problems at once in a {@link ConfigException}, then binds the values to {@link WorkerConfig} with Jackson. The
 * example file and {@code docs/configuration.md} document the keys and variables.
 */
public final class ConfigLoader {
  // Unknown and missing properties fail, so the example and the records must name the same keys.
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .addModule(new SimpleModule().addDeserializer(Duration.class, new StdDeserializer<>(Duration.class) {
        @Override
        public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
          return Durations.parse(parser.getValueAsString());
        }
      })).build();

  private static final Set<String> SCHEDULING = Arrays.stream(SchedulingOptions.class.getRecordComponents())
      .map(component -> "engine." + component.getName()).collect(Collectors.toSet());

  private ConfigLoader() {}

  /** Loads and checks; throws {@link ConfigException} listing every problem. {@code file} may be empty. */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env) {
    return load(file, env, Path.of("").toAbsolutePath());
  }

  /** As {@link #load(Optional, Map)}, with relative paths from the environment resolved against {@code workingDir}. */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env, Path workingDir) {
    ConfigSources sources = new ConfigSources(file.map(f -> f.getFileName().toString()).orElse(null),
        workingDir.toAbsolutePath());
    file.ifPresent(sources::readFile);
    sources.readEnvironment(env);
    ConfigRules.check(sources, env);
    if (!sources.problems.isEmpty()) {
      throw new ConfigException(sources.problems);
    }
    // The dotted paths become the records' nesting; the file keeps the scheduling keys beside the other engine
    // keys, EngineSettings groups them.
    ObjectNode root = MAPPER.createObjectNode();
    sources.values.forEach((path, value) -> {
      String nested = SCHEDULING.contains(path) ? path.replace("engine.", "engine.scheduling.") : path;
      int dot = nested.lastIndexOf('.');
      (dot < 0 ? root : root.withObject("/" + nested.substring(0, dot).replace('.', '/')))
          .set(nested.substring(dot + 1), value);
    });
    root.withObjectProperty("kafka").set("properties", MAPPER.valueToTree(sources.properties));
    try {
      return MAPPER.treeToValue(root, WorkerConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the checked configuration does not bind: the records and "
          + ConfigSources.EXAMPLE + " disagree (" + e.getOriginalMessage() + ")", e);
    }
  }

  /** A checked value as Jackson binds it: durations and paths as text, the rest as is. */
  static JsonNode node(Object value) {
    return value instanceof Duration || value instanceof Path ? TextNode.valueOf(value instanceof Duration duration
        ? Durations.format(duration) : value.toString()) : MAPPER.valueToTree(value);
  }
}
