package dev.latentq.worker.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

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
      .addModule(new JavaTimeModule()).build();

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
    Map<String, Object> values = ConfigRules.check(sources, env);
    if (!sources.problems.isEmpty()) {
      throw new ConfigException(sources.problems);
    }
    // The dotted paths become the records' nesting (EngineSettings unwraps its scheduling keys).
    ObjectNode root = MAPPER.createObjectNode();
    values.forEach((path, value) -> {
      int dot = path.lastIndexOf('.');
      (dot < 0 ? root : root.withObject("/" + path.substring(0, dot).replace('.', '/')))
          .set(path.substring(dot + 1), MAPPER.valueToTree(value));
    });
    try {
      return MAPPER.treeToValue(root, WorkerConfig.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the checked configuration does not bind: the records and "
          + ConfigSources.EXAMPLE + " disagree (" + e.getOriginalMessage() + ")", e);
    }
  }
}
