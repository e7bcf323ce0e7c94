package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.latentq.engine.batching.SchedulingOptions;
import dev.latentq.engine.model.ExecutionProvider;
import dev.latentq.engine.prompt.PromptSyntax;
import dev.latentq.protocol.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Loads the worker configuration: the defaults in {@code latentq-example.yaml} (shipped in the jar), overlaid by an
 * optional YAML/JSON file, overlaid by {@code LATENTQ_*} environment variables; then checks everything, reports all
 * problems at once in a {@link ConfigException}, and binds the tree to {@link WorkerConfig} with Jackson. The keys,
 * their defaults and their variables are documented in that file and in {@code docs/configuration.md}.
 */
public final class ConfigLoader {
  /**
   * Binds the checked tree. Unknown and missing properties fail, so the example and the records must name the same
   * keys; values arrive already checked, in canonical form.
   */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .addModule(new SimpleModule("latentq-config")
          .addSerializer(Duration.class, writer(Duration.class, Durations::format))
          .addDeserializer(Duration.class, reader(Duration.class, Durations::parse))
          .addSerializer(Path.class, writer(Path.class, Path::toString))
          .addDeserializer(Path.class, reader(Path.class, Path::of))
          .addSerializer(ExecutionProvider.class, writer(ExecutionProvider.class, ExecutionProvider::wireName))
          .addDeserializer(ExecutionProvider.class, reader(ExecutionProvider.class, ExecutionProvider::fromName))
          .addSerializer(PromptSyntax.class, writer(PromptSyntax.class, PromptSyntax::wireName))
          .addDeserializer(PromptSyntax.class, reader(PromptSyntax.class, PromptSyntax::fromName)))
      .build();

  private static final Set<String> SCHEDULING = Arrays.stream(SchedulingOptions.class.getRecordComponents())
      .map(component -> "engine." + component.getName()).collect(Collectors.toSet());

  private ConfigLoader() {}

  /**
   * Loads and validates; relative paths from the environment resolve against the process's working directory.
   *
   * @param file the config file, empty for defaults + environment only
   * @param env the environment, usually {@link System#getenv()}
   * @throws ConfigException listing every problem found
   */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env) {
    return load(file, env, Path.of("").toAbsolutePath());
  }

  /** As {@link #load(Optional, Map)}, with relative paths from the environment resolved against {@code workingDir}. */
  public static WorkerConfig load(Optional<Path> file, Map<String, String> env, Path workingDir) {
    ConfigSources sources = new ConfigSources(file.map(f -> f.getFileName().toString()).orElse(null),
        workingDir.toAbsolutePath());
    file.ifPresent(sources::readFile);
    sources.readEnvironment(env);
    ConfigRules.check(sources, env, MAPPER::valueToTree);
    if (!sources.problems.isEmpty()) {
      throw new ConfigException(sources.problems);
    }
    return bind(sources, WorkerConfig.class, "");
  }

  /** A section of the example's defaults, checked and bound: for the records' convenience constructors. */
  static <T> T defaults(String section, Class<T> type) {
    ConfigSources sources = new ConfigSources(null, Path.of("").toAbsolutePath());
    ConfigRules.values(sources, MAPPER::valueToTree);
    return bind(sources, type, section + ".");
  }

  /** Binds the keys under {@code prefix} to {@code type}: the dotted paths become the records' nesting. */
  private static <T> T bind(ConfigSources sources, Class<T> type, String prefix) {
    ObjectNode root = MAPPER.createObjectNode();
    sources.values.forEach((path, value) -> {
      if (path.startsWith(prefix)) {
        // The file keeps the scheduling keys beside the other engine keys; EngineSettings groups them.
        String[] parts = (SCHEDULING.contains(path) ? path.replace("engine.", "engine.scheduling.") : path)
            .substring(prefix.length()).split("\\.");
        ObjectNode parent = root;
        for (int i = 0; i < parts.length - 1; i++) {
          parent = parent.withObjectProperty(parts[i]);
        }
        parent.set(parts[parts.length - 1], value);
      }
    });
    if (prefix.isEmpty()) {
      root.withObjectProperty("kafka").set("properties", MAPPER.valueToTree(sources.properties));
    }
    try {
      return MAPPER.treeToValue(root, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("checked configuration does not bind (the records and "
          + ConfigSources.EXAMPLE + " disagree): " + e.getMessage(), e);
    }
  }

  /** The configuration as a tree, for dumps; callers mask secrets. */
  static JsonNode tree(Object settings) {
    return MAPPER.valueToTree(settings);
  }

  private static <T> StdSerializer<T> writer(Class<T> type, Function<T, String> format) {
    return new StdSerializer<>(type) {
      @Override
      public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        generator.writeString(format.apply(value));
      }
    };
  }

  private static <T> StdDeserializer<T> reader(Class<T> type, Function<String, T> parse) {
    return new StdDeserializer<>(type) {
      @Override
      public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        return parse.apply(parser.getValueAsString());
      }
    };
  }
}
