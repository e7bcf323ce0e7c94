package dev.latentq.worker.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * The configuration values of one source (the file or the environment), not yet parsed.
 *
 * @param scalars single values by key path
 * @param properties Kafka client properties by property name
 * @param models the models as written: a file's {@code models} node or {@code LATENTQ_MODELS}; null when unset
 */
record SourceValues(Map<String, RawValue> scalars, Map<String, RawValue> properties, ModelsValue models) {
  static final SourceValues NONE = new SourceValues(Map.of(), Map.of(), null);

  SourceValues {
    scalars = Map.copyOf(scalars);
    properties = Map.copyOf(properties);
  }

  /**
   * The {@code models} value as written: the file's node or the variable's text.
   *
   * @param node the file's {@code models} node; null when from the environment
   * @param text {@code LATENTQ_MODELS}; null when from the file
   * @param origin where it was set
   * @param baseDir what relative folders resolve against
   */
  record ModelsValue(JsonNode node, String text, Origin origin, Path baseDir) {
    static ModelsValue fromFile(JsonNode node, Origin origin, Path baseDir) {
      return new ModelsValue(node, null, origin, baseDir);
    }

    static ModelsValue fromEnvironment(RawValue raw) {
      return new ModelsValue(null, raw.text(), raw.origin(), raw.baseDir());
    }
  }
}
