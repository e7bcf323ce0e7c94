package dev.latentq.worker.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the {@code LATENTQ_*} environment variables into raw values: the generic {@code LATENTQ_<KEY_PATH>} names,
 * their short aliases, {@code LATENTQ_MODELS} and {@code LATENTQ_KAFKA_PROPERTY_<NAME>}. Blank variables count as
 * unset (deployment templates often pass empty ones). Unknown {@code LATENTQ_*} variables are problems, because a
 * mistyped override silently ignored is worse than a refused start. Stateless.
 */
final class EnvironmentReader {

  private EnvironmentReader() {}

  static SourceValues read(Map<String, String> env, Path workingDir, Problems problems) {
    Map<String, RawValue> scalars = new HashMap<>();
    Map<String, RawValue> properties = new HashMap<>();
    SourceValues.ModelsValue models = null;
    // Sorted so that messages, and which of two conflicting variables is named first, do not depend on map order.
    for (Map.Entry<String, String> variable : new TreeMap<>(env).entrySet()) {
      String name = variable.getKey();
      String text = variable.getValue();
      if (!name.startsWith(ConfigKey.ENV_PREFIX) || isNonConfig(name) || text == null || text.isBlank()) {
        continue;
      }
      RawValue raw = new RawValue(text, Origin.environment(name), workingDir);
      ConfigKey<?> key = ConfigKeys.byEnv(name);
      if (key != null) {
        RawValue earlier = scalars.put(key.path(), raw);
        if (earlier != null && !earlier.text().equals(text)) {
          problems.add(earlier.origin().name() + " and " + name + " both set " + key.path()
              + " but differ: keep only one of them");
        }
      } else if (name.equals(ConfigKeys.MODELS_ENV)) {
        models = SourceValues.ModelsValue.fromEnvironment(raw);
      } else if (name.startsWith(ConfigKeys.KAFKA_PROPERTY_ENV_PREFIX)
          && name.length() > ConfigKeys.KAFKA_PROPERTY_ENV_PREFIX.length()) {
        properties.put(propertyName(name), raw);
      } else {
        problems.add(unknown(name));
      }
    }
    return new SourceValues(scalars, properties, models);
  }

  /** {@code LATENTQ_KAFKA_PROPERTY_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
  static String propertyName(String variable) {
    return variable.substring(ConfigKeys.KAFKA_PROPERTY_ENV_PREFIX.length()).replace('_', '.')
        .toLowerCase(Locale.ROOT);
  }

  private static boolean isNonConfig(String name) {
    return ConfigKeys.NON_CONFIG_ENV.contains(name) || name.startsWith(ConfigKeys.NON_CONFIG_ENV_PREFIX);
  }

  private static String unknown(String name) {
    String hint;
    if (name.startsWith("LATENTQ_KAFKA_PROPERTIES_") || name.equals(ConfigKeys.KAFKA_PROPERTY_ENV_PREFIX)) {
      hint = "; Kafka client properties are set as LATENTQ_KAFKA_PROPERTY_<NAME>, e.g. "
          + "LATENTQ_KAFKA_PROPERTY_SECURITY_PROTOCOL";
    } else {
      hint = Suggestions.didYouMean(Suggestions.closest(name, ConfigKeys.allEnvNames(), '_'));
    }
    return "unknown environment variable " + name + ": it sets no configuration key" + hint
        + " (rename or unset it; every key is LATENTQ_ + its path in upper snake case, e.g. engine.maxQueuedJobs"
        + " -> LATENTQ_ENGINE_MAX_QUEUED_JOBS)";
  }
}
